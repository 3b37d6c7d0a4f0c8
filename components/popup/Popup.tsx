import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { isCustomerId } from '@/utils/kustomer/customer';
import type { EditorTarget } from '@/utils/storage/editor-target';
import { takeHandedTarget } from '@/utils/storage/handed-target';
import type { KustomerError } from '@/utils/kustomer/errors';
import { sendRequest } from '@/utils/messaging/send';
import { activeTabContext } from '@/utils/messaging/page-context';
import type { Candidate } from '@/components/popup/CustomerFinder';
import { CustomerEditor } from '@/components/editor/CustomerEditor';
import { ErrorNotice } from '@/components/shared/ErrorNotice';
import { Notice } from '@/components/shared/Notice';
import { useLazy } from '@/components/shared/lazy';
import { EditingAs } from '@/components/popup/EditingAs';
import type { SettingsView } from '@/utils/messaging/send';

type Target =
  | { state: 'looking' }
  | { state: 'found'; customerId: string }
  | { state: 'choose'; candidates?: Candidate[]; initial?: { text?: string; target?: EditorTarget['target'] }; note?: string }
  | { state: 'failed'; error: KustomerError };

const FROM = { link: 'the link', selection: 'the selection', page: 'this page', command: 'this page' } as const;

/** What the popup opens on: `?customer=`, else what the menu or shortcut handed over, else the active tab's customer. */
async function findTarget(): Promise<Target> {
  const asked = activeTabContext(); // asked meanwhile: most openings have no hand-over
  const handed = await takeHandedTarget().catch(() => undefined);
  if (handed) {
    const t = handed.target;
    if (t?.kind === 'customer') return { state: 'found', customerId: t.id };
    if (t?.kind !== 'conversation') {
      return t
        ? { state: 'choose', initial: { text: t.value, target: t } }
        : { state: 'choose', initial: { text: handed.text }, note: `Nothing in ${FROM[handed.source]} names a customer: search for one.` };
    }
  }
  const page = await asked;
  const conversationId = handed?.target?.kind === 'conversation' ? handed.target.id : page.customerId ? undefined : page.conversationId;
  if (!conversationId && page.customerId) return { state: 'found', customerId: page.customerId };
  if (conversationId) {
    const reply = await sendRequest({ type: 'conversation.customer', conversationId });
    return reply.ok ? { state: 'found', customerId: reply.value } : { state: 'failed', error: reply.error };
  }
  const candidates = (page.customerIds ?? []).slice(0, 25).map((id) => ({ id, label: page.labels?.[id] ?? '' }));
  return {
    state: 'choose',
    candidates,
    note:
      candidates.length > 0
        ? undefined
        : page.known
          ? 'No customer on this page.'
          : 'No customer found here (on a Kustomer page opened before the extension was installed, reload the page).',
  };
}

/** `?customer=` as a target, known at once (no extra frame before the editor starts loading). */
function targetOfParam(customerParam: string): Target {
  const id = customerParam.trim().toLowerCase();
  return isCustomerId(id)
    ? { state: 'found', customerId: id }
    : { state: 'failed', error: { kind: 'invalid-request', message: `"${customerParam}" is not a Kustomer customer id: ids are 24 hex characters.` } };
}

/** The toolbar popup. */
export function Popup({ customerParam }: { customerParam: string | null }) {
  const [target, setTarget] = useState<Target>(() => (customerParam === null ? { state: 'looking' } : targetOfParam(customerParam)));
  const [FinderView, loadFinder] = useLazy(() => import('@/components/popup/CustomerFinder').then((m) => m.CustomerFinder));

  // Asked as soon as the popup has rendered, not after its first paint (useEffect waits for the
  // next frame): the worker's wake-up, the tab's customer and the hand-over start a frame sooner.
  const [settings, setSettings] = useState<SettingsView | undefined>();
  useLayoutEffect(() => {
    // Who the edits are by. Asked first: a stopped worker wakes meanwhile (some 35–50 ms), and the
    // editor's first request then finds it running.
    void sendRequest({ type: 'settings.get' }).then((reply) => reply.ok && setSettings(reply.value));
    if (customerParam !== null) return;
    let current = true;
    void findTarget().then((next) => current && setTarget(next));
    return () => {
      current = false;
    };
  }, [customerParam]);

  // The search screen is a separate chunk: most openings land on a customer and never need it.
  useEffect(() => {
    if (target.state === 'choose') loadFinder();
  }, [target.state]);

  return (
    <main class="popup">
      {target.state === 'looking' && <Notice tone="info">Looking for a customer on this page…</Notice>}
      {target.state === 'found' && <CustomerEditor key={target.customerId} customerId={target.customerId} />}
      {target.state === 'failed' && <ErrorNotice error={target.error} />}
      {target.state === 'choose' &&
        (FinderView ? (
          <FinderView
            candidates={target.candidates}
            initial={target.initial}
            note={target.note}
            onOpen={(customerId) => setTarget({ state: 'found', customerId })}
          />
        ) : (
          <Notice tone="info">Loading search…</Notice>
        ))}
      <EditingAs view={settings} />
    </main>
  );
}
