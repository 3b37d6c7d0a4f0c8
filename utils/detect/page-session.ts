/**
 * A Kustomer tab's session, for the content script: which customer the page shows as the app
 * navigates (a conversation's customer asked of the background once), the "Update customer"
 * badge when the agent wants it, the customers linked from the page, and the answer to the
 * extension's own pages asking what the tab shows. No schema or storage library: the badge
 * preference is one `storage.local` read (once the page shows a customer), the one request a
 * plain guard. The page's links are first scanned (and then watched) when an extension page
 * first asks what the tab shows: every Kustomer page load would otherwise pay for a list that
 * only an opened editor reads.
 */
import { BADGE_ELEMENT, createCustomerBadge } from '@/components/page/badge';
import { watchShowBadge } from '@/components/page/badge-preference';
import { pageContextFromUrl } from '@/utils/detect/customer-page';
import { watchCustomerLinks } from '@/utils/detect/link-watcher';
import { browser } from '@/utils/extension-api';
import { FOLLOW_PORT, isPageContextRequest, type PageState } from '@/utils/messaging/page-context';
import { isExtensionPage } from '@/utils/messaging/senders';

/** What the content script's context offers (WXT's `ctx`). */
export interface PageLifetime {
  onInvalidated(run: () => void): void;
  /** Calls back with the new URL whenever the app navigates (utils/detect/location-watcher.ts). */
  onLocationChange(run: (url: string) => void): void;
}

export function startPageSession(document: Document, location: { href: string }, lifetime: PageLifetime): void {
  const self = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
  const conversations = new Map<string, string>(); // conversation id -> its customer
  let page = pageContextFromUrl(location.href);
  let customerId: string | undefined;
  /** The agent's badge preference: read once there is a customer to show, not before. */
  let showBadge: boolean | undefined;
  let watchingPreference = false;

  const badge = createCustomerBadge(document, (id) => void browser.runtime.sendMessage({ type: 'editor.open', customerId: id }));
  /** Extension pages following this tab (the side panel), told what it shows at each change. */
  const followers = new Set<Parameters<Parameters<typeof browser.runtime.onConnect.addListener>[0]>[0]>();
  const tell = () => {
    for (const port of followers) port.postMessage(pageState());
  };
  /** The customers linked from the page: scanned at the first ask, watched from then on. */
  let links: ReturnType<typeof watchCustomerLinks> | undefined;
  function linkedCustomers() {
    if (!links) links = watchCustomerLinks(document, { onFound: () => links && followers.size > 0 && queueMicrotask(tell), ignore: (element) => element.localName === BADGE_ELEMENT });
    else if (!links.watching()) links.restart(); // stopped on a quiet page: what it shows now
    return links;
  }
  lifetime.onInvalidated(() => {
    links?.stop();
    badge.remove();
  });

  /**
   * The badge for `id` when the agent wants it. The first customer reads the preference (and
   * follows its changes); until it is read nothing is shown, so an agent who turned the badge off
   * never sees it flash, and a page without a customer costs no storage read and builds nothing.
   */
  function showCustomer(id: string | undefined) {
    customerId = id;
    if (id && !watchingPreference) {
      watchingPreference = true;
      lifetime.onInvalidated(
        watchShowBadge((show) => {
          showBadge = show;
          showCustomer(customerId);
        }),
      );
    }
    if (id && showBadge) badge.show(id);
    else badge.hide();
    if (followers.size > 0) tell();
  }

  /** The page in the app changed: drop the old customer at once, then find the new one. */
  function follow(url: string) {
    page = pageContextFromUrl(url);
    showCustomer(page.customerId ?? (page.conversationId ? conversations.get(page.conversationId) : undefined));
    const conversationId = page.conversationId;
    if (customerId || !conversationId) return;
    void browser.runtime
      .sendMessage({ type: 'conversation.customer', conversationId })
      .then((reply: { ok?: boolean; value?: unknown } | undefined) => {
        if (!reply?.ok || typeof reply.value !== 'string') return;
        conversations.set(conversationId, reply.value);
        if (page.conversationId === conversationId && !page.customerId) showCustomer(reply.value);
      })
      .catch(() => {});
  }

  follow(location.href);
  lifetime.onLocationChange((url) => {
    follow(url);
    links?.restart();
  });

  function pageState(): PageState {
    const linked = linkedCustomers();
    return { ...page, customerId, customerIds: [...linked.ids], labels: linked.labels() };
  }

  // Tells the extension's own pages what this tab shows; holds no secret.
  browser.runtime.onMessage.addListener(((message: unknown, sender: { id?: string; url?: string }, sendResponse: (r: PageState) => void) => {
    if (!isExtensionPage(sender, self) || !isPageContextRequest(message)) return false;
    sendResponse(pageState());
    return false;
  }) as Parameters<typeof browser.runtime.onMessage.addListener>[0]);

  // And keeps telling the ones that follow the tab (the side panel), over a port they opened.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== FOLLOW_PORT || !isExtensionPage(port.sender ?? {}, self)) return port.disconnect();
    followers.add(port);
    port.onDisconnect.addListener(() => followers.delete(port));
    port.postMessage(pageState());
  });
  lifetime.onInvalidated(() => {
    for (const port of followers) port.disconnect();
    followers.clear();
  });
}
