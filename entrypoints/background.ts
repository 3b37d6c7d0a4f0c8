import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { keyFingerprint } from '@/utils/kustomer/api-key';
import { clearCredentials, loadCredentials, saveCredentials } from '@/utils/storage/credentials';
import { createDraftStore } from '@/utils/storage/drafts';
import { getOutboxEntry, listOutbox, putOutboxEntry, removeOutboxEntry, type OutboxEntry } from '@/utils/outbox/entries';
import { createDelivery, type Delivery } from '@/utils/outbox/delivery';
import { openEditor } from '@/utils/background/editor-window';
import { createMessageHandler } from '@/utils/background/handler';
import { MENU_ITEMS, targetOfPage, targetOfPointer, targetOfUrl, type PageCustomer } from '@/utils/background/menus';
import { rememberCustomer } from '@/utils/storage/recent';
import { createTagDirectory, orgTagStore } from '@/utils/background/tag-list';

/** The page's customer: its content script knows (Kustomer pages, conversations included), else its address. */
const pageCustomer: PageCustomer = async (tabId, pageUrl) => {
  if (tabId !== undefined) {
    try {
      const page = (await browser.tabs.sendMessage(tabId, { type: 'page.context' })) as { customerId?: unknown } | undefined;
      if (typeof page?.customerId === 'string') return { kind: 'customer', id: page.customerId };
    } catch {
      // No content script there: not a Kustomer page.
    }
  }
  return targetOfUrl(pageUrl);
};

/** The toolbar badge: how many saves wait in the outbox (red when Kustomer refused one). */
function showOutbox(entries: OutboxEntry[]) {
  const failed = entries.some((e) => e.state === 'failed');
  void browser.action.setBadgeText({ text: entries.length ? String(entries.length) : '' });
  void browser.action.setBadgeBackgroundColor({ color: failed ? '#b3261e' : '#b26a00' });
  void browser.action.setTitle({
    title: entries.length ? `Update Kustomer customer: ${entries.length} save${entries.length > 1 ? 's' : ''} not sent yet` : 'Update Kustomer customer',
  });
}

export default defineBackground(() => {
  let delivery: Delivery | undefined;
  const drafts = createDraftStore();
  const tags = createTagDirectory({ store: orgTagStore });
  const handleMessage = createMessageHandler({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    credentials: { load: loadCredentials, save: saveCredentials, clear: clearCredentials },
    outbox: (api) =>
      (delivery = createDelivery({
        store: { put: putOutboxEntry, get: getOutboxEntry, list: listOutbox, remove: removeOutboxEntry },
        api,
        schedule: (at) => void browser.alarms.create('outbox', { when: Math.max(at, Date.now() + 1000) }),
        changed: showOutbox,
        delivered: drafts.clearIfDelivered,
        tagNames: async (api, ids) => tags.names(api, await keyFingerprint((await loadCredentials()).apiKey ?? ''), ids),
      })),
    drafts,
    recent: { remember: rememberCustomer },
    tags,
    openEditor: (customerId) =>
      openEditor(customerId ? { source: 'page', target: { kind: 'customer', id: customerId } } : undefined),
  });

  // Answer through sendResponse and return true: works in every browser and in tests' fake browser.
  browser.runtime.onMessage.addListener(((message: unknown, sender: Parameters<Parameters<typeof browser.runtime.onMessage.addListener>[0]>[1], sendResponse: (reply: unknown) => void) => {
    void handleMessage(message, sender).then(sendResponse, (error: unknown) =>
      sendResponse({ ok: false, error: { kind: 'network', message: `The extension background failed: ${error instanceof Error ? error.name : 'unknown error'}.` } }),
    );
    return true;
  }) as unknown as Parameters<typeof browser.runtime.onMessage.addListener>[0]);

  // The outbox: due saves go out when an alarm rings, and whenever the worker or browser starts.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === 'outbox') void delivery?.deliverDue();
  });
  browser.runtime.onStartup.addListener(() => void delivery?.deliverDue());
  void delivery?.deliverDue();

  // Right-click "Update customer", on every site (the click grants activeTab).
  const createMenus = () =>
    browser.contextMenus.removeAll().then(() => {
      for (const item of MENU_ITEMS) browser.contextMenus.create({ id: item.id, title: item.title, contexts: [...item.contexts] });
    });
  browser.runtime.onInstalled.addListener(() => void createMenus());
  browser.runtime.onStartup.addListener(() => void createMenus());

  // Both open the editor first thing, with no await before it (Firefox's rule for openPopup).
  // A link or a selection is known at once; the page's customer the popup finds itself, and the
  // background works it out only for the window the browser may need instead.
  browser.contextMenus.onClicked.addListener((info, tab) => {
    void openEditor(targetOfPointer(info), () => targetOfPage('page', tab?.id, info.pageUrl, pageCustomer));
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'update-customer') return;
    void openEditor(undefined, () => targetOfPage('command', tab?.id, tab?.url, pageCustomer));
  });
});
