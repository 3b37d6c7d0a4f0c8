/**
 * Right-click "Update customer" and the `update-customer` command: what they open (the clicked
 * link, the selected text, or the page's customer) and their listeners. Background only.
 */
import { browser } from 'wxt/browser';
import { pageContextFromUrl } from '@/utils/detect/customer-page';
import type { EditorTarget } from '@/utils/storage/editor-target';
import { selectionTarget } from '@/utils/detect/selection';
import { askPage } from '@/utils/messaging/page-context';
import { openEditor } from '@/utils/background/editor-window';
import { openPanelFirst } from '@/utils/background/side-panel';

export const MENU_ITEMS = [
  { id: 'update-customer-selection', contexts: ['selection'], title: 'Update customer "%s"' },
  { id: 'update-customer-link', contexts: ['link'], title: 'Update customer from this link' },
  { id: 'update-customer-page', contexts: ['page'], title: 'Update customer' },
] as const;

export interface MenuClick {
  menuItemId?: string | number;
  linkUrl?: string;
  selectionText?: string;
  pageUrl?: string;
}

/** The page's own customer: what its content script says (Kustomer pages), else its address. */
export type PageCustomer = (tabId: number | undefined, pageUrl: string | undefined) => Promise<EditorTarget['target']>;

/** A clicked link's or the selection's target, known at once (no await: Firefox's user action lasts that long). */
export function targetOfPointer(click: MenuClick): Omit<EditorTarget, 'at'> | undefined {
  if (click.selectionText) {
    return { source: 'selection', target: selectionTarget(click.selectionText), text: click.selectionText.trim().slice(0, 256) };
  }
  if (click.linkUrl) return { source: 'link', target: selectionTarget(click.linkUrl), text: click.linkUrl.slice(0, 256) };
  return undefined;
}

/** The page's customer, for a click on the page or the keyboard command. */
export async function targetOfPage(
  source: 'page' | 'command',
  tabId: number | undefined,
  pageUrl: string | undefined,
  pageCustomer: PageCustomer,
): Promise<Omit<EditorTarget, 'at'>> {
  return { source, target: await pageCustomer(tabId, pageUrl) };
}

/** A Kustomer address's customer or conversation, for pages without an answering content script. */
export function targetOfUrl(url: string | undefined): EditorTarget['target'] {
  if (!url) return undefined;
  const page = pageContextFromUrl(url);
  if (page.customerId) return { kind: 'customer', id: page.customerId };
  if (page.conversationId) return { kind: 'conversation', id: page.conversationId };
  return undefined;
}

/** The page's customer: its content script knows (Kustomer pages, conversations included), else its address. */
const pageCustomer: PageCustomer = async (tabId, pageUrl) => {
  const page = tabId === undefined ? undefined : await askPage(tabId);
  return page?.customerId ? { kind: 'customer', id: page.customerId } : targetOfUrl(pageUrl);
};

/** Creates the menu items (at install and start) and opens the editor from them and the command. */
export function listenForMenusAndCommand(): void {
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
    // In the side panel mode the panel opens (it follows the page's customer itself).
    if (openPanelFirst({ windowId: tab?.windowId })) return;
    void openEditor(undefined, () => targetOfPage('command', tab?.id, tab?.url, pageCustomer));
  });
}
