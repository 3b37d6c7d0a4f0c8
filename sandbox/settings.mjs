// The switches for the points Kustomer leaves open (the form in which responses give `tags` and
// a PATCH's tags are taken, array semantics, stale rev), the rate limit and the masked
// attributes: `sandbox.settings`, or `PUT /__sandbox/settings`.
import { MASKED_PATH } from './masking.mjs';
import { defaultOAuthSettings, OAUTH_SETTING_RULES } from './oauth.mjs';

/**
 * @typedef {object} SandboxSettings
 * @property {'names'|'ids'} tagsReadAs how GET/PATCH responses give `tags`: as tag ids (Kustomer's
 *   reference, the default) or as tag names
 * @property {'both'|'ids'|'names'} tagsWrittenAs how a PATCH's `tags` are taken: `both` (default), a
 *   known tag id or else a name; `ids`, tag ids only (a name gets 400 `badparam`); `names`, every
 *   string a name (a 24-hex string becomes a new tag of that name)
 * @property {number} extraTags how many generated tags (`tag-00001`…) the org has besides its own
 * @property {'replace'|'merge'} arrays what an array in a PATCH does to the stored array
 * @property {boolean} conflictOnStaleRev a PATCH whose `rev` is not the current one gets 409
 * @property {number} rateLimit requests per minute per org
 * @property {string[]} masked attributes that GET and PATCH responses (and lookups) give masked, as
 *   Kustomer does with sensitive attributes a key may not read: top-level attribute names
 *   (`'phones'`, `'emails'`, `'name'`) or `'custom.<key>'` (`'custom.ssnStr'`). Each string of the
 *   value becomes `'****'` and its last 2 characters (`'+442079460958'` -> `'****58'`, see
 *   `maskText`); in lists and objects every string part is masked except `type`; numbers, booleans
 *   and null stay as they are. The store keeps the real values (`sandbox.customer(id)`). A PATCH
 *   that sends a mask text back into a masked attribute is accepted even where the schema's format
 *   would refuse it, and the mask text is stored as sent: what Kustomer would do, and so what the
 *   extension must never do. Default: none.
 * @property {import('./oauth.mjs').OAuthSettings} oauth the org's OAuth app and how sign-in goes
 *   (oauth.mjs); a `PUT /__sandbox/settings` with part of it changes only that part
 */

/** @returns {SandboxSettings} fresh defaults (`masked` is a new array each time) */
export function defaultSettings() {
  return {
    tagsReadAs: 'ids',
    tagsWrittenAs: 'both',
    extraTags: 0,
    arrays: 'replace',
    conflictOnStaleRev: true,
    rateLimit: 300,
    masked: [],
    oauth: defaultOAuthSettings(),
  };
}

/**
 * Checks settings that tests and control requests pass in.
 * @param {unknown} input
 * @returns {Partial<SandboxSettings>}
 */
export function checkSettings(input) {
  if (typeof input !== 'object' || input === null) throw new TypeError('Settings must be a JSON object.');
  /** @type {Record<string, (value: unknown) => boolean>} */
  const rules = {
    tagsReadAs: (v) => v === 'names' || v === 'ids',
    tagsWrittenAs: (v) => v === 'both' || v === 'ids' || v === 'names',
    extraTags: (v) => Number.isInteger(v) && /** @type {number} */ (v) >= 0 && /** @type {number} */ (v) <= 20_000,
    arrays: (v) => v === 'replace' || v === 'merge',
    conflictOnStaleRev: (v) => typeof v === 'boolean',
    rateLimit: (v) => Number.isInteger(v) && /** @type {number} */ (v) >= 0,
    masked: (v) => Array.isArray(v) && v.every((path) => typeof path === 'string' && MASKED_PATH.test(path)),
    oauth: (v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) &&
      Object.entries(v).every(([name, value]) => Object.hasOwn(OAUTH_SETTING_RULES, name) && OAUTH_SETTING_RULES[/** @type {keyof typeof OAUTH_SETTING_RULES} */ (name)](value)),
  };
  for (const [name, value] of Object.entries(input)) {
    const rule = rules[name];
    if (!rule) throw new TypeError(`Unknown setting "${name}".`);
    if (!rule(value)) throw new TypeError(`Invalid value for setting "${name}": ${JSON.stringify(value)}.`);
  }
  const checked = /** @type {Partial<SandboxSettings>} */ (input);
  return checked.masked ? { ...checked, masked: [...checked.masked] } : checked;
}
