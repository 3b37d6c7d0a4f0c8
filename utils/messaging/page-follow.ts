/**
 * The side panel following the page the agent looks at: the active tab of the panel's own window
 * (`windows.getCurrent()`), told what it shows by its content script over a port the panel opens
 * to that tab only (`tabs.connect`: no `tabs` permission, no broadcast to other tabs, the
 * background not woken). A tab switch, or a tab that loads again, reconnects.
 */
import { browser } from '@/utils/extension-api';
import { isCustomerId } from '@/utils/kustomer/customer';
import { FOLLOW_PORT, readPageState, type PageState } from '@/utils/messaging/page-context';
import { isExtensionPage, type MessageSender } from '@/utils/messaging/senders';

export type FollowedPage =
  | { tabId: number; state: PageState }
  /**
   * No content script answers in that tab: not a Kustomer page, or one opened before the
   * extension was installed or updated. `kustomer`: whether its address is Kustomer's, where the
   * browser shares it (Firefox does for the pages the content script runs on); undefined: unknown.
   */
  | { tabId: number; unreachable: true; kustomer: boolean | undefined };

/** After a tab loads, its content script starts a little later (at idle): asked again after these delays. */
const RETRY_MS = [100, 400, 1500];

const KUSTOMER_PAGE = /^https:\/\/[a-z0-9-]+\.kustomerapp\.com\//;

/** Calls back with what the followed tab shows, at once and at each change; returns a stop. */
export function followActiveTab(onPage: (page: FollowedPage) => void): () => void {
  let windowId: number | undefined;
  let tabId: number | undefined;
  let port: ReturnType<typeof browser.tabs.connect> | undefined;
  let stopped = false;

  let retry: ReturnType<typeof setTimeout> | undefined;

  function attach(id: number, attempt = 0) {
    port?.disconnect();
    clearTimeout(retry);
    tabId = id;
    let heard = false;
    const p = browser.tabs.connect(id, { name: FOLLOW_PORT });
    port = p;
    p.onMessage.addListener((message: unknown) => {
      const state = readPageState(message);
      if (state && port === p) {
        heard = true;
        onPage({ tabId: id, state });
      }
    });
    p.onDisconnect.addListener(() => {
      if (port !== p || stopped) return;
      port = undefined;
      // It answered, then went: the tab loads another page; connect again once it has (onUpdated).
      if (heard) return;
      if (attempt < RETRY_MS.length) retry = setTimeout(() => tabId === id && !port && attach(id, attempt + 1), RETRY_MS[attempt]);
      if (attempt > 0) return; // said already
      void browser.tabs.get(id).then(
        (tab) => port === undefined && tabId === id && onPage({ tabId: id, unreachable: true, kustomer: tab.url === undefined ? undefined : KUSTOMER_PAGE.test(tab.url) }),
        () => {},
      );
    });
  }

  const onActivated = (info: { tabId: number; windowId: number }) => {
    if (info.windowId === windowId) attach(info.tabId);
  };
  // The followed tab loaded a page again (a reload, or a link to another site): its new content script, if any.
  const onUpdated = (id: number, change: { status?: string }) => {
    if (id === tabId && change.status === 'complete' && !port) attach(id);
  };
  browser.tabs.onActivated.addListener(onActivated);
  browser.tabs.onUpdated.addListener(onUpdated);
  void browser.windows.getCurrent().then(async (window) => {
    windowId = window.id;
    const [tab] = await browser.tabs.query({ active: true, windowId });
    if (tab?.id !== undefined && !stopped && tabId === undefined) attach(tab.id);
  });
  return () => {
    stopped = true;
    clearTimeout(retry);
    port?.disconnect();
    browser.tabs.onActivated.removeListener(onActivated);
    browser.tabs.onUpdated.removeListener(onUpdated);
  };
}

/** Loads the followed Kustomer tab again, so that a content script runs in it. */
export const reloadTab = (tabId: number) => browser.tabs.reload(tabId);

/**
 * The background's word to the panel of one window: show this customer (the agent asked for it
 * from the page's badge), even over a customer kept for an unsaved edit, whose draft stays.
 */
export const PANEL_SHOW = 'panel.show';
export const panelShow = (customerId: string, windowId: number) => ({ type: PANEL_SHOW, customerId, windowId });

/** Calls back with the customer the background asks this window's panel to show; returns a stop. */
export function listenForShow(onShow: (customerId: string) => void): () => void {
  const self = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
  const own = browser.windows.getCurrent().then((w) => w.id);
  const listener = (message: unknown, sender: MessageSender) => {
    const m = message as { type?: unknown; customerId?: unknown; windowId?: unknown } | null;
    // From the extension itself (never a content script or a web page), and for this window.
    if (typeof m !== 'object' || m === null || m.type !== PANEL_SHOW || !isExtensionPage(sender, self) || typeof m.customerId !== 'string' || !isCustomerId(m.customerId)) return;
    const customerId = m.customerId;
    void own.then((id) => id === m.windowId && onShow(customerId));
  };
  browser.runtime.onMessage.addListener(listener as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  return () => browser.runtime.onMessage.removeListener(listener as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
}
