/**
 * Kustomer's customer API, as the background uses it. Every call returns a `Result`:
 * never throws, never exposes the key.
 */
import { parseConversationCustomerId, parseCustomer, parseCustomerList, type Customer } from '@/utils/kustomer/customer';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import { parseCustomerMetadata, type CustomAttributeDefinition } from '@/utils/kustomer/metadata';
import { clipRaw, fail, httpError, ok, type KustomerOperation, type Result } from '@/utils/kustomer/errors';
import { parseTag, parseTagPage, type TagInfo } from '@/utils/kustomer/tags';
import { createRateBudget, type RateBudget } from '@/utils/kustomer/rate-budget';
import { retryAfterSeconds } from '@/utils/kustomer/retry-after';
import type { TokenSource } from '@/utils/kustomer/oauth';

export type CustomerLookup = 'email' | 'phone' | 'externalId';

export interface KustomerApiOptions {
  org: string;
  /** The org's API key; or, for a signed-in agent, `tokens`. */
  apiKey?: string;
  /** A signed-in agent's access tokens: a refused token is renewed once per call, then the call is tried again. */
  tokens?: TokenSource;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after a 429 or 5xx (a PATCH: only where Kustomer cannot have applied it). */
  maxRetries?: number;
  /** Longest time one call may take, retries and waits included. */
  deadlineMs?: number;
  /** Longest wait between attempts we accept; a longer `Retry-After` is reported, not waited. */
  maxRetryWaitMs?: number;
  /** What is known about the org's API budget; shared by the clients the background builds. */
  budget?: RateBudget;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_DEADLINE_MS = 20_000;
const DEFAULT_MAX_RETRY_WAIT_MS = 10_000;

export function kustomerApiBaseUrl(org: string): string {
  return `https://${org}.api.kustomerapp.com/v1`;
}

/**
 * Whether an error answer may be retried. A GET always may. A PATCH may only when Kustomer
 * cannot have applied it: a 429 (refused before handling), or a 503 that says when to come back.
 */
function isRetryable(method: RequestPlan['method'], status: number, headers: Headers): boolean {
  if (status === 429) return true;
  if (method === 'GET') return status >= 500;
  return status === 503 && headers.has('retry-after');
}

interface RequestPlan {
  method: 'GET' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  operation: KustomerOperation;
  customerId?: string;
}

export function createKustomerApi(options: KustomerApiOptions) {
  const {
    org,
    apiKey = '',
    tokens,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    maxRetries = DEFAULT_MAX_RETRIES,
    maxRetryWaitMs = DEFAULT_MAX_RETRY_WAIT_MS,
    deadlineMs = DEFAULT_DEADLINE_MS,
    fetch: doFetch = (input, init) => globalThis.fetch(input, init),
    sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    now = () => Date.now(),
    budget = createRateBudget(),
  } = options;
  const baseUrl = kustomerApiBaseUrl(org);
  const host = new URL(baseUrl).host;

  /** One request with retries; resolves to the response text of a 2xx answer. */
  async function request(plan: RequestPlan): Promise<Result<string>> {
    const deadline = now() + deadlineMs;
    /** Waits before another attempt when the wait and one more attempt fit before the deadline. */
    const mayWait = (waitMs: number) => waitMs <= maxRetryWaitMs && now() + waitMs + timeoutMs <= deadline;
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const bearer = tokens ? await tokens.token() : ok(apiKey);
      if (!bearer.ok) return bearer;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let response: Response;
      let text: string;
      try {
        response = await doFetch(baseUrl + plan.path, {
          method: plan.method,
          headers: {
            Authorization: `Bearer ${bearer.value}`,
            Accept: 'application/json',
            ...(plan.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: plan.body === undefined ? undefined : JSON.stringify(plan.body),
          signal: controller.signal,
          credentials: 'omit',
          cache: 'no-store',
        });
        text = await response.text();
      } catch {
        const timedOut = controller.signal.aborted;
        const afterServerErrors = budget.afterServerError(host, now());
        // A PATCH whose answer never came may have been applied: not ours to repeat here.
        if (plan.method === 'GET' && attempt < maxRetries && mayWait(backoffMs(attempt))) {
          await sleep(backoffMs(attempt));
          continue;
        }
        return fail(
          timedOut
            ? {
                kind: 'timeout',
                message: `Kustomer (${host}) did not answer within ${timeoutMs / 1000} s.`,
              }
            : {
                kind: 'network',
                message: afterServerErrors
                  ? `Could not reach ${host}: after Kustomer's server errors the browser holds requests back for a few seconds.`
                  : plan.method === 'PATCH'
                    ? `The connection to ${host} failed before Kustomer answered.`
                    : `Could not reach ${host}. Check the organization name in Settings and your connection.`,
              },
        );
      } finally {
        clearTimeout(timer);
      }
      budget.note(host, response.status, response.headers, now());
      if (response.ok) return ok(text);
      if (response.status === 401 && tokens && !renewed) {
        // The agent's token was refused: renewed once (the session may have ended), then tried again.
        renewed = true;
        const fresh = await tokens.renew(bearer.value);
        if (!fresh.ok) return fresh;
        attempt--;
        continue;
      }
      const waitSeconds = retryAfterSeconds(response.headers, now());
      if (isRetryable(plan.method, response.status, response.headers) && attempt < maxRetries) {
        const waitMs = waitSeconds === undefined ? backoffMs(attempt) : waitSeconds * 1000;
        if (mayWait(waitMs)) {
          await sleep(waitMs);
          continue;
        }
      }
      return fail(
        httpError({
          status: response.status,
          operation: plan.operation,
          org,
          customerId: plan.customerId,
          text,
          retryAfterSeconds: response.status === 429 ? waitSeconds : undefined,
          signedIn: tokens !== undefined,
        }),
      );
    }
  }

  function parsed<T>(result: Result<string>, parse: (document: unknown) => T | undefined, what: string): Result<T> {
    if (!result.ok) return result;
    let document: unknown;
    try {
      document = JSON.parse(result.value);
    } catch {
      document = undefined;
    }
    const value = document === undefined ? undefined : parse(document);
    if (value === undefined) {
      return fail({
        kind: 'invalid-response',
        message: `Kustomer's answer is not ${what}.`,
        raw: clipRaw(result.value),
      });
    }
    return ok(value);
  }

  const path = (s: string) => encodeURIComponent(s);

  return {
    org,
    /** The org's API budget as Kustomer last reported it: when it is nearly spent, when it resets. */
    budget: {
      lowUntil: (nowMs = now()) => budget.lowUntil(host, nowMs),
      below: (fraction: number, nowMs = now()) => budget.below(host, fraction, nowMs),
      resetAt: () => budget.resetAt(host),
    },
    getCustomer: async (customerId: string): Promise<Result<Customer>> =>
      parsed(
        await request({ method: 'GET', path: `/customers/${path(customerId)}`, operation: 'read', customerId }),
        parseCustomer,
        'a customer',
      ),

    /** Customers matching an email, phone or external id; none is an empty list, not an error. */
    findCustomers: async (by: CustomerLookup, value: string): Promise<Result<Customer[]>> => {
      const result = await request({ method: 'GET', path: `/customers/${by}=${path(value)}`, operation: 'lookup' });
      if (!result.ok && result.error.status === 404) return ok([]);
      return parsed(result, parseCustomerList, 'a list of customers');
    },

    getConversationCustomerId: async (conversationId: string): Promise<Result<string>> =>
      parsed(
        await request({ method: 'GET', path: `/conversations/${path(conversationId)}`, operation: 'read' }),
        parseConversationCustomerId,
        'a conversation with a customer',
      ),

    updateCustomer: async (customerId: string, changes: CustomerUpdate): Promise<Result<Customer>> =>
      parsed(
        await request({
          method: 'PATCH',
          path: `/customers/${path(customerId)}`,
          body: changes,
          operation: 'update',
          customerId,
        }),
        parseCustomer,
        'the updated customer',
      ),

    /** One page (from 1) of the org's live tags, 100 at a time. */
    listTags: async (page: number): Promise<Result<{ tags: TagInfo[]; next: boolean }>> =>
      parsed(
        await request({ method: 'GET', path: `/tags?deleted=false&page=${page}&pageSize=100`, operation: 'tags' }),
        parseTagPage,
        'a page of tags',
      ),

    /** One tag by id (a 404 when the org has none). */
    getTag: async (id: string): Promise<Result<TagInfo>> =>
      parsed(await request({ method: 'GET', path: `/tags/${path(id)}`, operation: 'tags' }), parseTag, 'a tag'),

    /** The org's custom attribute definitions (names, display names, enumerations). */
    getCustomerMetadata: async (): Promise<Result<CustomAttributeDefinition[]>> =>
      parsed(await request({ method: 'GET', path: '/metadata/customer', operation: 'read' }), parseCustomerMetadata, 'custom attribute definitions'),

    /**
     * One cheap call that needs only the customer-read role the extension needs anyway: a lookup
     * by an external id no customer has. 404 means the key was accepted.
     */
    /** Who the credential acts for: the signed-in agent (or a key's machine user). */
    getCurrentUser: async (): Promise<Result<{ name: string; email: string }>> =>
      parsed(await request({ method: 'GET', path: '/users/current', operation: 'test' }), readUser, 'a user'),

    /** Revokes the token in use (signing out); a token Kustomer no longer knows is revoked already. */
    revokeToken: async (): Promise<Result<void>> => {
      const result = await request({ method: 'DELETE', path: '/auth/tokens/current', operation: 'test' });
      return result.ok || result.error.status === 401 ? ok(undefined) : result;
    },

    testConnection: async (): Promise<Result<void>> => {
      const probe = `kustomer-customer-updater-connection-test-${Math.random().toString(36).slice(2)}`;
      const result = await request({ method: 'GET', path: `/customers/externalId=${path(probe)}`, operation: 'test' });
      return result.ok || result.error.status === 404 ? ok(undefined) : result;
    },
  };
}

export type KustomerApi = ReturnType<typeof createKustomerApi>;

/** `GET /v1/users/current`'s user: its name (display name when it has no name) and email. */
function readUser(document: unknown): { name: string; email: string } | undefined {
  const attributes = (document as { data?: { attributes?: Record<string, unknown> } } | null)?.data?.attributes;
  if (!attributes || typeof attributes !== 'object') return undefined;
  const name = [attributes.name, attributes.displayName].find((n): n is string => typeof n === 'string' && n.trim() !== '');
  if (!name) return undefined;
  return { name: name.slice(0, 200), email: typeof attributes.email === 'string' ? attributes.email.slice(0, 320) : '' };
}

function backoffMs(attempt: number): number {
  return 500 * 2 ** attempt * (0.75 + Math.random() * 0.5);
}
