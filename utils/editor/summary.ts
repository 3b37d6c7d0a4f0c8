/** What a save changes, in the agent's words: one line per field, for the summary and the note after. */
import { deepEqual } from '@/utils/plain-data';
import { fieldLabel, LIST_SPECS, type ListField } from '@/utils/fields';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import type { Body } from '@/utils/editor/form';

/** An item by its main part (the address, the number), else its first filled-in part. */
function describeItem(field: string, item: unknown): string {
  const parts = LIST_SPECS[field as ListField]?.parts ?? [];
  const record = item && typeof item === 'object' ? (item as Body) : {};
  const ordered = [...parts.filter((p) => p.main), ...parts.filter((p) => !p.main)];
  const value = ordered.map((p) => record[p.key]).find((v) => typeof v === 'string' && v !== '');
  return typeof value === 'string' ? value : JSON.stringify(item);
}

const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value));

/** One line per changed field, for the summary before saving and the note after; `tagText` names a tag (an id by its name). */
export function describeChanges(before: Body, changes: Partial<CustomerUpdate>, tagText: (tag: string) => string = String): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'rev') continue;
    const label = fieldLabel(key);
    if (key === 'custom') {
      const b = (before.custom ?? {}) as Body;
      for (const [name, v] of Object.entries(value as Body)) lines.push(`${name}: ${shown(b[name])} → ${shown(v)}`);
    } else if (Array.isArray(value)) {
      const old = Array.isArray(before[key]) ? (before[key] as unknown[]) : [];
      const name = (item: unknown) => (key === 'tags' ? tagText(String(item)) : describeItem(key, item));
      const added = value.filter((item) => !old.some((o) => deepEqual(o, item))).map(name);
      const removed = old.filter((item) => !value.some((n) => deepEqual(n, item))).map(name);
      // The same item on both sides was edited (its type, its city…), not added and removed.
      const edited = added.filter((n) => removed.includes(n));
      const parts = [
        added.filter((n) => !edited.includes(n)).length ? `added ${added.filter((n) => !edited.includes(n)).join(', ')}` : '',
        removed.filter((n) => !edited.includes(n)).length ? `removed ${removed.filter((n) => !edited.includes(n)).join(', ')}` : '',
        edited.length ? `edited ${edited.join(', ')}` : '',
      ].filter(Boolean);
      lines.push(`${label}: ${parts.length ? parts.join('; ') : 'reordered'}`);
    } else {
      lines.push(`${label}: ${shown(before[key])} → ${shown(value)}`);
    }
  }
  return lines;
}
