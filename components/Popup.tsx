import { useEffect, useState } from 'preact/hooks';
import { isCustomerId } from '@/utils/customer';
import type { KustomerError } from '@/utils/kustomer-error';
import { sendRequest } from '@/utils/messages';
import { activeTabContext } from '@/utils/page-messages';
import { CustomerEditor } from './CustomerEditor';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';

type Target =
  | { state: 'looking' }
  | { state: 'found'; customerId: string }
  | { state: 'none'; known: boolean }
  | { state: 'failed'; error: KustomerError };

/** The customer the popup is for: `?customer=`, else the one the active tab shows. */
function useTarget(customerParam: string | null): Target {
  const [target, setTarget] = useState<Target>({ state: 'looking' });
  useEffect(() => {
    if (customerParam !== null) return;
    let current = true;
    void (async () => {
      const page = await activeTabContext();
      if (page.customerId) return { state: 'found', customerId: page.customerId } as const;
      if (page.conversationId) {
        const reply = await sendRequest({ type: 'conversation.customer', conversationId: page.conversationId });
        return reply.ok ? ({ state: 'found', customerId: reply.value } as const) : ({ state: 'failed', error: reply.error } as const);
      }
      return { state: 'none', known: page.known } as const;
    })().then((next) => current && setTarget(next));
    return () => {
      current = false;
    };
  }, [customerParam]);
  if (customerParam === null) return target;
  const id = customerParam.trim().toLowerCase();
  return isCustomerId(id)
    ? { state: 'found', customerId: id }
    : {
        state: 'failed',
        error: { kind: 'invalid-request', message: `"${customerParam}" is not a Kustomer customer id: ids are 24 hex characters.` },
      };
}

/** The toolbar popup. */
export function Popup({ customerParam }: { customerParam: string | null }) {
  const target = useTarget(customerParam);
  return (
    <main class="popup">
      {target.state === 'looking' && <Notice tone="info">Looking for a customer on this page…</Notice>}
      {target.state === 'found' && <CustomerEditor customerId={target.customerId} />}
      {target.state === 'failed' && <ErrorNotice error={target.error} />}
      {target.state === 'none' && (
        <Notice tone="info">
          {target.known
            ? 'No customer on this page. Open a customer or a conversation in Kustomer, then this popup again.'
            : 'No customer found here. On a Kustomer page opened before the extension was installed, reload the page.'}
        </Notice>
      )}
    </main>
  );
}
