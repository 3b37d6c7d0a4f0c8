/**
 * Saves that have not reached Kustomer yet. Every save is written here before it is sent (so a
 * service worker stopped mid-request, or a browser closed, loses nothing) and removed once
 * Kustomer has it. A save that failed for a passing reason waits here and is retried with
 * backoff; one that Kustomer refused stays as the agent's draft instead. Background only.
 */
import { transact } from '@/utils/storage/db';
import type { CustomerUpdate, FieldIssue } from '@/utils/kustomer/patch';

export interface OutboxEntry {
  /** One entry per customer: a newer save of the same customer replaces it (its draft holds both). */
  customerId: string;
  /** The PATCH body, with the `rev` it was made against. */
  changes: Partial<CustomerUpdate>;
  label: string;
  createdAt: number;
  attempts: number;
  /** When to try again (epoch ms). */
  nextAt: number;
  /**
   * `sending`: on its way (or cut off by a stopped worker); `waiting`: to retry; `failed`: Kustomer
   * refused it; `signed-out`: waiting for a credential for its org (the agent's sign-in ended, or
   * the extension now works with another org).
   */
  state: 'sending' | 'waiting' | 'failed' | 'signed-out';
  /** The org the save was made in: it is sent only with a credential for that org. */
  org?: string;
  /** The last problem, as the agent should read it. */
  message?: string;
  issues?: FieldIssue[];
}

export async function putOutboxEntry(entry: OutboxEntry): Promise<void> {
  await transact('outbox', 'readwrite', (store) => store.put(entry, entry.customerId));
}

export async function getOutboxEntry(customerId: string): Promise<OutboxEntry | undefined> {
  const value = await transact('outbox', 'readonly', (store) => store.get(customerId));
  return value && typeof value === 'object' ? value : undefined;
}

export async function listOutbox(): Promise<OutboxEntry[]> {
  const values = await transact('outbox', 'readonly', (store) => store.getAll());
  return Array.isArray(values) ? values : [];
}

export async function removeOutboxEntry(customerId: string): Promise<void> {
  await transact('outbox', 'readwrite', (store) => store.delete(customerId));
}
