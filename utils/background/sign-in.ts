/**
 * Signing in and out with Kustomer (per-user OAuth): the settings page runs the auth window and
 * hands the code it brought back; the background exchanges it, keeps the tokens as the one
 * credential (a saved key is forgotten), reads who signed in once, and sends the saves that waited
 * for it. Signing out revokes the token at Kustomer where it can and forgets the tokens; saves
 * waiting stay for the next sign-in to that org.
 */
import { fail, ok } from '@/utils/kustomer/errors';
import { normalizeOrg, orgProblem } from '@/utils/kustomer/org';
import type { Handlers } from '@/utils/background/handler';
import type { ClientSource, CredentialStore } from '@/utils/background/client';
import { settingsView } from '@/utils/background/settings';
import { managedRefusal } from '@/utils/background/managed';
import type { ManagedView } from '@/utils/storage/managed-settings';

export interface SignInDeps {
  credentials: CredentialStore;
  clients: ClientSource;
  /** The saves waiting in the outbox (none without one). */
  waiting(): Promise<number>;
  /** Signed in: deliver what waited for it. */
  signedIn(): void;
  /** What the org deployed. */
  managed(): Promise<ManagedView>;
}

export function signInHandlers({ credentials, clients, waiting, signedIn, managed }: SignInDeps): Pick<Handlers, 'auth.complete' | 'auth.signOut'> {
  return {
    'auth.complete': async (request) => {
      const org = normalizeOrg(request.org);
      const problem = orgProblem(org);
      if (problem) return fail({ kind: 'invalid-request', message: problem, issues: [{ path: 'org', message: problem }] });
      const deployed = await managed();
      const locked = managedRefusal(deployed, { org, signIn: { clientId: request.clientId } });
      if (locked) return fail({ kind: 'invalid-request', message: locked.message, issues: [locked] });
      const clientSecret = request.clientSecret?.trim() || undefined;
      const tokens = await clients.session.exchange({ org, clientId: request.clientId, clientSecret }, request);
      if (!tokens.ok) return tokens;
      // Written before any request uses them; the key, if one was saved, is forgotten.
      await credentials.save({ org, apiKey: undefined, oauth: { clientId: request.clientId, clientSecret, tokens: tokens.value } });
      const api = await clients.api();
      const user = api.ok ? await api.value.getCurrentUser() : api;
      if (user.ok) {
        const { oauth } = await credentials.load();
        if (oauth) await credentials.save({ oauth: { ...oauth, user: user.value } });
      }
      signedIn();
      return settingsView(credentials, deployed);
    },
    'auth.signOut': async () => {
      const { oauth } = await credentials.load();
      if (oauth?.tokens) {
        const api = await clients.api();
        if (api.ok) await api.value.revokeToken(); // where Kustomer can; the tokens go either way
        await credentials.save({ oauth: { clientId: oauth.clientId, clientSecret: oauth.clientSecret } });
      }
      const view = await settingsView(credentials, await managed());
      return view.ok ? ok({ ...view.value, waiting: await waiting() }) : view;
    },
  };
}
