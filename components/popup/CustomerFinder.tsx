import { useEffect, useState } from 'preact/hooks';
import { customerLabel, type Customer } from '@/utils/kustomer/customer';
import type { KustomerError } from '@/utils/kustomer/errors';
import { sendRequest } from '@/utils/messaging/send';
import type { OutboxEntry } from '@/utils/outbox/entries';
import { recentCustomers, type RecentCustomer } from '@/utils/storage/recent';
import { selectionTarget, type SelectionTarget } from '@/utils/detect/selection';
import { ErrorNotice } from '@/components/shared/ErrorNotice';
import { Notice } from '@/components/shared/Notice';

export interface Candidate {
  id: string;
  label: string;
}

type Search =
  | { state: 'idle' }
  | { state: 'searching' }
  | { state: 'found'; what: string; customers: Candidate[] }
  | { state: 'failed'; error: KustomerError };

const LOOKUP_NAMES = { email: 'email', phone: 'phone', externalId: 'external id' } as const;

/** How a save waiting in the outbox reads in the list. */
const PENDING_STATE: Record<OutboxEntry['state'], (org?: string) => string> = {
  sending: () => 'waiting',
  waiting: () => 'waiting',
  failed: () => 'not accepted',
  'signed-out': (org) => (org ? `waiting for sign-in to ${org}` : 'waiting for sign-in'),
};

/** Resolves what was typed or pointed at: an id opens at once; a lookup lists its matches, never guessing among several. */
async function resolve(target: SelectionTarget, open: (id: string) => void): Promise<Search> {
  if (target.kind === 'customer') return open(target.id), { state: 'idle' };
  if (target.kind === 'conversation') {
    const reply = await sendRequest({ type: 'conversation.customer', conversationId: target.id });
    if (!reply.ok) return { state: 'failed', error: reply.error };
    return open(reply.value), { state: 'idle' };
  }
  const reply = await sendRequest({ type: 'customer.lookup', by: target.kind, value: target.value });
  if (!reply.ok) return { state: 'failed', error: reply.error };
  const customers = reply.value.map((c: Customer) => ({ id: c.id, label: customerLabel(c) }));
  if (customers.length === 1) return open(customers[0]!.id), { state: 'idle' };
  return { state: 'found', what: `${LOOKUP_NAMES[target.kind]} ${target.value}`, customers };
}

function CustomerList({ title, customers, onOpen, onDismiss }: { title: string; customers: (Candidate & { dismiss?: boolean })[]; onOpen(id: string): void; onDismiss?(id: string): void }) {
  return (
    <section class="finder-list" aria-label={title}>
      <h2>{title}</h2>
      <ul>
        {customers.map((c) => (
          <li key={c.id} class={c.dismiss ? 'pick-row' : undefined}>
            <button type="button" class="pick" onClick={() => onOpen(c.id)}>
              <span class="pick-label">{c.label || c.id}</span>
              <span class="pick-id">{c.id}</span>
            </button>
            {c.dismiss && onDismiss && (
              <button type="button" class="link" aria-label={`Dismiss the refused save of ${c.label || c.id}`} onClick={() => onDismiss(c.id)}>
                Dismiss
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * When the popup has no single customer: the customers on the page to pick from, a search box
 * (id, Kustomer URL, email, phone or external id) and the customers opened lately.
 */
export function CustomerFinder({
  candidates = [],
  initial,
  note,
  onOpen,
}: {
  candidates?: Candidate[];
  /** What to look up at once (handed over by the menu or typed before). */
  initial?: { text?: string; target?: SelectionTarget };
  note?: string;
  onOpen(id: string): void;
}) {
  const [query, setQuery] = useState(initial?.text ?? '');
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const [recent, setRecent] = useState<RecentCustomer[]>([]);
  const [pending, setPending] = useState<OutboxEntry[]>([]);

  useEffect(() => {
    void recentCustomers().then(setRecent, () => setRecent([]));
    void sendRequest({ type: 'outbox.list' }).then((reply) => reply.ok && setPending(reply.value));
    if (initial?.target) {
      setSearch({ state: 'searching' });
      void resolve(initial.target, onOpen).then(setSearch);
    }
  }, []);

  /** A refused save let go of: gone from the list and the toolbar badge at once; its edits stay the customer's draft. */
  function dismiss(customerId: string) {
    setPending((list) => list.filter((e) => e.customerId !== customerId));
    void sendRequest({ type: 'outbox.dismiss', customerId }).then((reply) => {
      if (reply.ok) setPending(reply.value);
      else setSearch({ state: 'failed', error: reply.error });
    });
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    // What the input shows now (the state may not have caught up with a fast Enter).
    const typed = (event.currentTarget as HTMLFormElement).querySelector('input')?.value ?? query;
    const target = selectionTarget(typed);
    if (!target) {
      setSearch({
        state: 'failed',
        error: { kind: 'invalid-request', message: 'Type a customer id, a Kustomer link, an email, a phone number or an external id.' },
      });
      return;
    }
    setSearch({ state: 'searching' });
    setSearch(await resolve(target, onOpen));
  }

  return (
    <section class="finder">
      {note && <Notice tone="info">{note}</Notice>}
      {candidates.length > 0 && <CustomerList title="Customers on this page" customers={candidates} onOpen={onOpen} />}
      <form class="finder-search" onSubmit={onSubmit} role="search">
        <label class="field">
          <span class="field-label">Find customer</span>
          <input
            type="search"
            value={query}
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
            placeholder="Id, Kustomer link, email, phone or external id"
            autoComplete="off"
            spellcheck={false}
            autoFocus={candidates.length === 0}
          />
        </label>
        <button type="submit" class="primary">
          Find
        </button>
      </form>
      <div role="status" aria-live="polite">
        {search.state === 'searching' && <p class="notice notice-info">Looking it up in Kustomer…</p>}
        {search.state === 'found' && search.customers.length === 0 && <p class="notice notice-info">No customer matches {search.what}.</p>}
      </div>
      {search.state === 'found' && search.customers.length > 1 && (
        <CustomerList title={`${search.customers.length} customers match ${search.what}`} customers={search.customers} onOpen={onOpen} />
      )}
      {search.state === 'failed' && <ErrorNotice error={search.error} />}
      {pending.length > 0 && (
        <CustomerList
          title="Saves not sent yet"
          customers={pending.map((e) => ({ id: e.customerId, label: `${e.label}: ${PENDING_STATE[e.state](e.org)}`, dismiss: e.state === 'failed' }))}
          onOpen={onOpen}
          onDismiss={dismiss}
        />
      )}
      {recent.length > 0 && <CustomerList title="Recent customers" customers={recent} onOpen={onOpen} />}
    </section>
  );
}
