import { useEffect, useState } from 'preact/hooks';
import { isCustomerId } from '@/utils/customer';
import { activeTabCustomer } from '@/utils/page-messages';
import { CustomerEditor } from './CustomerEditor';
import { Notice } from './Notice';

/** The toolbar popup: the editor for `?customer=`, else for the customer in the active tab. */
export function Popup({ customerParam }: { customerParam: string | null }) {
  const [fromTab, setFromTab] = useState<{ done: boolean; customerId?: string }>({ done: customerParam !== null });

  useEffect(() => {
    if (customerParam !== null) return;
    void activeTabCustomer().then((customerId) => setFromTab({ done: true, customerId }));
  }, [customerParam]);

  if (customerParam === null) {
    if (!fromTab.done) return <main class="popup"><Notice tone="info">Looking for a customer on this page…</Notice></main>;
    if (fromTab.customerId) {
      return (
        <main class="popup">
          <CustomerEditor customerId={fromTab.customerId} />
        </main>
      );
    }
    return (
      <main class="popup">
        <Notice tone="info">No customer on this page. Open a customer in Kustomer (…/app/customers/…), then this popup again.</Notice>
      </main>
    );
  }
  const customerId = customerParam.trim().toLowerCase();
  if (!isCustomerId(customerId)) {
    return (
      <main class="popup">
        <Notice tone="error">"{customerParam}" is not a Kustomer customer id: ids are 24 hex characters.</Notice>
      </main>
    );
  }
  return (
    <main class="popup">
      <CustomerEditor customerId={customerId} />
    </main>
  );
}
