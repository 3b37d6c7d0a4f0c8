/**
 * Delivering saves through the outbox: written down before they are sent, sent, and on a passing
 * failure retried later (alarms) until Kustomer has them, exactly once. Background only.
 */
import type { Customer } from '@/utils/kustomer/customer';
import { alreadyApplied } from '@/utils/kustomer/apply';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import type { KustomerApi } from '@/utils/kustomer/client';
import { fail, ok, type KustomerError, type Result } from '@/utils/kustomer/errors';
import type { OutboxEntry } from '@/utils/outbox/entries';
import { isTagId } from '@/utils/kustomer/tags';
import { clockTime } from '@/utils/time';

export interface OutboxStore {
  put(entry: OutboxEntry): Promise<void>;
  get(customerId: string): Promise<OutboxEntry | undefined>;
  list(): Promise<OutboxEntry[]>;
  remove(customerId: string): Promise<void>;
}

export interface DeliveryDeps {
  store: OutboxStore;
  api(): Promise<Result<KustomerApi>>;
  /** The org saves are made in now (the saved settings), written on each save. */
  org?(): Promise<string | undefined>;
  /** Wake up at this time to deliver what is due (an alarm). */
  schedule(at: number): void;
  /** The outbox changed (the toolbar badge shows its count). */
  changed(entries: OutboxEntry[]): void;
  /** A save reached Kustomer: the agent's draft of it is done. */
  delivered(customerId: string, changes: Partial<CustomerUpdate>): Promise<void>;
  /** The names of tag ids, as far as the org's tag list knows them (to compare a save's tags with Kustomer's). */
  tagNames?(api: KustomerApi, ids: string[]): Promise<Record<string, string>>;
  now?: () => number;
}

const BACKOFF_MS = [10_000, 30_000, 60_000, 120_000, 300_000, 900_000];
/** A `sending` entry older than this was cut off (worker stopped, browser closed). */
const STALE_SENDING_MS = 20_000;

/** Failures after which Kustomer may have the save or may not, and trying again later is right. */
function isPassing(error: KustomerError): boolean {
  if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'invalid-response') return true;
  return error.kind === 'http' && (error.status === 429 || (error.status ?? 0) >= 500);
}


