// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { Customer } from '@/utils/kustomer/customer';
import type { KustomerApi } from '@/utils/kustomer/client';
import { fail, ok, type KustomerError, type Result } from '@/utils/kustomer/errors';
import type { OutboxEntry } from '@/utils/outbox/entries';
import { alreadyApplied } from '@/utils/kustomer/apply';
import { createDelivery } from '@/utils/outbox/delivery';

const ID = '64b7f0c2a1d3e4f5a6b7c801';
const customer = (attributes: Record<string, unknown>): Customer => ({
  id: ID,
  rev: attributes.rev as number,
  name: attributes.name as string,
  displayName: undefined,
  emails: [],
  phones: [],
  tags: (attributes.tags as string[]) ?? [],
  attributes,
});
const http = (status: number, extra: Partial<KustomerError> = {}): Result<Customer> => fail({ kind: 'http', status, message: `${status}: …`, ...extra });

function setup(answers: Result<Customer>[], server = customer({ name: 'Ada', rev: 12, tags: [] }), log: string[] = []) {
  const entries = new Map<string, OutboxEntry>();
  const updates: unknown[] = [];
  const api = {
    org: 'acme',
    budget: { lowUntil: () => undefined, below: () => false, resetAt: () => undefined },
    updateCustomer: vi.fn(async (_id: string, changes: unknown) => {
      log.push('sent');
      updates.push(changes);
      return answers.shift() ?? ok(server);
    }),
    getCustomer: vi.fn(async () => ok(server)),
  } as unknown as KustomerApi;
  let clock = 1_700_000_000_000;
  /** The credential there is: the org saves are made in, and whether the agent is signed out. */
  const access = { org: 'acme', signedOut: false };
  const schedule = vi.fn();
  const delivered = vi.fn(async () => {});
  const counts: number[] = [];
  const delivery = createDelivery({
    store: {
      put: async (e) => void (log.push(`written ${e.state}`), entries.set(e.customerId, structuredClone(e))),
      get: async (id) => entries.get(id),
      list: async () => [...entries.values()],
      remove: async (id) => void (log.push('removed'), entries.delete(id)),
    },
    api: async () => (access.signedOut ? fail({ kind: 'signed-out', message: `Sign in to ${access.org} in Settings: your saves wait until then.` }) : ok(Object.assign(api, { org: access.org }))),
    org: async () => access.org,
    schedule,
    changed: (list) => counts.push(list.length),
    delivered,
    now: () => clock,
  });
  return { delivery, entries, updates, schedule, delivered, counts, access, tick: (ms: number) => (clock += ms) };
}

