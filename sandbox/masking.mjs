// Masked attributes (`settings.masked`): how responses give them, as Kustomer does with sensitive
// attributes a key may not read, and how a mask text sent back in a PATCH is recognised.

/** What a masked string reads as: `'****'` and its last 2 characters (`'****58'`). */
export const MASK_PREFIX = '****';

/** A masked path: a top-level attribute name, or `custom.` and a custom attribute's key. */
export const MASKED_PATH = /^(custom\.[A-Za-z0-9_]+|[A-Za-z_$][\w$]*)$/;

/**
 * A string as a response gives it when its attribute is masked.
 * @param {string} value
 * @returns {string}
 */
export function maskText(value) {
  return MASK_PREFIX + [...value].slice(-2).join('');
}

/**
 * A value with every string in it masked, except the `type` of list items and objects.
 * @param {unknown} value
 * @returns {unknown}
 */
function maskValue(value) {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, part]) => [key, key === 'type' ? part : maskValue(part)]));
  }
  return value;
}

/**
 * Where a masked path (`'phones'`, `'custom.ssnStr'`) is held: the object and the key in it.
 * @param {Record<string, any>} attributes
 * @param {string} path
 * @returns {{ holder: Record<string, any>, key: string } | undefined}
 */
function maskedSlot(attributes, path) {
  const dot = path.indexOf('.');
  const holder = dot < 0 ? attributes : path.slice(0, dot) === 'custom' ? attributes.custom : undefined;
  const key = dot < 0 ? path : path.slice(dot + 1);
  if (!holder || typeof holder !== 'object' || !Object.prototype.hasOwnProperty.call(holder, key)) return undefined;
  return { holder, key };
}

/**
 * Every string a masked value holds, `type` parts aside.
 * @param {unknown} value
 * @param {Set<string>} into
 */
function collectStrings(value, into) {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, part] of Object.entries(value)) if (key !== 'type') collectStrings(part, into);
  }
  return into;
}

/** @param {string} pointer a JSON pointer (`/phones/0/phone`) @returns {string[]} */
const pointerSegments = (pointer) =>
  pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));

/**
 * Masks, in place, the masked paths that a response's copy of the attributes holds.
 * @param {Record<string, any>} attributes
 * @param {string[]} masked
 */
export function maskAttributes(attributes, masked) {
  for (const path of masked) {
    const slot = maskedSlot(attributes, path);
    if (slot) slot.holder[slot.key] = maskValue(slot.holder[slot.key]);
  }
}

/**
 * The mask texts a response gives for the customer's masked attributes, by masked path.
 * @param {Record<string, any> | undefined} attributes the stored attributes (none: no customer)
 * @param {string[]} masked
 * @returns {Map<string, Set<string>>}
 */
export function maskTexts(attributes, masked) {
  /** @type {Map<string, Set<string>>} */
  const texts = new Map();
  if (!attributes) return texts;
  for (const path of masked) {
    const slot = maskedSlot(attributes, path);
    if (slot) texts.set(path, collectStrings(maskValue(slot.holder[slot.key]), new Set()));
  }
  return texts;
}

/**
 * Whether a schema error is only about a mask text sent back into its masked attribute
 * (`'****58'` as `phones/0/phone`): Kustomer stores such a value, so the sandbox does too.
 * @param {{ path: string }} error
 * @param {unknown} update
 * @param {Map<string, Set<string>>} texts
 */
export function isSentBackMask(error, update, texts) {
  if (texts.size === 0) return false;
  const segments = pointerSegments(error.path);
  /** @type {unknown} */
  let value = update;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) return false;
    value = /** @type {Record<string, unknown>} */ (value)[segment];
  }
  if (typeof value !== 'string') return false;
  const [top, next] = segments;
  return Boolean(
    (top !== undefined && texts.get(top)?.has(value)) ||
      (top === 'custom' && next !== undefined && texts.get(`custom.${next}`)?.has(value)),
  );
}
