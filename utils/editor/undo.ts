/** Undo of a save: the body that puts back what it replaced. */
import { NOT_NULLABLE } from '@/utils/fields';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import type { Body } from '@/utils/editor/form';

/** The body that puts back what `changes` replaced. */
export function undoChanges(before: Body, changes: Partial<CustomerUpdate>): Partial<CustomerUpdate> {
  const undo: Body = {};
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'rev') continue;
    if (key === 'custom') {
      const b = (before.custom ?? {}) as Body;
      undo.custom = Object.fromEntries(Object.keys(value as Body).map((name) => [name, b[name] ?? null]));
    } else if (before[key] !== undefined) undo[key] = before[key];
    else if (Array.isArray(value)) undo[key] = [];
    else if (!NOT_NULLABLE.has(key) && key !== 'sentiment') undo[key] = null;
  }
  return undo as Partial<CustomerUpdate>;
}
