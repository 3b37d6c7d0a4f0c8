/**
 * What the page in the active tab is about, for the popup: from the tab's URL when the browser
 * shares it (activeTab), else from the content script of that tab.
 */
import * as v from 'valibot';
import { browser } from './extension-api';
import { pageContextFromUrl, type PageContext } from './customer-page';

/** The one request the content script answers: from the extension's own pages only. */
export const PageRequestSchema = v.strictObject({ type: v.literal('page.context') });

export type ActiveTabContext = PageContext & {
  /** False when the tab's URL was not shared and no content script answered (not a Kustomer page, or opened before the extension was installed). */
  known: boolean;
};

export async function activeTabContext(): Promise<ActiveTabContext> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  if (!tab) return { known: false };
  if (tab.url) return { ...pageContextFromUrl(tab.url), known: true };
  if (tab.id === undefined) return { known: false };
  try {
    const reply: unknown = await browser.tabs.sendMessage(tab.id, { type: 'page.context' });
    const context = reply as PageContext | undefined;
    return {
      known: true,
      customerId: typeof context?.customerId === 'string' ? context.customerId : undefined,
      conversationId: typeof context?.conversationId === 'string' ? context.conversationId : undefined,
    };
  } catch {
    return { known: false };
  }
}