describe('outbox', () => {
  it('sends a save, and once Kustomer has it, keeps nothing', async () => {
    const t = setup([ok(customer({ name: 'Ada K.', rev: 13 }))]);
    const result = await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada');
    expect(result.ok).toBe(true); // answered at once; the entry goes right after
    await vi.waitFor(() => expect(t.entries.size).toBe(0));
    expect(t.delivered).toHaveBeenCalledWith(ID, { name: 'Ada K.', rev: 12 });
    expect(t.counts.at(-1)).toBe(0);
  });

  it('writes a save down before it leaves, sets the alarm for a cut-off worker once it is on its way, and answers before tidying up', async () => {
    const order: string[] = [];
    const t = setup([ok(customer({ name: 'Ada K.', rev: 13 }))], undefined, order);
    t.schedule.mockImplementation((at: number) => order.push(`alarm +${at - 1_700_000_000_000}`));
    const result = await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada');
    order.push('answered');
    expect(result.ok).toBe(true);
    await vi.waitFor(() => expect(t.entries.size).toBe(0));
    expect(order).toEqual(['written sending', 'sent', 'alarm +21000', 'answered', 'removed']);
  });

  it.each([
    ['a 503', http(503)],
    ['a 500 (maybe applied)', http(500)],
    ['a 429', http(429, { retryAfterSeconds: 90 })],
    ['a dropped connection', fail({ kind: 'network', message: 'Could not reach …' }) as Result<Customer>],
    ['a timeout', fail({ kind: 'timeout', message: 'did not answer' }) as Result<Customer>],
    ['an answer that is not JSON', fail({ kind: 'invalid-response', message: 'not a customer' }) as Result<Customer>],
  ])('keeps the save after %s and retries it later, once', async (_what, failure) => {
    const t = setup([failure, ok(customer({ name: 'Ada K.', rev: 13 }))]);
    const result = await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada');
    expect(result).toMatchObject({ ok: false, error: { kind: 'queued', message: expect.stringMatching(/Kept in the outbox: the next try is at/) } });
    expect(t.entries.get(ID)).toMatchObject({ state: 'waiting', attempts: 1 });
    expect(t.counts.at(-1)).toBe(1);
    const at = t.entries.get(ID)!.nextAt;
    expect(t.schedule).toHaveBeenLastCalledWith(at);
    await t.delivery.deliverDue(); // too early: nothing sent
    expect(t.updates).toHaveLength(1);
    t.tick(at - 1_700_000_000_000 + 1);
    await t.delivery.deliverDue();
    expect(t.updates).toHaveLength(2);
    await vi.waitFor(() => expect(t.entries.size).toBe(0));
  });

  it('never applies twice: a replay refused as stale (409) counts as delivered when Kustomer holds the values', async () => {
    const applied = customer({ name: 'Ada K.', rev: 13, tags: ['vip'] });
    const t = setup([fail({ kind: 'network', message: 'dropped' }), http(409)], applied);
    await t.delivery.save(ID, { name: 'Ada K.', tags: ['vip'], rev: 12 }, 'Ada');
    t.tick(10 * 60_000);
    await t.delivery.deliverDue();
    expect(t.updates).toHaveLength(2);
    await vi.waitFor(() => expect(t.entries.size).toBe(0));
    expect(t.delivered).toHaveBeenCalledTimes(1);
  });

  it('a 409 whose values Kustomer does not hold stays refused, for the agent to re-apply', async () => {
    const t = setup([fail({ kind: 'network', message: 'dropped' }), http(409)], customer({ name: 'Someone else', rev: 14 }));
    await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada');
    t.tick(10 * 60_000);
    await t.delivery.deliverDue();
    expect(t.entries.get(ID)).toMatchObject({ state: 'failed' });
    expect(t.delivered).not.toHaveBeenCalled();
  });

  it('lets go of a refused save when dismissed, and the badge count follows at once; a save still being tried stays', async () => {
    const t = setup([fail({ kind: 'network', message: 'dropped' }), http(400)]);
    await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada');
    expect(t.entries.get(ID)).toMatchObject({ state: 'waiting' });
    expect(await t.delivery.dismissRefused(ID)).toHaveLength(1); // still being tried: kept
    t.tick(10 * 60_000);
    await t.delivery.deliverDue();
    expect(t.entries.get(ID)).toMatchObject({ state: 'failed' });
    expect(t.counts.at(-1)).toBe(1);
    expect(await t.delivery.dismissRefused(ID)).toEqual([]);
    expect(t.entries.size).toBe(0);
    expect(t.counts.at(-1)).toBe(0);
    expect(t.updates).toHaveLength(2); // never sent again
  });

  it('a first 409 whose values Kustomer already holds (the browser resent a dropped request) is a success', async () => {
    const t = setup([http(409)], customer({ name: 'Ada K.', rev: 13 }));
    expect((await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada')).ok).toBe(true);
    await vi.waitFor(() => expect(t.entries.size).toBe(0));
  });

  it.each([400, 401, 404, 409, 413])('never retries a %i, and keeps it as refused until the editor that shows why lets go of it', async (status) => {
    const t = setup([http(status)]);
    const result = await t.delivery.save(ID, { name: 'x', rev: 12 }, 'Ada');
    expect(result).toMatchObject({ ok: false, error: { status } });
    // Kept: the editor may be gone by now (the popup closed, the side panel moved on).
    expect(t.entries.get(ID)).toMatchObject({ state: 'failed', label: 'Ada', message: expect.stringMatching(new RegExp(`^${status}: `)) });
    await t.delivery.deliverDue();
    expect(t.updates).toHaveLength(1);
    expect(await t.delivery.dismissRefused(ID)).toEqual([]);
  });

  it('replays a save cut off mid-request (worker stopped, browser closed)', async () => {
    const t = setup([ok(customer({ name: 'Ada K.', rev: 13 }))]);
    t.entries.set(ID, { customerId: ID, changes: { name: 'Ada K.', rev: 12 }, label: 'Ada', createdAt: 0, attempts: 0, nextAt: 1_700_000_000_000, state: 'sending' });
    await t.delivery.deliverDue(); // just sent: maybe still on its way in another worker
    expect(t.updates).toHaveLength(0);
    t.tick(60_000);
    await t.delivery.deliverDue();
    await vi.waitFor(() => expect(t.entries.size).toBe(0));
  });
});

describe('alreadyApplied', () => {
  it('compares what a save sets with what Kustomer holds, custom attributes key by key', () => {
    const c = customer({ name: 'Ada', rev: 3, tags: ['a'], custom: { planStr: 'pro', seatsNum: 3 } });
    expect(alreadyApplied(c, { name: 'Ada', tags: ['a'], custom: { planStr: 'pro' }, rev: 2 })).toBe(true);
    expect(alreadyApplied(c, { custom: { planStr: 'free' } })).toBe(false);
    expect(alreadyApplied(c, { tags: ['a', 'b'] })).toBe(false);
  });
});

describe('alreadyApplied, with tags Kustomer gives as ids', () => {
  const c = (tags: string[]) => ({ id: '58210c3db0f09110006b7953', rev: 3, name: 'Ada', displayName: 'Ada', emails: [], phones: [], tags, attributes: { name: 'Ada', tags } }) as never;
  const vip = '4f1451fd9c6ce7fcedc23aae';
  const made = '8b569275feace46f4e96044f';
  it('takes a name sent as held when a tag of that name is, and an id sent when that id is', () => {
    expect(alreadyApplied(c([vip, made]), { tags: [vip, 'fault-check'] }, { [made]: 'fault-check', [vip]: 'vip' })).toBe(true);
    expect(alreadyApplied(c([vip]), { tags: [vip, 'fault-check'] }, { [vip]: 'vip' })).toBe(false);
    expect(alreadyApplied(c([vip, made]), { tags: [vip] }, { [made]: 'fault-check' })).toBe(false);
    expect(alreadyApplied(c([vip]), { tags: ['VIP'] }, { [vip]: 'vip' })).toBe(true);
  });
});

describe('entries written by the previous release', () => {
  it('are sent unchanged: tags as names, ids as ids', async () => {
    const t = setup([ok(customer({ name: 'Ada', rev: 13, tags: ['4f1451fd9c6ce7fcedc23aae', '3f17db14ef6b745a70f01e9a'] }))]);
    // Exactly the shape the last release stored (utils/outbox.ts at c5b358d).
    const stored: OutboxEntry = {
      customerId: ID,
      changes: { tags: ['4f1451fd9c6ce7fcedc23aae', 'beta-tester'], rev: 12 },
      label: 'Ada Lovelace',
      createdAt: 1_699_999_000_000,
      attempts: 1,
      nextAt: 1_699_999_990_000,
      state: 'waiting',
      message: 'Kept in the outbox: the next try is at 10:00, and your edits stay here too.',
    };
    t.entries.set(ID, stored);
    await t.delivery.deliverDue();
    expect(t.updates).toEqual([{ tags: ['4f1451fd9c6ce7fcedc23aae', 'beta-tester'], rev: 12 }]);
    await vi.waitFor(() => expect(t.entries.size).toBe(0));
  });
});

describe('outbox and sign-in', () => {
  const SIGNED_OUT = fail<Customer>({ kind: 'signed-out', message: 'Your Kustomer sign-in for acme has ended. Sign in to acme in Settings: your saves wait until then.' });

  it('keeps a save made while signed out, for its org, and sends it once signed in to that org', async () => {
    const t = setup([]);
    t.access.signedOut = true;
    const result = await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada');
    expect(result).toMatchObject({ ok: false, error: { kind: 'signed-out' } });
    expect(t.entries.get(ID)).toMatchObject({ state: 'signed-out', org: 'acme', message: 'Sign in to acme in Settings: your saves wait until then.' });
    await t.delivery.deliverDue();
    expect(t.updates).toEqual([]); // still signed out: not tried, no alarm for it
    expect(t.schedule).not.toHaveBeenCalled();
    t.access.signedOut = false;
    await t.delivery.deliverDue();
    expect(t.updates).toEqual([{ name: 'Ada K.', rev: 12 }]);
    await vi.waitFor(() => expect(t.entries.size).toBe(0));
  });

  it('keeps a save whose refresh was refused on the way (the session ended mid-save)', async () => {
    const t = setup([SIGNED_OUT]);
    const result = await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada');
    expect(result).toMatchObject({ ok: false, error: { kind: 'signed-out' } });
    expect(t.entries.get(ID)).toMatchObject({ state: 'signed-out', org: 'acme', changes: { name: 'Ada K.', rev: 12 } });
  });

  it('sends a save only with a credential for its org: kept "for org acme" while the extension works with another', async () => {
    const t = setup([]);
    t.access.signedOut = true;
    await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada');
    t.access.signedOut = false;
    t.access.org = 'globex';
    await t.delivery.deliverDue();
    expect(t.updates).toEqual([]);
    expect(t.entries.get(ID)).toMatchObject({ state: 'signed-out', org: 'acme' });
    t.access.org = 'acme';
    await t.delivery.deliverDue();
    expect(t.updates).toHaveLength(1);
  });

  it('says so when the save is for another org than the one now set', async () => {
    const t = setup([]);
    await t.delivery.save(ID, { name: 'Ada K.', rev: 12 }, 'Ada');
    await vi.waitFor(() => expect(t.entries.size).toBe(0));
    t.access.org = 'acme';
    const entries = t.entries;
    entries.set(ID, { customerId: ID, changes: { name: 'Ada L.', rev: 13 }, label: 'Ada', createdAt: 0, attempts: 1, nextAt: 0, state: 'waiting', org: 'globex' });
    await t.delivery.deliverDue();
    expect(t.updates).toHaveLength(1); // only the first save went
    expect(entries.get(ID)).toMatchObject({ state: 'signed-out', message: 'This save is for org globex, and the extension now works with acme. Kept in the outbox: it is sent when you sign in to globex again.' });
  });
});
