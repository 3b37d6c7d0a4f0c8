/**
 * Whether Kustomer pages show the "Update customer" badge: an agent's preference, not a secret,
 * so it lives in `storage.local` where the content script can read it.
 */
import { browser } from '@/utils/extension-api';

const KEY = 'showBadge';

export async function loadShowBadge(): Promise<boolean> {
  const stored = await browser.storage.local.get(KEY);
  return stored[KEY] !== false;
}

export function saveShowBadge(show: boolean): Promise<void> {
  return browser.storage.local.set({ [KEY]: show });
}

/** Calls back with the new value whenever it changes (in any tab). */
export function onShowBadgeChange(callback: (show: boolean) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && KEY in changes) callback(changes[KEY]!.newValue !== false);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
