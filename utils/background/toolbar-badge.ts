/** The toolbar badge: how many saves wait in the outbox, red when Kustomer refused one. */
import { browser } from 'wxt/browser';
import type { OutboxEntry } from '@/utils/outbox/entries';

export function showOutbox(entries: OutboxEntry[]): void {
  const failed = entries.some((e) => e.state === 'failed');
  void browser.action.setBadgeText({ text: entries.length ? String(entries.length) : '' });
  void browser.action.setBadgeBackgroundColor({ color: failed ? '#b3261e' : '#b26a00' });
  void browser.action.setTitle({
    title: entries.length ? `Update Kustomer customer: ${entries.length} save${entries.length > 1 ? 's' : ''} not sent yet` : 'Update Kustomer customer',
  });
}
