import { browser } from 'wxt/browser';
import * as v from 'valibot';
import { customerIdFromUrl } from '@/utils/customer-page';
import { fromExtensionPage, PageRequestSchema, type PageCustomer } from '@/utils/page-messages';

export default defineContentScript({
  matches: ['https://*.kustomerapp.com/*'],
  main() {
    // Tells the extension's own pages which customer this tab shows; holds no secret.
    browser.runtime.onMessage.addListener(((message: unknown, sender: { id?: string; url?: string }, sendResponse: (r: PageCustomer) => void) => {
      if (!fromExtensionPage(sender) || !v.is(PageRequestSchema, message)) return false;
      sendResponse({ customerId: customerIdFromUrl(location.href) });
      return false;
    }) as unknown as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  },
});