export function createDelivery(deps: DeliveryDeps) {
  const now = deps.now ?? (() => Date.now());
  /** Customers whose save this worker is sending right now (never two at once for one customer). */
  const inFlight = new Set<string>();
  let running: Promise<void> | undefined;

  async function announce() {
    deps.changed(await deps.store.list());
  }

  async function attempt(entry: OutboxEntry, interactive: boolean): Promise<Result<Customer>> {
    inFlight.add(entry.customerId);
    try {
      return await attemptOnce(entry, interactive);
    } finally {
      inFlight.delete(entry.customerId);
    }
  }

  async function attemptOnce(entry: OutboxEntry, interactive: boolean): Promise<Result<Customer>> {
    const client = await deps.api();
    if (!client.ok && client.error.kind === 'signed-out') return waitForSignIn(entry, client.error);
    if (client.ok && entry.org && client.value.org !== entry.org) {
      return waitForSignIn(entry, { kind: 'signed-out', message: `This save is for org ${entry.org}, and the extension now works with ${client.value.org}. Kept in the outbox: it is sent when you sign in to ${entry.org} again.` });
    }
    if (!client.ok) return refused(entry, client.error);
    const api = client.value;
    const { customerId, changes } = entry;

    const lowUntil = api.budget.lowUntil(now());
    if (lowUntil !== undefined) {
      return wait(entry, lowUntil, `Your org's Kustomer API budget is nearly used up; the extension leaves the rest to others`);
    }

    // A first try from the editor is written down as `sending` already; a retry is marked so now.
    const first = interactive && entry.attempts === 0;
    if (!first) await deps.store.put({ ...entry, state: 'sending', nextAt: now() });
    const sent = api.updateCustomer(customerId, changes as CustomerUpdate); // on its way from here
    // Should this worker stop before the answer, an alarm comes back for the entry.
    if (first) deps.schedule(now() + STALE_SENDING_MS + 1000);
    let result = await sent;

    if (!result.ok && result.error.status === 409) {
      // A replay after an unknown outcome (ours, or the browser's own resend after a dropped
      // connection): Kustomer may have this very save already.
      const fresh = await api.getCustomer(customerId);
      const names = fresh.ok && changes.tags && deps.tagNames ? await deps.tagNames(api, [...fresh.value.tags, ...changes.tags].filter(isTagId)).catch(() => ({})) : {};
      if (fresh.ok && alreadyApplied(fresh.value, changes, names)) result = ok(fresh.value);
    }
    if (result.ok) {
      // Kustomer has it: answer at once and tidy up in a task of its own, once the answer is on
      // its way. Should the worker stop before the entry is gone, its replay is refused as stale
      // and found done: never applied twice.
      setTimeout(() => {
        void (async () => {
          await deps.store.remove(customerId);
          await deps.delivered(customerId, changes).catch(() => {});
          await announce();
        })().catch(() => {});
      });
      return result;
    }
    const { error } = result;
    if (error.kind === 'signed-out') return waitForSignIn(entry, error);
    if (isPassing(error)) {
      const retryAt = now() + (error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : BACKOFF_MS[Math.min(entry.attempts, BACKOFF_MS.length - 1)]!);
      return wait(entry, retryAt, error.message);
    }
    // Refused by Kustomer: never retried blindly. The edit stays the agent's draft.
    return refused(entry, error);
  }

  /**
   * Not to be sent as it is: kept as refused, in the pending list and on the toolbar badge, until
   * the agent has seen why. An editor still showing the customer lets go of it as it shows the
   * reason (outbox.dismiss); one closed, or moved to another customer, meanwhile leaves it there.
   */
  async function refused(entry: OutboxEntry, error: KustomerError): Promise<Result<Customer>> {
    await deps.store.put({ ...entry, state: 'failed', message: error.message, issues: error.issues });
    await announce();
    return fail(error);
  }

  /** Kept, not retried, until there is a credential for the save's org (deliverDue then sends it). */
  async function waitForSignIn(entry: OutboxEntry, error: KustomerError): Promise<Result<Customer>> {
    await deps.store.put({ ...entry, state: 'signed-out', message: error.message });
    await announce();
    return fail(error);
  }

  async function wait(entry: OutboxEntry, at: number, why: string): Promise<Result<Customer>> {
    const message = `${why.replace(/\.$/, '')}. Kept in the outbox: the next try is at ${clockTime(at)}, and your edits stay here too.`;
    await deps.store.put({ ...entry, state: 'waiting', attempts: entry.attempts + 1, nextAt: at, message });
    deps.schedule(at);
    await announce();
    return fail({ kind: 'queued', message, retryAfterSeconds: Math.max(0, Math.round((at - now()) / 1000)) });
  }

  return {
    /** A save from the editor: written down first, then sent. */
    async save(customerId: string, changes: Partial<CustomerUpdate>, label: string): Promise<Result<Customer>> {
      const org = await deps.org?.();
      const entry: OutboxEntry = { customerId, changes, label, createdAt: now(), attempts: 0, nextAt: now(), state: 'sending', ...(org && { org }) };
      await deps.store.put(entry);
      return attempt(entry, true);
    },

    /**
     * Sends what is due (an alarm, the worker or browser starting); schedules the next wake-up.
     * One run at a time: an alarm that wakes the worker also starts a run, and two would both send.
     */
    deliverDue(): Promise<void> {
      running ??= deliverDueNow().finally(() => (running = undefined));
      return running;
    },

    list: () => deps.store.list(),
    forget: async (customerId: string) => {
      await deps.store.remove(customerId);
      await announce();
    },
    /**
     * Lets go of a save Kustomer refused (the agent dismissed it, or discarded its draft): the entry
     * goes and the toolbar badge follows at once. A save still being tried stays. Returns what is left.
     */
    dismissRefused: async (customerId: string): Promise<OutboxEntry[]> => {
      const entry = await deps.store.get(customerId);
      if (entry?.state === 'failed') {
        await deps.store.remove(customerId);
        await announce();
      }
      return deps.store.list();
    },
  };

  async function deliverDueNow(): Promise<void> {
    /** The org there is a working credential for now, asked once per run and only if a save waits for one. */
    let usable: Promise<string | undefined> | undefined;
    const usableOrg = () => (usable ??= deps.api().then((client) => (client.ok ? client.value.org : undefined)));
    for (const entry of await deps.store.list()) {
      if (entry.state === 'failed' || inFlight.has(entry.customerId)) continue;
      if (entry.state === 'signed-out') {
        const org = await usableOrg();
        if (org && (!entry.org || entry.org === org)) await attempt({ ...entry, state: 'waiting' }, false);
        continue;
      }
      const cutOff = entry.state === 'sending' && now() - entry.nextAt > STALE_SENDING_MS;
      if (entry.state === 'waiting' && entry.nextAt <= now()) await attempt(entry, false);
      else if (cutOff) await attempt({ ...entry, attempts: entry.attempts + 1 }, false);
    }
    const next = (await deps.store.list()).filter((e) => e.state !== 'failed' && e.state !== 'signed-out').map((e) => (e.state === 'sending' ? e.nextAt + STALE_SENDING_MS : e.nextAt));
    if (next.length) deps.schedule(Math.min(...next));
    await announce();
  }
}

export type Delivery = ReturnType<typeof createDelivery>;
