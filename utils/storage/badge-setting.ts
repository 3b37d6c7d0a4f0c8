/**
 * Whether Kustomer pages show the "Update customer" badge: an agent's preference, not a secret,
 * so it lives in `storage.local` where the content script can read it (components/page/badge-preference.ts,
 * without this library). The options page reads and writes it here.
 */
import { storage } from 'wxt/utils/storage';
import { ORG_BADGE_KEY, SHOW_BADGE_KEY } from '@/components/page/badge-preference';

const showBadge = storage.defineItem<boolean>(`local:${SHOW_BADGE_KEY}`, { fallback: true });

export async function loadShowBadge(): Promise<boolean> {
  return (await showBadge.getValue()) !== false;
}

/** The choice made (by the agent, or by the org's deployment), or undefined when none was. */
export async function loadBadgeChoice(): Promise<boolean | undefined> {
  const value = await storage.getItem<unknown>(`local:${SHOW_BADGE_KEY}`);
  return typeof value === 'boolean' ? value : undefined;
}

/** The org's locked value (undefined: the org leaves it to the agent), which content scripts put first. */
export async function saveBadgeByOrg(show: boolean | undefined): Promise<void> {
  if (show === undefined) await storage.removeItem(`local:${ORG_BADGE_KEY}`);
  else await storage.setItem(`local:${ORG_BADGE_KEY}`, show);
}

export function saveShowBadge(show: boolean): Promise<void> {
  return showBadge.setValue(show);
}
