/**
 * Building the Kustomer client from the saved credential: first of the background's pieces (the
 * outbox and every handler ask it). One rate budget is shared by every client it builds, so what
 * one call learns about the org's API budget the next one knows.
 */
import { keyFingerprint } from '@/utils/kustomer/api-key';
import { createKustomerApi, type KustomerApi, type KustomerApiOptions } from '@/utils/kustomer/client';
import { fail, ok, type Result } from '@/utils/kustomer/errors';
import { createRateBudget } from '@/utils/kustomer/rate-budget';
import type { Credentials } from '@/utils/storage/credentials';
import { createTokenSession, signedOut } from '@/utils/background/oauth-session';

export interface CredentialStore {
  load(): Promise<Partial<Credentials>>;
  save(credentials: Partial<Credentials>): Promise<void>;
  clear(): Promise<void>;
}

/** Options for the Kustomer client other than org and key (tests shorten timeouts). */
export type ClientOptions = Omit<KustomerApiOptions, 'org' | 'apiKey' | 'tokens'>;

export function createClientSource(credentials: CredentialStore, options: ClientOptions = {}) {
  const shared: ClientOptions = { ...options, budget: options.budget ?? createRateBudget() };
  /** The one token session of the background: its refreshes are shared by every client. */
  const session = createTokenSession(credentials, { fetch: options.fetch, now: options.now });
  return {
    session,
    /** A client for the saved org and its credential (a key, or a signed-in agent), or why there is none. */
    async api(): Promise<Result<KustomerApi>> {
      const { org, apiKey, oauth } = await credentials.load();
      // The one active credential: the agent's tokens, else a saved key. An app remembered without
      // tokens (signed out, or a key saved since) only says that saves wait for a sign-in.
      if (!oauth?.tokens && !apiKey) {
        return oauth ? signedOut(org) : fail({ kind: 'no-key', message: 'No API key is saved yet: open Settings and paste your Kustomer API key.' });
      }
      if (!org) return fail({ kind: 'no-org', message: 'No organization is saved yet: open Settings and enter it.' });
      return ok(oauth?.tokens ? createKustomerApi({ ...shared, org, tokens: session }) : createKustomerApi({ ...shared, org, apiKey }));
    },
    /** A client for a credential being tried (not saved), without retries. */
    trial: (org: string, apiKey: string) => createKustomerApi({ ...shared, org, apiKey, maxRetries: 0 }),
    /** The saved key's fingerprint: what one key may read another may not. */
    fingerprint: async () => {
      const { apiKey, oauth } = await credentials.load();
      // A signed-in agent's tokens rotate; what they may read is the agent's.
      return keyFingerprint(oauth?.tokens ? `oauth:${oauth.clientId}:${oauth.user?.email ?? ''}` : (apiKey ?? ''));
    },
  };
}

export type ClientSource = ReturnType<typeof createClientSource>;
