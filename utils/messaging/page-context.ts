/**
 * What the page in the active tab is about, for the popup: from the content script of a Kustomer
 * tab (which also knows a conversation's customer and the customers linked from the page), else
 * from the tab's address when the browser shares it (activeTab).
 */
import { browser } from '@/utils/extension-api';
import { isCustomerId } from '@/utils/kustomer/customer';
import { pageContextFromUrl, type PageContext } from '@/utils/detect/customer-page';

/**
 * The one request the content script answers (from the extension's own pages only), checked with
 * a plain guard: no schema library in the content script or the popup. `message-schema.ts` has the
 * same request as a schema, and a unit test holds the two to the same verdicts.
 */
export function isPageContextRequest(message: unknown): message is { type: 'page.context' } {
  return typeof message === 'object' && message !== null && !Array.isArray(message) && Object.keys(message).length === 1 && (message as { type?: unknown }).type === 'page.context';
}

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

export async function activeTabContext(): Promise<ActiveTabContext> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  if (!tab) return { known: false };
  if (tab.id !== undefined) {
    try {
      const reply = (await browser.tabs.sendMessage(tab.id, { type: 'page.context' })) as Partial<PageState> | undefined;
      if (reply && typeof reply === 'object') {
        return {
          known: true,
          customerId: isId(reply.customerId) ? reply.customerId : undefined,
          conversationId: isId(reply.conversationId) ? reply.conversationId : undefined,
          customerIds: Array.isArray(reply.customerIds) ? reply.customerIds.filter(isId).slice(0, 1000) : [],
          labels: reply.labels && typeof reply.labels === 'object' ? reply.labels : {},
        };
      }
    } catch {
      // No content script in that tab.
    }
  }
  return tab.url ? { ...pageContextFromUrl(tab.url), known: true } : { known: false };
}
