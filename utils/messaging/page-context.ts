/**
 * What the page in the active tab is about, for the popup: from the content script of a Kustomer
 * tab (which also knows a conversation's customer and the customers linked from the page), else
 * from the tab's address when the browser shares it (activeTab).
 */
import { browser } from '@/utils/extension-api';
import { isCustomerId } from '@/utils/kustomer/customer';
import { pageContextFromUrl, type PageContext } from '@/utils/detect/customer-page';
import { isRecord } from '@/utils/plain-data';

/**
 * The one request the content script answers (from the extension's own pages only), checked with
 * a plain guard: no schema library in the content script or the popup. `protocol.ts` has the
 * same request as a schema, and a unit test holds the two to the same verdicts.
 */
export function isPageContextRequest(message: unknown): message is { type: 'page.context' } {
  return typeof message === 'object' && message !== null && !Array.isArray(message) && Object.keys(message).length === 1 && (message as { type?: unknown }).type === 'page.context';
}

/** The port an extension page opens to a tab's content script to follow what the tab shows. */
export const FOLLOW_PORT = 'page.follow';

/** What the content script of a Kustomer tab knows. */
export interface PageState extends PageContext {
  /** Every customer linked from the page, in the order found. */
  customerIds: string[];
  /** What the page calls them (the links' text), by id. */
  labels?: Record<string, string>;
}

export type ActiveTabContext = Partial<PageState> & {
  /** False when no content script answered and the tab's address was not shared (not a Kustomer page, or one opened before the extension was installed). */
  known: boolean;
};

const isId = (value: unknown): value is string => typeof value === 'string' && isCustomerId(value);

/**
 * The one check of a content script's `page.context` reply, wherever it is read (the popup, the
 * background's menu and command): ids must be customer ids, anything else is dropped. Plain code,
 * no schema library: the popup reads it at open.
 */
export function readPageState(reply: unknown): PageState | undefined {
  if (!isRecord(reply)) return undefined;
  const r = reply;
  const labels: Record<string, string> = {};
  if (isRecord(r.labels)) {
    for (const [id, label] of Object.entries(r.labels)) if (isId(id) && typeof label === 'string') labels[id] = label.slice(0, 256);
  }
  return {
    customerId: isId(r.customerId) ? r.customerId : undefined,
    conversationId: isId(r.conversationId) ? r.conversationId : undefined,
    customerIds: Array.isArray(r.customerIds) ? r.customerIds.filter(isId).slice(0, 1000) : [],
    labels,
  };
}

/** Asks a tab's content script what it shows; undefined when none answers (not a Kustomer page, or opened before install). */
export async function askPage(tabId: number): Promise<PageState | undefined> {
  try {
    return readPageState(await browser.tabs.sendMessage(tabId, { type: 'page.context' }));
  } catch {
    return undefined; // no content script in that tab
  }
}

export async function activeTabContext(): Promise<ActiveTabContext> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  if (!tab) return { known: false };
  // A customer's own page names the customer in its address (shared through activeTab), as its
  // content script would from the same address: the editor need not wait for the tab to answer.
  const fromUrl = tab.url ? pageContextFromUrl(tab.url) : {};
  if (fromUrl.customerId) return { ...fromUrl, known: true };
  const page = tab.id === undefined ? undefined : await askPage(tab.id);
  if (page) return { ...page, known: true };
  return tab.url ? { ...fromUrl, known: true } : { known: false };
}
