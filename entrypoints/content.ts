import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from '@/utils/extension-api';
import * as v from 'valibot';
import { pageContextFromUrl, type PageContext } from '@/utils/customer-page';
import { PageRequestSchema } from '@/utils/page-messages';
import { isExtensionPage } from '@/utils/sender';

export default defineContentScript({
  matches: ['https://*.kustomerapp.com/*'],
  main() {
    const self = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
    // Tells the extension's own pages what this tab shows; holds no secret.
    browser.runtime.onMessage.addListener(((message: unknown, sender: { id?: string; url?: string }, sendResponse: (r: PageContext) => void) => {
      if (!isExtensionPage(sender, self) || !v.is(PageRequestSchema, message)) return false;
      sendResponse(pageContextFromUrl(location.href));
      return false;
    }) as unknown as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  },
});
