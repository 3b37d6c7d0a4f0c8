/**
 * The side panel from the background: the toolbar button's mode applied (Chrome: no popup and the
 * panel opened on the action's click; Firefox: no popup, and the click toggles the sidebar), and
 * the panel opened first thing in a command's or a page's request, inside the user action.
 */
import { browser } from 'wxt/browser';
import { loadToolbarMode, watchToolbarMode, type ToolbarMode } from '@/utils/storage/toolbar-mode';
import { isCustomerId } from '@/utils/kustomer/customer';
import { panelShow } from '@/utils/messaging/page-follow';

/** The browser's side panel API: Chrome's `sidePanel`, or Firefox's `sidebarAction`. */
const chromePanel = () => (browser as unknown as { sidePanel?: { open(o: { windowId?: number; tabId?: number }): Promise<void>; setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
const firefoxSidebar = () =>
  (browser as unknown as { sidebarAction?: { open(): Promise<void>; toggle(): Promise<void>; isOpen(o: { windowId?: number }): Promise<boolean> } }).sidebarAction;

/** The mode as last read, for handlers that must open the panel before any await; undefined until read. */
let mode: ToolbarMode | undefined;

export async function applyToolbarMode(next: ToolbarMode): Promise<void> {
  mode = next;
  await browser.action.setPopup({ popup: next === 'panel' ? '' : 'popup.html' });
  await chromePanel()?.setPanelBehavior({ openPanelOnActionClick: next === 'panel' });
}

/** Opens the panel at once when the agent chose it (true), inside the user action; false: the caller opens the popup. */
export function openPanelFirst(where: { windowId?: number; tabId?: number }): boolean {
  if (mode !== 'panel') return false;
  const chrome = chromePanel();
  if (chrome) void chrome.open(where).catch(() => {});
  else void firefoxSidebar()?.open().catch(() => {});
  return true;
}

/** A page's badge, for the side panel: its tab and the customer it shows. */
interface BadgeTab {
  tab: { id?: number; windowId?: number } | undefined;
  customerId: unknown;
}

/**
 * A Kustomer page's badge asked for the editor: in Chrome, in the side panel mode, the panel opens
 * on that tab (the first call, inside the click's user action) and shows the badge's customer.
 */
export function openPanelFromPage({ tab, customerId }: BadgeTab): boolean {
  const chrome = chromePanel();
  if (mode !== 'panel' || !chrome || tab?.id === undefined) return false;
  void chrome
    .open({ tabId: tab.id })
    .then(() => tellPanel({ tab, customerId }))
    .catch(() => {});
  return true;
}

/**
 * Firefox gives a page's message no user action, so the sidebar cannot be opened from the badge:
 * when it is open in the tab's window it shows the badge's customer (true); otherwise the caller
 * opens the popup (or its window) as before. Undefined where there is no Firefox sidebar.
 */
export function showInOpenSidebar({ tab, customerId }: BadgeTab): Promise<boolean> | undefined {
  const sidebar = firefoxSidebar();
  if (!sidebar?.isOpen) return undefined;
  if (tab?.windowId === undefined) return Promise.resolve(false);
  return sidebar.isOpen({ windowId: tab.windowId }).then(
    async (open) => open && (await tellPanel({ tab, customerId })),
    () => false,
  );
}

/** Asks the panel of the tab's window to show the customer (over one it kept for an unsaved edit). */
async function tellPanel({ tab, customerId }: BadgeTab): Promise<boolean> {
  if (typeof customerId !== 'string' || !isCustomerId(customerId) || tab?.windowId === undefined) return false;
  await browser.runtime.sendMessage(panelShow(customerId, tab.windowId)).catch(() => {}); // no panel listening yet: it follows the tab anyway
  return true;
}

/** Applies the mode at browser start and install, and at each change; opens the panel from its command. */
export function listenForSidePanel(): void {
  const apply = () => void loadToolbarMode().then(applyToolbarMode);
  void loadToolbarMode().then((read) => (mode ??= read));
  browser.runtime.onStartup.addListener(apply);
  browser.runtime.onInstalled.addListener(apply);
  watchToolbarMode((next) => void applyToolbarMode(next));
  // Firefox: with no popup, the button's click toggles the sidebar (synchronously: a user action).
  browser.action.onClicked.addListener(() => void firefoxSidebar()?.toggle());
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'open-side-panel') void chromePanel()?.open({ windowId: tab?.windowId }).catch(() => {});
  });
}
