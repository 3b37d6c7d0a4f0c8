/**
 * What went wrong when talking to Kustomer, as a plain serialisable value that can cross
 * extension messaging, plus the agent-facing sentence for it.
 */
import type { FieldIssue } from '@/utils/kustomer/patch';

export type KustomerErrorKind =
  | 'http' // Kustomer answered with an error status
  | 'network' // the request never got an answer
  | 'timeout' // no answer within the time limit
  | 'invalid-response' // an answer that is not what Kustomer sends
  | 'no-key' // no API key saved yet
  | 'no-org' // no organization saved yet
  | 'invalid-request' // refused before sending: the body breaks Kustomer's schema
  | 'forbidden' // a message from a context that may not ask for this
  | 'queued' // not sent yet for a passing reason: kept in the outbox, retried later
  | 'signed-out'; // the agent's Kustomer sign-in ended (or never was): saves wait for signing in again

export interface KustomerError {
  kind: KustomerErrorKind;
  /** HTTP status when Kustomer answered. */
  status?: number;
  /** One sentence for the agent: what failed and, when known, what to do. */
  message: string;
  /** Kustomer's own words from `errors[]` (title/detail/message), when it gave any. */
  detail?: string;
  /** The response text as received (cut to a readable length). */
  raw?: string;
  /** Field-level problems, from our schema or from Kustomer's `errors[].source.pointer`. */
  issues?: FieldIssue[];
  /** Seconds Kustomer asked us to wait (429). */
  retryAfterSeconds?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: KustomerError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: KustomerError): Result<T> => ({ ok: false, error });

const RAW_LIMIT = 2000;

export function clipRaw(text: string): string {
  return text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}… (${text.length} characters)` : text;
}

/** Kustomer's error body, read loosely: `errors[]` per its OpenAPI document, or `message`/`detail`. */
export function parseKustomerErrorBody(text: string): { detail?: string; issues: FieldIssue[] } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { issues: [] };
  }
  if (!body || typeof body !== 'object') return { issues: [] };
  const record = body as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  const sentences: string[] = [];
  if (Array.isArray(record.errors)) {
    for (const entry of record.errors.slice(0, 20)) {
      if (!entry || typeof entry !== 'object') {
        if (typeof entry === 'string') sentences.push(entry);
        continue;
      }
      const e = entry as Record<string, unknown>;
      const words = [e.title, e.detail, e.message].filter(
        (w): w is string => typeof w === 'string' && w.trim() !== '',
      );
      const sentence = [...new Set(words)].join(': ');
      if (sentence) sentences.push(sentence);
      const source = e.source as Record<string, unknown> | undefined;
      const pointer = source && typeof source.pointer === 'string' ? source.pointer : undefined;
      const parameter = source && typeof source.parameter === 'string' && source.parameter !== '' ? source.parameter : undefined;
      if (pointer !== undefined && sentence) {
        issues.push({ path: pointerToPath(pointer), message: sentence });
      } else if (parameter !== undefined && sentence) {
        // `badparam`: the parameter is a field, or a custom key when the detail points into `custom`.
        const inCustom = [e.detail, e.title].some((w) => typeof w === 'string' && w.includes('/properties/custom'));
        issues.push({ path: inCustom ? `custom.${parameter}` : parameter, message: sentence });
      }
    }
  }
  for (const key of ['message', 'detail', 'error'] as const) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') sentences.push(value);
  }
  const detail = [...new Set(sentences)].join('; ');
  return { detail: detail || undefined, issues };
}

/** `/emails/0/email` (JSON pointer) -> `emails.0.email` (our field path). */
export function pointerToPath(pointer: string): string {
  return pointer
    .replace(/^#?\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

export type KustomerOperation = 'read' | 'update' | 'lookup' | 'test' | 'tags';

interface HttpErrorContext {
  status: number;
  operation: KustomerOperation;
  org: string;
  customerId?: string;
  text: string;
  retryAfterSeconds?: number;
  /** The request went with a signed-in agent's token (after one refresh): a 401 is a missing role. */
  signedIn?: boolean;
}

/** Turns an error answer into the sentence an agent can act on. */
export function httpError({ status, operation, org, customerId, text, retryAfterSeconds, signedIn }: HttpErrorContext): KustomerError {
  const { detail, issues } = parseKustomerErrorBody(text);
  const said = detail ? ` Kustomer says: "${detail}".` : '';
  const role = operation === 'update' ? 'customer-update' : operation === 'tags' ? 'tag-read (org.permission.tag.read)' : 'customer-read';
  let message: string;
  switch (status) {
    case 400:
      message = `400: Kustomer refused the ${operation === 'update' ? 'update' : 'request'}.${said}`;
      break;
    case 401:
      message = signedIn
        ? `401: your Kustomer sign-in does not allow this: it lacks the ${role} role (your own role in ${org}, or a scope the app was not given).${said}`
        : /expired/i.test(detail ?? '')
        ? `401: the API key has expired. Make a new key in Kustomer and paste it in Settings.${said}`
        : `401: the key is invalid, expired, or lacks the ${role} role.${said}`;
      break;
    case 403:
      message = `403: the key is not allowed to do this (it lacks the ${role} role).${said}`;
      break;
    case 404:
      message =
        operation === 'lookup'
          ? '404: no customer matches.'
          : customerId
            ? `404: customer ${customerId} was not found in org "${org}", or the key cannot see it.${said}`
            : `404: not found in org "${org}".${said}`;
      break;
    case 409:
      message = `409: the customer changed in Kustomer since it was loaded. Reload it and apply your edit again.${said}`;
      break;
    case 413:
      message = `413: the update is larger than Kustomer accepts (100 kB).${said}`;
      break;
    case 429:
      message =
        retryAfterSeconds !== undefined
          ? `429: the org's API rate limit is reached. Try again in ${Math.ceil(retryAfterSeconds)} s.`
          : `429: the org's API rate limit is reached. Try again in a minute.`;
      break;
    default:
      message =
        status >= 500
          ? `${status}: Kustomer had a server error.${said}`
          : `${status}: Kustomer refused the request.${said}`;
  }
  return {
    kind: 'http',
    status,
    message,
    detail,
    raw: clipRaw(text),
    issues: issues.length ? issues : undefined,
    retryAfterSeconds,
  };
}
