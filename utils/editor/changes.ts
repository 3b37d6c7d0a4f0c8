/** Which fields of a body changed: what a save sends. */
import { deepEqual } from '@/utils/plain-data';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import type { Body } from '@/utils/editor/form';

/**
 * What to send: each changed field (an array whole, custom attributes key by key, a removed one
 * as null); unchanged fields and masked ones never.
 */
export function changesBetween(before: Body, after: Body, masked: ReadonlySet<string> = new Set()): Partial<CustomerUpdate> {
  const changes: Body = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (masked.has(key) || after[key] === undefined) continue; // what cannot be cleared is left alone
    if (key === 'custom') {
      const b = (before.custom ?? {}) as Body;
      const a = (after.custom ?? {}) as Body;
      const custom: Body = {};
      for (const name of new Set([...Object.keys(b), ...Object.keys(a)])) {
        if (masked.has(`custom.${name}`)) continue;
        const next = name in a ? a[name] : null;
        if (!deepEqual(b[name] ?? null, next)) custom[name] = next;
      }
      if (Object.keys(custom).length) changes.custom = custom;
    } else if (!deepEqual(before[key] ?? null, after[key])) {
      // An empty list where there was none is no change.
      if (Array.isArray(after[key]) && (after[key] as unknown[]).length === 0 && before[key] === undefined) continue;
      changes[key] = after[key];
    }
  }
  return changes as Partial<CustomerUpdate>;
}
