/**
 * The org's deployment (utils/storage/managed-settings.ts) applied by the background: what it
 * refuses to save, and what it changes at browser start and whenever the deployment changes
 * (Chrome applies a new policy at once; Firefox reads it at start).
 */
import { isLocked, type ManagedView } from '@/utils/storage/managed-settings';
import type { CredentialStore } from '@/utils/background/client';

/** What an agent asks to keep: a key, or a sign-in, for an org (and the app signed in with). */
export interface CredentialAsked {
  org: string;
  apiKey?: boolean;
  signIn?: { clientId: string };
}

/** Why the org's deployment refuses this credential, in the agent's words; undefined: allowed. */
export function managedRefusal(managed: ManagedView, asked: CredentialAsked): { path: string; message: string } | undefined {
  const { values } = managed;
  if (isLocked(managed, 'org') && asked.org !== values.org) {
    return { path: 'org', message: `Your organization set the Kustomer organization to "${values.org}": it cannot be changed here.` };
  }
  if (isLocked(managed, 'signInMode')) {
    if (asked.apiKey && values.signInMode === 'oauth') return { path: 'apiKey', message: 'Your organization has each agent sign in with Kustomer: API keys are turned off here.' };
    if (asked.signIn && values.signInMode === 'apiKey') return { path: 'signIn', message: 'Your organization connects with an org API key: signing in with Kustomer is turned off here.' };
  }
  if (asked.signIn && isLocked(managed, 'clientId') && asked.signIn.clientId !== values.clientId) {
    return { path: 'clientId', message: `Your organization set the app client id to "${values.clientId}": it cannot be changed here.` };
  }
  return undefined;
}

export interface ApplyManagedDeps {
  credentials: CredentialStore;
  /** The badge preference content scripts read, and writing it. */
  badge: { get(): Promise<boolean | undefined>; set(show: boolean): Promise<void> };
}

/**
 * Brings what is kept in line with the deployment: in the mode "oauth" a saved key is forgotten;
 * a credential for another org than the one set is forgotten (its waiting saves stay, "for org
 * X"); the badge follows a locked setting, and starts from an open one.
 */
export async function applyManaged(managed: ManagedView, { credentials, badge }: ApplyManagedDeps): Promise<void> {
  const saved = await credentials.load();
  const { values } = managed;
  if (isLocked(managed, 'org') && saved.org !== undefined && saved.org !== values.org) {
    await credentials.save({ org: values.org, apiKey: undefined, oauth: saved.oauth && { clientId: saved.oauth.clientId } });
  } else if (isLocked(managed, 'signInMode') && values.signInMode === 'oauth' && saved.apiKey) {
    await credentials.save({ apiKey: undefined });
  }
  if (values.showBadge !== undefined) {
    if (isLocked(managed, 'showBadge')) {
      if ((await badge.get()) !== values.showBadge) await badge.set(values.showBadge);
    } else if ((await badge.get()) === undefined) await badge.set(values.showBadge);
  }
}
