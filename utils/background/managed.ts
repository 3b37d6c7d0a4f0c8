/**
 * The org's deployment (utils/storage/managed-settings.ts) applied by the background: what it
 * refuses to save, and what it changes at browser start and whenever the deployment changes
 * (Chrome applies a new policy at once; Firefox reads it at start).
 */
import { isLocked, type ManagedView } from '@/utils/storage/managed-settings';
import type { CredentialStore } from '@/utils/background/client';
import { API_KEYS_OFF, SIGN_IN_OFF } from '@/utils/storage/managed-words';

/** What an agent asks to keep: a key, or a sign-in, for an org (and the app signed in with). */
export interface CredentialAsked {
  org: string;
  /** A key is to be kept; with the org named inside it, when it names one. */
  apiKey?: boolean;
  keyOrg?: string;
  signIn?: { clientId: string };
}

/** Why the org's deployment refuses this credential, in the agent's words; undefined: allowed. */
export function managedRefusal(managed: ManagedView, asked: CredentialAsked): { path: string; message: string } | undefined {
  const { values } = managed;
  if (isLocked(managed, 'org') && asked.org !== values.org) {
    return { path: 'org', message: `Your organization set the Kustomer organization to "${values.org}": it cannot be changed here.` };
  }
  if (asked.apiKey && asked.keyOrg && isLocked(managed, 'org') && asked.keyOrg !== values.org) {
    return { path: 'apiKey', message: `This key is for org "${asked.keyOrg}", and your organization set "${values.org}": paste a key made in ${values.org}.` };
  }
  if (isLocked(managed, 'signInMode')) {
    if (asked.apiKey && values.signInMode === 'oauth') return { path: 'apiKey', message: API_KEYS_OFF };
    if (asked.signIn && values.signInMode === 'apiKey') return { path: 'signIn', message: SIGN_IN_OFF };
  }
  if (asked.signIn && isLocked(managed, 'clientId') && asked.signIn.clientId !== values.clientId) {
    return { path: 'clientId', message: `Your organization set the app client id to "${values.clientId}": it cannot be changed here.` };
  }
  return undefined;
}

export interface ApplyManagedDeps {
  credentials: CredentialStore;
  /**
   * The badge as content scripts read it: the agent's choice (`get`/`set`), and the org's locked
   * value (`setByOrg`, undefined: none), kept apart so that the agent's choice is back once the
   * org lets go.
   */
  badge: { get(): Promise<boolean | undefined>; set(show: boolean): Promise<void>; setByOrg(show: boolean | undefined): Promise<void> };
}

/**
 * Brings what is kept in line with the deployment: a credential for another org than the one set
 * is forgotten (its waiting saves stay, "for org X"); in the mode "oauth" a saved key is
 * forgotten; in the mode "apiKey", or for another app than the one set, a sign-in ends (the agent
 * signs in again, or pastes a key). The app's client id and secret stay for the next sign-in. The
 * badge follows a locked setting, and starts from an open one the agent never changed.
 */
export async function applyManaged(managed: ManagedView, { credentials, badge }: ApplyManagedDeps): Promise<void> {
  const saved = await credentials.load();
  const { values } = managed;
  const app = saved.oauth && { clientId: saved.oauth.clientId, clientSecret: saved.oauth.clientSecret };
  const signInOff = isLocked(managed, 'signInMode') && values.signInMode === 'apiKey';
  const otherApp = isLocked(managed, 'clientId') && saved.oauth !== undefined && saved.oauth.clientId !== values.clientId;
  if (isLocked(managed, 'org') && saved.org !== undefined && saved.org !== values.org) {
    await credentials.save({ org: values.org, apiKey: undefined, oauth: app });
  } else if (isLocked(managed, 'signInMode') && values.signInMode === 'oauth' && saved.apiKey) {
    await credentials.save({ apiKey: undefined });
  } else if (saved.oauth?.tokens && (signInOff || otherApp)) {
    await credentials.save({ oauth: app });
  }
  await badge.setByOrg(isLocked(managed, 'showBadge') ? values.showBadge : undefined);
  if (values.showBadge !== undefined && !isLocked(managed, 'showBadge') && (await badge.get()) === undefined) await badge.set(values.showBadge);
}
