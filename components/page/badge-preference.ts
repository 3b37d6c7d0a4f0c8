/**
 * Whether the agent wants the badge on Kustomer pages, as the content script reads it: one
 * `storage.local` read and `storage.onChanged`, without the storage library (the content script
 * must stay small). The options page writes it (utils/storage/badge-setting.ts).
 */
import { browser } from '@/utils/extension-api';

/** The `storage.local` key: `false` hides the badge; anything else, or nothing, shows it. */
export const SHOW_BADGE_KEY = 'showBadge';

/** Calls back with the preference once read, and again whenever it changes (in any tab); returns a stop. */
export function watchShowBadge(callback: (show: boolean) => void): () => void {
  void browser.storage.local.get(SHOW_BADGE_KEY).then((stored) => callback(stored[SHOW_BADGE_KEY] !== false));
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && SHOW_BADGE_KEY in changes) callback(changes[SHOW_BADGE_KEY]!.newValue !== false);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
