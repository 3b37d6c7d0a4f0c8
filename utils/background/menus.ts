/**
 * What "Update customer" (context menu) and the `update-customer` command should open: the clicked
 * link, the selected text, or the page's customer. Background only.
 */
import { pageContextFromUrl } from '@/utils/detect/customer-page';
import type { EditorTarget } from '@/utils/storage/editor-target';
import { selectionTarget } from '@/utils/detect/selection';

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
