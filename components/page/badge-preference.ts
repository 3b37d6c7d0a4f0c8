/**
 * Whether the agent wants the badge on Kustomer pages, as the content script reads it: one
 * `storage.local` read and `storage.onChanged`, without the storage library (the content script
 * must stay small). The options page writes it (utils/storage/badge-setting.ts).
 */
import { browser } from '@/utils/extension-api';

/** The `storage.local` key of the agent's choice: `false` hides the badge; anything else, or nothing, shows it. */
export const SHOW_BADGE_KEY = 'showBadge';
/** The key of the org's locked value (written by the background from managed settings): when set, it wins. */
export const ORG_BADGE_KEY = 'showBadgeByOrg';

/** Whether the badge shows, from what `storage.local` holds under the two keys. */
export const badgeShown = (stored: Record<string, unknown>) => (typeof stored[ORG_BADGE_KEY] === 'boolean' ? stored[ORG_BADGE_KEY] : stored[SHOW_BADGE_KEY] !== false);

/** Calls back with the preference once read, and again whenever it changes (in any tab); returns a stop. */
export function watchShowBadge(callback: (show: boolean) => void): () => void {
  const read = () => void browser.storage.local.get([SHOW_BADGE_KEY, ORG_BADGE_KEY]).then((stored) => callback(badgeShown(stored)));
  read();
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && (SHOW_BADGE_KEY in changes || ORG_BADGE_KEY in changes)) read();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
