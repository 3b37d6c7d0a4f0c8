import { defineContentScript } from 'wxt/utils/define-content-script';
import { createCustomerBadge } from '@/components/page/badge';
import { watchShowBadge } from '@/components/page/badge-preference';
import { pageContextFromUrl } from '@/utils/detect/customer-page';
import { browser } from '@/utils/extension-api';
import { isPageContextRequest, type PageState } from '@/utils/messaging/page-context';
import { watchCustomerLinks } from '@/utils/detect/link-watcher';
import { isExtensionPage } from '@/utils/messaging/senders';

export default defineContentScript({
  matches: ['https://*.kustomerapp.com/*'],
  main(ctx) {
    const self = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
    const conversations = new Map<string, string>(); // conversation id -> its customer
    let page = pageContextFromUrl(location.href);
    let customerId: string | undefined;
    let showBadge = true;

    const badge = createCustomerBadge(document, (id) => void browser.runtime.sendMessage({ type: 'editor.open', customerId: id }));
    const links = watchCustomerLinks(document, { onFound: () => {} });
    ctx.onInvalidated(() => {
      links.stop();
      badge.remove();
    });

    function showCustomer(id: string | undefined) {
      customerId = id;
      if (id && showBadge) badge.show(id);
      else badge.hide();
    }

    /** The page in the app changed: drop the old customer at once, then find the new one. */
    function follow(url: string) {
      page = pageContextFromUrl(url);
      showCustomer(page.customerId ?? (page.conversationId ? conversations.get(page.conversationId) : undefined));
      const conversationId = page.conversationId;
      if (!customerId && conversationId) {
        void browser.runtime
          .sendMessage({ type: 'conversation.customer', conversationId })
          .then((reply: { ok?: boolean; value?: unknown } | undefined) => {
            if (!reply?.ok || typeof reply.value !== 'string') return;
            conversations.set(conversationId, reply.value);
            if (page.conversationId === conversationId && !page.customerId) showCustomer(reply.value);
          })
          .catch(() => {});
      }
    }

    follow(location.href);
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => {
      follow(newUrl.href);
      links.restart();
    });

    const stopWatchingSetting = watchShowBadge((show) => {
      showBadge = show;
      showCustomer(customerId);
    });
    ctx.onInvalidated(stopWatchingSetting);

    // Tells the extension's own pages what this tab shows; holds no secret.
    browser.runtime.onMessage.addListener(((message: unknown, sender: { id?: string; url?: string }, sendResponse: (r: PageState) => void) => {
      if (!isExtensionPage(sender, self) || !isPageContextRequest(message)) return false;
      sendResponse({ ...page, customerId, customerIds: [...links.ids], labels: links.labels() });
      return false;
    }) as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  },
});
