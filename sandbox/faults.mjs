// Faults: answers the sandbox gives instead of Kustomer's (a status, a delay, a dropped
// connection), for the next API requests that match; added with `sandbox.addFault` or
// `POST /__sandbox/faults`.
import { defaultErrorBody } from './api-errors.mjs';
import { JSON_TYPE } from './http.mjs';

/**
 * @typedef {object} Fault
 * @property {string} [method] only requests with this method (any but OPTIONS when absent)
 * @property {string | RegExp} [path] a prefix of, or a pattern for, the URL path
 * @property {number} [times] how many requests it answers (default 1)
 * @property {number} [status] answer with this status instead of handling the request
 * @property {Record<string, string>} [headers] extra response headers
 * @property {string | object} [body] response body (objects are sent as JSON); a Kustomer
 *   error body for the status when absent
 * @property {number} [delayMs] wait this long first; alone, the request is then handled normally
 * @property {boolean | 'after'} [drop] destroy the connection without answering; `'after'`: handle
 *   the request first (a PATCH is applied), then drop the answer
 */

/** The faults waiting for requests, in the order they were added. */
export function createFaults() {
  /** @type {(Fault & { remaining: number })[]} */
  const active = [];
  return {
    /** @param {Fault} fault */
    add(fault) {
      active.push({ ...checkFault(fault), remaining: fault.times ?? 1 });
    },
    /**
     * The first fault for this request, counted as used once more (and gone when used up).
     * @param {string} method
     * @param {string} path
     */
    take(method, path) {
      const index = active.findIndex(
        (f) =>
          (f.method ? f.method.toUpperCase() === method : method !== 'OPTIONS') &&
          (f.path === undefined || (f.path instanceof RegExp ? f.path.test(path) : path.startsWith(f.path))),
      );
      const fault = active[index];
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) active.splice(index, 1);
      return fault;
    },
    /** How many faults are waiting. */
    count: () => active.length,
    /** The waiting faults as JSON can give them (a RegExp path as its source text). */
    list: () => active.map(({ path, ...rest }) => ({ ...rest, path: path instanceof RegExp ? String(path) : path })),
    clear: () => void (active.length = 0),
  };
}

/** @typedef {ReturnType<typeof createFaults>} Faults */

/**
 * The answer of a fault with a status.
 * @param {Fault} fault
 * @param {Record<string, string>} rateHeaders the org's rate-limit headers
 * @returns {import('./http.mjs').Reply}
 */
export function faultReply(fault, rateHeaders) {
  const status = /** @type {number} */ (fault.status);
  const body = fault.body ?? (status >= 400 ? defaultErrorBody(status) : undefined);
  return {
    status,
    headers: {
      ...rateHeaders,
      ...(body !== undefined && typeof body !== 'string' ? { 'content-type': JSON_TYPE } : {}),
      ...fault.headers,
    },
    body,
  };
}

/**
 * Checks a fault that a test or a control request passes in.
 * @param {unknown} input
 * @returns {Fault}
 */
function checkFault(input) {
  if (typeof input !== 'object' || input === null) throw new TypeError('A fault must be an object.');
  const fault = /** @type {Record<string, unknown>} */ (input);
  const known = ['method', 'path', 'times', 'status', 'headers', 'body', 'delayMs', 'drop'];
  const unknown = Object.keys(fault).filter((k) => !known.includes(k));
  if (unknown.length) throw new TypeError(`Unknown fault properties: ${unknown.join(', ')}.`);
  const { method, path, times, status, headers, body, delayMs, drop } = fault;
  if (method !== undefined && typeof method !== 'string') throw new TypeError('fault.method must be a string.');
  if (path !== undefined && typeof path !== 'string' && !(path instanceof RegExp)) {
    throw new TypeError('fault.path must be a string prefix or a RegExp.');
  }
  if (times !== undefined && !(Number.isInteger(times) && /** @type {number} */ (times) > 0)) {
    throw new TypeError('fault.times must be a positive integer.');
  }
  if (status !== undefined && !(Number.isInteger(status) && /** @type {number} */ (status) >= 200 && /** @type {number} */ (status) <= 599)) {
    throw new TypeError('fault.status must be an HTTP status from 200 to 599.');
  }
  if (headers !== undefined && (typeof headers !== 'object' || headers === null)) {
    throw new TypeError('fault.headers must be an object.');
  }
  if (delayMs !== undefined && !(typeof delayMs === 'number' && delayMs >= 0)) {
    throw new TypeError('fault.delayMs must be a number of milliseconds.');
  }
  if (drop !== undefined && typeof drop !== 'boolean' && drop !== 'after') throw new TypeError("fault.drop must be a boolean or 'after'.");
  if (status === undefined && delayMs === undefined && !drop) {
    throw new TypeError('A fault needs a status, a delayMs or drop.');
  }
  const lowercaseHeaders = headers
    ? Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]))
    : undefined;
  return /** @type {Fault} */ ({ ...fault, headers: lowercaseHeaders, body });
}
