/** The toolbar badge: how many saves wait in the outbox, red when Kustomer refused one. */
import { browser } from 'wxt/browser';
import type { OutboxEntry } from '@/utils/outbox/entries';

/** What this worker last showed: the browser keeps it, so the same again is not sent (a save that went at once changes nothing). */
let shown: string | undefined;

export function showOutbox(entries: OutboxEntry[]): void {
  const failed = entries.some((e) => e.state === 'failed');
  const text = entries.length ? String(entries.length) : '';
  const title = entries.length ? `Update Kustomer customer: ${entries.length} save${entries.length > 1 ? 's' : ''} not sent yet` : 'Update Kustomer customer';
  const color = failed ? '#b3261e' : '#b26a00';
  const state = `${text}|${color}|${title}`;
  if (state === shown) return;
  shown = state;
  void browser.action.setBadgeText({ text });
  void browser.action.setBadgeBackgroundColor({ color });
  void browser.action.setTitle({ title });
}
