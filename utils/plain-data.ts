/** Plain data (JSON as parsed, bodies, drafts): the one record check and the one deep equality. */

/** An object with keys: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep equality of plain data (bodies, drafts, list items, tag lists): the one comparison the
 * extension makes of them, so the editor, the outbox, the drafts and the update schema's duplicate
 * check never disagree.
 * - Key order does not matter, and a key holding `undefined` counts as absent (JSON drops it).
 * - Arrays are compared item by item: their lengths must agree, and an item `undefined` (or a
 *   hole) is an item, not nothing (JSON sends it as null). It equals another `undefined`, not null.
 * - An array never equals an object; NaN equals NaN.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && deepEqual(ra[k], rb[k]));
}

/**
 * `next`, with each part that deep-equals the same part of `prev` taken from `prev`: what did not
 * change keeps its identity, so what shows it need not render again (a customer adopted after a
 * save that touched one list).
 */
export function keepEqual<T>(prev: unknown, next: T): T {
  if (deepEqual(prev, next)) return prev as T;
  if (Array.isArray(next) && Array.isArray(prev)) return next.map((item: unknown, i) => keepEqual(prev[i], item)) as T;
  if (isRecord(next) && isRecord(prev)) return Object.fromEntries(Object.entries(next).map(([key, value]) => [key, keepEqual(prev[key], value)])) as T;
  return next;
}
