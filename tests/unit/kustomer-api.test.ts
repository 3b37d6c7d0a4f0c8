// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { createKustomerApi } from '@/utils/kustomer/client';
import { retryAfterSeconds } from '@/utils/kustomer/retry-after';
import { createRateBudget } from '@/utils/kustomer/rate-budget';

const ID = '58210c3db0f09110006b7953';
const customerDocument = (tags: string[] = ['vip'], rev = 3) => ({
  data: { type: 'customer', id: ID, attributes: { name: 'Ada Lovelace', tags, rev, emails: [{ email: 'ada@example.com', type: 'work' }] } },
});

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function fakeFetch(...answers: Answer[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    const text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status, headers: answer.headers });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

function api(fetch: typeof globalThis.fetch, extra: Record<string, unknown> = {}) {
  const sleeps: number[] = [];
  const client = createKustomerApi({
    org: 'acme',
    apiKey: 'secret-key',
    fetch,
    sleep: async (ms) => void sleeps.push(ms),
    now: () => 1_700_000_000_000,
    ...extra,
  });
  return { client, sleeps };
}

describe('Kustomer client', () => {
  it('GETs a customer from the org host with the Bearer key and parses it', async () => {
    const { fetch, calls } = fakeFetch({ status: 200, body: customerDocument() });
    const result = await api(fetch).client.getCustomer(ID);
    expect(result).toMatchObject({ ok: true, value: { id: ID, name: 'Ada Lovelace', tags: ['vip'], rev: 3 } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`https://acme.api.kustomerapp.com/v1/customers/${ID}`);
    expect(calls[0]!.init.method).toBe('GET');
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer secret-key');
  });

  it('PATCHes exactly the changes given, as JSON', async () => {
    const { fetch, calls } = fakeFetch({ status: 200, body: customerDocument(['vip', 'new']) });
    const result = await api(fetch).client.updateCustomer(ID, { tags: ['vip', 'new'] });
    expect(result.ok).toBe(true);
    expect(calls[0]!.init.method).toBe('PATCH');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ tags: ['vip', 'new'] });
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('URL-encodes lookups and turns 404 into no match', async () => {
    const { fetch, calls } = fakeFetch({ status: 404, body: { errors: [{ status: 404, title: 'Not Found' }] } });
    const result = await api(fetch).client.findCustomers('email', 'a+b@example.com');
    expect(result).toEqual({ ok: true, value: [] });
    expect(calls[0]!.url).toBe('https://acme.api.kustomerapp.com/v1/customers/email=a%2Bb%40example.com');
  });

  it('reads the customer of a conversation', async () => {
    const { fetch } = fakeFetch({
      status: 200,
      body: { data: { type: 'conversation', id: 'c'.repeat(24), relationships: { customer: { data: { type: 'customer', id: ID } } } } },
    });
    expect(await api(fetch).client.getConversationCustomerId('c'.repeat(24))).toEqual({ ok: true, value: ID });
  });

  it('explains a 401 with the role the call needs and keeps the raw text', async () => {
    const body = { errors: [{ status: 401, code: 'unauthorized', title: 'Unauthorized' }] };
    const { fetch, calls } = fakeFetch({ status: 401, body });
    const result = await api(fetch).client.updateCustomer(ID, { tags: ['x'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'http', status: 401, detail: 'Unauthorized', raw: JSON.stringify(body) });
    expect(result.error.message).toMatch(/^401: the key is invalid, expired, or lacks the customer-update role/);
    expect(calls).toHaveLength(1); // 4xx is never retried
  });

  it('says an expired key has expired', async () => {
    const { fetch } = fakeFetch({ status: 401, body: { errors: [{ status: 401, title: 'Expired token' }] } });
    const result = await api(fetch).client.getCustomer(ID);
    expect(!result.ok && result.error.message).toMatch(/^401: the API key has expired/);
  });

  it('maps 400 errors with source pointers to fields', async () => {
    const { fetch } = fakeFetch({
      status: 400,
      body: { errors: [{ status: 400, title: 'Invalid parameter', detail: 'must match pattern', source: { pointer: '/tags/1' } }] },
    });
    const result = await api(fetch).client.updateCustomer(ID, { tags: ['a', 'b'] });
    expect(!result.ok && result.error.issues).toEqual([{ path: 'tags.1', message: 'Invalid parameter: must match pattern' }]);
  });

  it('never retries 404, 409 or 413', async () => {
    for (const status of [404, 409, 413]) {
      const { fetch, calls } = fakeFetch({ status, body: '' }, { status: 200, body: customerDocument() });
      const result = await api(fetch).client.updateCustomer(ID, { tags: [] });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.status).toBe(status);
      expect(calls).toHaveLength(1);
    }
  });

  it('retries 429 after the reset the server gives, then succeeds', async () => {
    const { fetch, calls } = fakeFetch(
      { status: 429, headers: { 'x-ratelimit-reset': '2' } },
      { status: 200, body: customerDocument() },
    );
    const { client, sleeps } = api(fetch);
    expect((await client.getCustomer(ID)).ok).toBe(true);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('retries a GET after 5xx a bounded number of times with growing backoff, then explains', async () => {
    const { fetch, calls } = fakeFetch({ status: 503 }, { status: 502 }, { status: 500, body: 'oops' }, { status: 200 });
    const { client, sleeps } = api(fetch);
    const result = await client.getCustomer(ID);
    expect(calls).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]!);
    expect(!result.ok && result.error).toMatchObject({ status: 500, raw: 'oops' });
    expect(!result.ok && result.error.message).toMatch(/^500: Kustomer had a server error/);
  });

  it('never repeats a PATCH Kustomer may have applied (500, 502, 504, 503 without Retry-After)', async () => {
    for (const status of [500, 502, 504, 503]) {
      const { fetch, calls } = fakeFetch({ status }, { status: 200, body: customerDocument() });
      const result = await api(fetch).client.updateCustomer(ID, { tags: ['x'] });
      expect(!result.ok && result.error.status).toBe(status);
      expect(calls).toHaveLength(1);
    }
  });

  it('repeats a PATCH Kustomer refused before handling (429, 503 with Retry-After)', async () => {
    const { fetch, calls } = fakeFetch(
      { status: 429, headers: { 'x-ratelimit-reset': '1' } },
      { status: 503, headers: { 'retry-after': '2' } },
      { status: 200, body: customerDocument(['x']) },
    );
    const { client, sleeps } = api(fetch);
    expect((await client.updateCustomer(ID, { tags: ['x'] })).ok).toBe(true);
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('gives up when the next wait would pass the call\'s deadline', async () => {
    const { fetch, calls } = fakeFetch({ status: 429, headers: { 'retry-after': '8' } }, { status: 200, body: customerDocument() });
    const result = await api(fetch, { deadlineMs: 15_000, timeoutMs: 10_000 }).client.getCustomer(ID);
    expect(calls).toHaveLength(1);
    expect(!result.ok && result.error.message).toContain('Try again in 8 s');
  });

  it('does not wait longer than allowed: reports the wait instead', async () => {
    const { fetch, calls } = fakeFetch({ status: 429, headers: { 'retry-after': '120' } });
    const result = await api(fetch).client.getCustomer(ID);
    expect(calls).toHaveLength(1);
    expect(!result.ok && result.error).toMatchObject({ status: 429, retryAfterSeconds: 120 });
    expect(!result.ok && result.error.message).toContain('Try again in 120 s');
  });

  it('reports an unreachable host and retries GETs but not PATCHes', async () => {
    const get = fakeFetch(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), new TypeError('Failed to fetch'));
    const read = await api(get.fetch).client.getCustomer(ID);
    expect(get.calls).toHaveLength(3);
    expect(!read.ok && read.error).toMatchObject({ kind: 'network' });
    expect(!read.ok && read.error.message).toContain('acme.api.kustomerapp.com');

    const patch = fakeFetch(new TypeError('Failed to fetch'));
    const write = await api(patch.fetch).client.updateCustomer(ID, { tags: [] });
    expect(patch.calls).toHaveLength(1);
    expect(!write.ok && write.error.kind).toBe('network');
    expect(!write.ok && write.error.message).toBe("The connection to acme.api.kustomerapp.com failed before Kustomer answered.");
  });

  it('explains a failure right after server errors as the browser holding requests back', async () => {
    const { fetch } = fakeFetch({ status: 503 }, new TypeError('Failed to fetch'));
    const budget = createRateBudget(); // what the background's clients share
    const result = await api(fetch, { maxRetries: 0, org: 'throttled', budget }).client.getCustomer(ID);
    expect(!result.ok && result.error.status).toBe(503);
    const next = await api(fetch, { maxRetries: 0, org: 'throttled', budget }).client.getCustomer(ID);
    expect(!next.ok && next.error.message).toMatch(/holds requests back for a few seconds\.$/);
  });

  it('times out a request that never answers', async () => {
    const fetch = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as unknown as typeof globalThis.fetch;
    const result = await api(fetch, { timeoutMs: 20, maxRetries: 0 }).client.updateCustomer(ID, { tags: [] });
    expect(!result.ok && result.error.kind).toBe('timeout');
    expect(!result.ok && result.error.message).toMatch(/did not answer within 0.02 s/);
  });

  it('refuses answers that are not customers (HTML error page, empty body)', async () => {
    for (const body of ['<html><body>Bad gateway</body></html>', '', '{"data":null}']) {
      const { fetch } = fakeFetch({ status: 200, body });
      const result = await api(fetch).client.getCustomer(ID);
      expect(!result.ok && result.error.kind).toBe('invalid-response');
      expect(!result.ok && result.error.raw).toBe(body);
    }
  });
});

describe('retryAfterSeconds', () => {
  const now = 1_700_000_000_000;
  it.each([
    [{ 'retry-after': '7' }, 7],
    [{ 'retry-after': new Date(now + 5000).toUTCString() }, 5],
    [{ 'x-ratelimit-reset': '30' }, 30],
    [{ 'x-ratelimit-reset': String(now / 1000 + 12) }, 12],
    [{}, undefined],
    [{ 'x-ratelimit-reset': 'soon' }, undefined],
  ])('%j -> %s', (headers, expected) => {
    expect(retryAfterSeconds(new Headers(headers as Record<string, string>), now)).toBe(expected);
  });
});
