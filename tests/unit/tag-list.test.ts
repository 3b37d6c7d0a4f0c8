// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createKustomerApi } from '@/utils/kustomer/client';
import { createTagDirectory, FULL_READ_EVERY_MS, type OrgTags, type OrgTagStore } from '@/utils/background/tag-list';

const hex = (n: number) => n.toString(16).padStart(24, '0');

/**
 * Kustomer's tag endpoints over a fake fetch: `count` live tags (`tag-1`…), 100 a page, and the
 * budget headers each answer carries (`remaining` counts down from `limit`).
 */
function kustomer({ count = 250, limit = 300, remaining = 300, tagRole = true, extra = {} as Record<string, string> } = {}) {
  const tags = Array.from({ length: count }, (_, i) => ({ id: hex(i + 1), name: `tag-${i + 1}` }));
  const calls: string[] = [];
  const state = { remaining };
  const fetch = (async (url: string) => {
    const { pathname, searchParams } = new URL(url);
    calls.push(pathname + (searchParams.size ? `?${searchParams}` : ''));
    const headers = { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(--state.remaining), 'content-type': 'application/json' };
    if (!tagRole) return new Response('{"errors":[{"status":401,"title":"Unauthorized"}]}', { status: 401, headers });
    if (pathname === '/v1/tags') {
      const page = Number(searchParams.get('page'));
      const slice = tags.slice((page - 1) * 100, page * 100);
      const next = page * 100 < tags.length ? `/v1/tags?page=${page + 1}` : null;
      return new Response(JSON.stringify({ data: slice.map((t) => ({ type: 'tag', id: t.id, attributes: { name: t.name } })), links: { next } }), { headers });
    }
    const id = pathname.split('/').at(-1)!;
    if (extra[id]) return new Response(JSON.stringify({ data: { type: 'tag', id, attributes: { name: extra[id], deleted: true } } }), { headers });
    return new Response('{"errors":[{"status":404}]}', { status: 404, headers });
  }) as unknown as typeof globalThis.fetch;
  return { api: createKustomerApi({ org: `org${Math.random().toString(36).slice(2)}`, apiKey: 'k', fetch, sleep: async () => {} }), calls, state };
}

function memory(): OrgTagStore & { records: Map<string, OrgTags> } {
  const records = new Map<string, OrgTags>();
  return { records, get: async (org) => structuredClone(records.get(org)), put: async (r) => void records.set(r.org, structuredClone(r)) };
}

describe('the org tag list', () => {
  it('reads every page once, then answers from what it kept for 24 hours', async () => {
    const { api, calls } = kustomer();
    let clock = 1_000_000;
    const store = memory();
    const tags = createTagDirectory({ store, now: () => clock });
    const first = await tags.list(api, 'fp', [hex(3)]);
    expect(first).toMatchObject({ ok: true, value: { state: 'ready', names: { [hex(3)]: { id: hex(3), name: 'tag-3' } } } });
    expect(first.ok && first.value.tags).toHaveLength(250);
    expect(calls).toEqual(['/v1/tags?deleted=false&page=1&pageSize=100', '/v1/tags?deleted=false&page=2&pageSize=100', '/v1/tags?deleted=false&page=3&pageSize=100']);
    clock += FULL_READ_EVERY_MS - 1;
    await tags.list(api, 'fp', [hex(3)]);
    expect(calls).toHaveLength(3); // kept
    clock += 1;
    await tags.list(api, 'fp');
    expect(calls).toHaveLength(6); // a day later: read again
    await tags.list(api, 'fp', [], true);
    expect(calls).toHaveLength(9); // "Refresh tags"
  });

  it('reads once for many at the same moment', async () => {
    const { api, calls } = kustomer();
    const tags = createTagDirectory({ store: memory() });
    await Promise.all([tags.list(api, 'fp'), tags.list(api, 'fp'), tags.list(api, 'fp')]);
    expect(calls).toHaveLength(3);
  });

  it('looks up ids the list does not know alone, at most 20 per customer, and keeps 404s', async () => {
    const { api, calls } = kustomer({ count: 5, extra: { [hex(900)]: 'old-campaign' } });
    const tags = createTagDirectory({ store: memory() });
    const unknown = Array.from({ length: 25 }, (_, i) => hex(1000 + i));
    const asked = [hex(1), hex(900), ...unknown];
    const first = await tags.list(api, 'fp', asked);
    if (!first.ok) throw new Error('no list');
    expect(first.value.names[hex(1)]).toEqual({ id: hex(1), name: 'tag-1' });
    expect(first.value.names[hex(900)]).toEqual({ id: hex(900), name: 'old-campaign', deleted: true });
    expect(first.value.names[hex(1000)]).toBeNull(); // Kustomer has no such tag
    const lookups = calls.filter((c) => /^\/v1\/tags\/[0-9a-f]{24}$/.test(c));
    expect(lookups).toHaveLength(20);
    expect(first.value.tags.map((t) => t.name)).not.toContain('old-campaign'); // deleted: not offered
    calls.length = 0;
    await tags.list(api, 'fp', asked);
    expect(calls).toEqual(unknown.slice(19).map((id) => `/v1/tags/${id}`)); // only what was not asked yet
  });

  it('remembers a credential without the tag-read role and asks no more with it', async () => {
    const { api, calls } = kustomer({ tagRole: false });
    const tags = createTagDirectory({ store: memory() });
    const first = await tags.list(api, 'fp-a', [hex(1)]);
    expect(first).toMatchObject({ ok: true, value: { state: 'denied', message: expect.stringContaining('org.permission.tag.read') } });
    expect(first.ok && first.value.message).not.toMatch(/invalid|expired/);
    expect(calls).toHaveLength(1);
    await tags.list(api, 'fp-a', [hex(1)]);
    await tags.list(api, 'fp-a', [], true);
    expect(calls).toHaveLength(1); // not asked again with that credential
    await tags.list(api, 'fp-b');
    expect(calls).toHaveLength(2); // another credential may have the role
  });

  it('pauses the list read while under 20 % of the org budget is left, keeps what it read, and goes on later', async () => {
    const { api, calls, state } = kustomer({ count: 500, limit: 100, remaining: 23 });
    const store = memory();
    const tags = createTagDirectory({ store });
    const paused = await tags.list(api, 'fp');
    expect(paused).toMatchObject({ ok: true, value: { state: 'paused', message: expect.stringContaining('paused') } });
    expect(calls).toHaveLength(4); // 22, 21, 20, then 19 left: under 20 of 100, the fifth page waits
    expect(paused.ok && paused.value.tags).toHaveLength(400);
    state.remaining = 100; // a new minute
    // The budget is as Kustomer last said: a customer read in between tells the client it recovered.
    await api.getTag(hex(1));
    calls.length = 0;
    const done = await tags.list(api, 'fp');
    expect(done).toMatchObject({ ok: true, value: { state: 'ready' } });
    expect(done.ok && done.value.tags).toHaveLength(500);
    expect(calls[0]).toBe('/v1/tags?deleted=false&page=5&pageSize=100'); // goes on where it stopped
  });

  it('keeps the form Kustomer takes tags in, and the form customers give them in, per org', async () => {
    const { api } = kustomer({ count: 1 });
    const tags = createTagDirectory({ store: memory() });
    await tags.setWriteForm(api.org, 'names');
    await tags.noteReadForm(api.org, 'ids');
    expect(await tags.list(api, 'fp')).toMatchObject({ ok: true, value: { writeForm: 'names', readForm: 'ids' } });
  });
});
