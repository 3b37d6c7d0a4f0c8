/**
 * Messages from the extension's pages to the content script of a Kustomer tab. Kept apart from
 * `messages.ts` so the content script does not carry the update schema.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';

export const PageRequestSchema = v.strictObject({ type: v.literal('page.customer') });

export interface PageCustomer {
  customerId: string | undefined;
}

/** A sender is one of this extension's pages (popup, options), in a tab or not. */
export function fromExtensionPage(sender: { id?: string; url?: string }): boolean {
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('/'));
}

/** The customer the content script sees in the active tab, or undefined (no Kustomer page there). */
export async function activeTabCustomer(): Promise<string | undefined> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return undefined;
    const reply = (await browser.tabs.sendMessage(tab.id, { type: 'page.customer' })) as PageCustomer | undefined;
    return typeof reply?.customerId === 'string' ? reply.customerId : undefined;
  } catch {
    return undefined; // no content script in that tab
  }
}
