/**
 * The background, started: the credential store, the drafts, the org's tag list, the outbox with
 * its alarm and toolbar badge, the message handler, the menus and the command.
 */
import { browser } from 'wxt/browser';
import { clearCredentials, loadCredentials, saveCredentials } from '@/utils/storage/credentials';
import { createDraftStore } from '@/utils/storage/drafts';
import { rememberCustomer } from '@/utils/storage/recent';
import { getOutboxEntry, listOutbox, putOutboxEntry, removeOutboxEntry } from '@/utils/outbox/entries';
import { createDelivery, type Delivery } from '@/utils/outbox/delivery';
import { openEditor } from '@/utils/background/editor-window';
import { createMessageHandler } from '@/utils/background/handler';
import { listenForMenusAndCommand } from '@/utils/background/menus';
import { createTagDirectory, orgTagStore } from '@/utils/background/tag-list';
import { showOutbox } from '@/utils/background/toolbar-badge';
import { applyManaged } from '@/utils/background/managed';
import { listenForSidePanel, openPanelFromPage, showInOpenSidebar } from '@/utils/background/side-panel';
import { isOwnContentScript } from '@/utils/messaging/senders';
import { loadManaged, onManagedChange } from '@/utils/storage/managed-settings';
import { loadBadgeChoice, saveBadgeByOrg, saveShowBadge } from '@/utils/storage/badge-setting';

const OUTBOX_ALARM = 'outbox';

/** The badge's "open the editor" from this extension's content script, checked as the handler would. */
function isBadgeOpen(message: unknown, sender: { id?: string; url?: string; frameId?: number; tab?: { id?: number; windowId?: number } }): boolean {
  const m = message as { type?: unknown; customerId?: unknown } | null;
  const self = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
  return typeof m === 'object' && m !== null && m.type === 'editor.open' && isOwnContentScript(sender, self);
}

/** The org's deployment, read once per worker (each popup's settings request asks for it) and again when it changes. */
let deployed: ReturnType<typeof loadManaged> | undefined;
const deployment = () => (deployed ??= loadManaged());

export function startBackground(): void {
  let delivery: Delivery | undefined;
  const drafts = createDraftStore();
  const tags = createTagDirectory({ store: orgTagStore });
  const credentials = { load: loadCredentials, save: saveCredentials, clear: clearCredentials };
  const handleMessage = createMessageHandler({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    credentials,
    outbox: (api, fingerprint) =>
      (delivery = createDelivery({
        store: { put: putOutboxEntry, get: getOutboxEntry, list: listOutbox, remove: removeOutboxEntry },
        api,
        org: async () => (await loadCredentials()).org,
        schedule: (at) => void browser.alarms.create(OUTBOX_ALARM, { when: Math.max(at, Date.now() + 1000) }),
        changed: showOutbox,
        delivered: drafts.clearIfDelivered,
        // The same cache key as the editor's tag list (a signed-in agent's is theirs, not a key's).
        tagNames: async (api, ids) => tags.names(api, await fingerprint(), ids),
      })),
    drafts,
    recent: { remember: rememberCustomer },
    tags,
    openEditor: (customerId) => openEditor(customerId ? { source: 'page', target: { kind: 'customer', id: customerId } } : undefined),
    managed: deployment,
  });

  // Answer through sendResponse and return true: works in every browser and in tests' fake browser.
  type Listener = Parameters<typeof browser.runtime.onMessage.addListener>[0];
  browser.runtime.onMessage.addListener(((message: unknown, sender: Parameters<Listener>[1], sendResponse: (reply: unknown) => void) => {
    const handle = () =>
      void handleMessage(message, sender).then(sendResponse, (error: unknown) =>
        sendResponse({ ok: false, error: { kind: 'network', message: `The extension background failed: ${error instanceof Error ? error.name : 'unknown error'}.` } }),
      );
    if (isBadgeOpen(message, sender)) {
      const badge = { tab: sender.tab, customerId: (message as { customerId?: unknown }).customerId };
      // In the side panel mode (Chrome) the panel opens first, inside the click's user action;
      // Firefox shows the badge's customer in the sidebar when it is open there.
      if (openPanelFromPage(badge)) {
        sendResponse({ ok: true, value: 'panel' });
        return true;
      }
      const sidebar = showInOpenSidebar(badge);
      if (sidebar) {
        void sidebar.then((shown) => (shown ? sendResponse({ ok: true, value: 'panel' }) : handle()));
        return true;
      }
    }
    handle();
    return true;
  }) as unknown as Listener);

  // The outbox: due saves go out when an alarm rings, and whenever the worker or browser starts.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) void delivery?.deliverDue();
  });
  browser.runtime.onStartup.addListener(() => void delivery?.deliverDue());
  void delivery?.deliverDue();

  // The org's deployment: applied when the browser starts or the extension is installed or
  // updated, and again whenever it changes (not on every wake of the worker: nothing changed then).
  const badge = { get: loadBadgeChoice, set: saveShowBadge, setByOrg: saveBadgeByOrg };
  const apply = () => void deployment().then((managed) => applyManaged(managed, { credentials, badge }));
  browser.runtime.onStartup.addListener(apply);
  browser.runtime.onInstalled.addListener(apply);
  onManagedChange(() => {
    deployed = undefined; // read again: the org changed it
    apply();
  });

  listenForMenusAndCommand();
  listenForSidePanel();
}
