import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { followActiveTab, listenForShow, reloadTab, type FollowedPage } from '@/utils/messaging/page-follow';
import { sendRequest } from '@/utils/messaging/send';
import { CustomerEditor } from '@/components/editor/CustomerEditor';
import type { RefusedAway } from '@/components/editor/useSave';
import { EditingAs } from '@/components/popup/EditingAs';
import { Notice } from '@/components/shared/Notice';
import { useLazy } from '@/components/shared/lazy';
import type { SettingsView } from '@/utils/messaging/send';

/**
 * The side panel (Chrome) or sidebar (Firefox): the editor beside the page, following the
 * customer the active tab of its window shows. It keeps the customer being edited while the agent
 * has the panel focused or an unsaved edit, and offers the page's new customer instead.
 */
export function SidePanel() {
  const [followed, setFollowed] = useState<FollowedPage | undefined>();
  /** The customer the editor is on (the one Save acts on), chosen by the page or by the agent. */
  const [shown, setShown] = useState<string | undefined>();
  /** The page's customer, when the panel kept another one. */
  const [offered, setOffered] = useState<{ id: string; name?: string } | undefined>();
  const unsaved = useRef(false);
  const shownRef = useRef<string | undefined>(undefined);
  shownRef.current = shown;
  const [settings, setSettings] = useState<SettingsView | undefined>();
  /** Saves Kustomer refused after the panel moved on from their customer (they stay in the outbox). */
  const [refusals, setRefusals] = useState<Parameters<RefusedAway>[0][]>([]);
  const [FinderView, loadFinder] = useLazy(() => import('@/components/popup/CustomerFinder').then((m) => m.CustomerFinder));

  function show(id: string | undefined) {
    unsaved.current = false;
    setOffered(undefined);
    setShown(id);
    setRefusals((all) => all.filter((r) => r.customerId !== id)); // its editor says why now
  }

  // The agent asked for a customer from the page's badge: shown, whatever the panel kept.
  useEffect(() => listenForShow(show), []);

  useEffect(() => {
    void sendRequest({ type: 'settings.get' }).then((reply) => reply.ok && setSettings(reply.value));
    return followActiveTab((page) => {
      setFollowed(page);
      const pageCustomer = 'state' in page ? page.state.customerId : undefined;
      if (pageCustomer === shownRef.current) return setOffered(undefined);
      // The agent is working in the panel, or has edits not saved: keep the customer, offer the page's.
      const keep = shownRef.current !== undefined && (unsaved.current || document.hasFocus());
      if (!keep) return show(pageCustomer);
      if (!pageCustomer) return setOffered(undefined);
      setOffered({ id: pageCustomer, name: 'state' in page ? page.state.labels?.[pageCustomer] : undefined });
      void sendRequest({ type: 'customer.get', customerId: pageCustomer }).then(
        (reply) => reply.ok && setOffered((o) => (o?.id === pageCustomer ? { id: pageCustomer, name: reply.value.name ?? o.name } : o)),
      );
    });
  }, []);

  const state = followed && 'state' in followed ? followed.state : undefined;
  // The same element while the customer stays: what the page tells of its links does not render the editor again.
  const editor = useMemo(
    () =>
      shown !== undefined && (
        <CustomerEditor
          key={shown}
          customerId={shown}
          onUnsaved={(is) => (unsaved.current = is)}
          onRefusedAway={(refusal) => setRefusals((all) => [...all.filter((r) => r.customerId !== refusal.customerId), refusal])}
        />
      ),
    [shown],
  );
  const finding = shown === undefined && followed !== undefined;
  useEffect(() => {
    if (finding) loadFinder();
  }, [finding]);

  return (
    <main class="panel">
      {refusals.map((r) => (
        <Notice key={r.customerId} tone="error">
          Not saved for {r.label}: {r.message}{' '}
          <button type="button" aria-label={`Open ${r.label}`} onClick={() => show(r.customerId)}>
            Open
          </button>
        </Notice>
      ))}
      {offered && (
        <Notice tone="info">
          The page now shows {offered.name ?? 'another customer'}:{' '}
          <button type="button" onClick={() => show(offered.id)}>
            Switch
          </button>
        </Notice>
      )}
      {followed && 'unreachable' in followed && followed.kustomer !== false && (
        <Notice tone="info">
          {followed.kustomer ? 'Reload this Kustomer tab so the panel can follow it.' : 'On a Kustomer tab opened before the extension was installed or updated, reload it so the panel can follow it.'}{' '}
          <button type="button" onClick={() => void reloadTab(followed.tabId)}>
            Reload
          </button>
        </Notice>
      )}
      {shown !== undefined ? (
        editor
      ) : followed === undefined ? (
        <Notice tone="info">Looking at the page…</Notice>
      ) : FinderView ? (
        <>
        <h1 class="panel-title">Find a customer</h1>
        <FinderView
          key={state?.customerIds.join() ?? ''}
          candidates={(state?.customerIds ?? []).slice(0, 25).map((id) => ({ id, label: state?.labels?.[id] ?? '' }))}
          note={state?.conversationId ? 'Finding the conversation’s customer…' : undefined}
          onOpen={(id) => show(id)}
        />
        </>
      ) : (
        <Notice tone="info">Loading search…</Notice>
      )}
      <EditingAs view={settings} />
    </main>
  );
}
