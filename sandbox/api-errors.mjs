// Kustomer's error bodies: `{ errors: [{ status, code, title, detail, source }] }`.
import { STATUS_CODES } from 'node:http';

/**
 * One entry of Kustomer's error body.
 * @param {number} status
 * @param {string} code
 * @param {string} title
 * @param {string} detail
 * @param {Record<string, string>} [source]
 */
export function apiError(status, code, title, detail, source = {}) {
  return { status, code, title, detail, source };
}

/** @typedef {ReturnType<typeof apiError>} ApiError */

/** @param {ApiError[]} errors */
export const errorBody = (errors) => ({ errors });

/** A generic error body for a status (used by faults that give no body). @param {number} status */
export function defaultErrorBody(status) {
  const title = STATUS_CODES[status] ?? 'Error';
  const code = title.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return errorBody([apiError(status, code, title, `Sandbox fault: ${title}`)]);
}

/**
 * @param {string} type
 * @param {string} value
 * @param {string} [parameter]
 */
export function notFound(type, value, parameter = 'id') {
  return apiError(404, 'not_found', 'Not Found', `No ${type} with ${parameter} "${value}".`, { parameter });
}
