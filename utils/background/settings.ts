/** The settings requests: the org and key the background keeps, and trying them against Kustomer. */
import { apiKeyProblem, cleanApiKey, readApiKeyClaims } from '@/utils/kustomer/api-key';
import { kustomerApiBaseUrl } from '@/utils/kustomer/client';
import { fail, ok, type Result } from '@/utils/kustomer/errors';
import { normalizeOrg, orgProblem } from '@/utils/kustomer/org';
import type { ConnectionReport, SettingsView } from '@/utils/messaging/protocol';
import type { Handlers } from '@/utils/background/handler';
import type { ClientSource, CredentialStore } from '@/utils/background/client';
import { managedRefusal } from '@/utils/background/managed';
import type { ManagedView } from '@/utils/storage/managed-settings';

const refused = (path: string, message: string) => fail({ kind: 'invalid-request', message, issues: [{ path, message }] });

/** What settings show: the org and its credential, never the key or a token; and what the org deployed. */
export async function settingsView(credentials: CredentialStore, managed?: ManagedView): Promise<Result<SettingsView>> {
  const { org, apiKey, oauth } = await credentials.load();
  const deployed = managed && (managed.locked.length > 0 || managed.problems.length > 0 || Object.keys(managed.values).length > 0);
  return ok({
    org,
    hasApiKey: Boolean(apiKey),
    keyOrg: apiKey ? readApiKeyClaims(apiKey).orgName : undefined,
    ...(oauth?.tokens && { signedIn: oauth.user ?? { name: 'a Kustomer agent', email: '' } }),
    ...(oauth && { clientId: oauth.clientId }),
    ...(deployed && { managed }),
  });
}

export function settingsHandlers(
  credentials: CredentialStore,
  clients: ClientSource,
  managed: () => Promise<ManagedView>,
): Pick<Handlers, 'settings.get' | 'settings.save' | 'settings.clear' | 'connection.test'> {
  const view = async () => settingsView(credentials, await managed());

  return {
    'settings.get': view,
    'settings.save': async (request) => {
      const org = normalizeOrg(request.org);
      const problem = orgProblem(org);
      if (problem) return refused('org', problem);
      const apiKey = request.apiKey === undefined ? undefined : cleanApiKey(request.apiKey);
      const keyProblem = apiKey === undefined ? undefined : apiKeyProblem(apiKey);
      if (keyProblem) return refused('apiKey', keyProblem);
      const locked = managedRefusal(await managed(), { org, apiKey: apiKey !== undefined, keyOrg: apiKey && readApiKeyClaims(apiKey).orgName });
      if (locked) return refused(locked.path, locked.message);
      // Exactly one credential: saving a key signs the agent out (the app's client id stays for later).
      const { oauth } = await credentials.load();
      const signOut = apiKey !== undefined && oauth ? { oauth: { clientId: oauth.clientId } } : {};
      await credentials.save(apiKey === undefined ? { org } : { org, apiKey, ...signOut });
      return view();
    },
    'settings.clear': async () => {
      await credentials.clear();
      return view();
    },
    'connection.test': async (request): Promise<Result<ConnectionReport>> => {
      const saved = await credentials.load();
      const apiKey = request.apiKey !== undefined ? cleanApiKey(request.apiKey) : saved.apiKey;
      const org = request.org !== undefined ? normalizeOrg(request.org) : saved.org;
      if (!apiKey) return fail({ kind: 'no-key', message: 'Paste an API key first.' });
      const keyProblem = apiKeyProblem(apiKey);
      if (keyProblem) return refused('apiKey', keyProblem);
      const problem = orgProblem(org ?? '');
      if (problem || !org) return fail({ kind: 'no-org', message: problem ?? '', issues: [{ path: 'org', message: problem ?? '' }] });
      const locked = managedRefusal(await managed(), { org, apiKey: true, keyOrg: readApiKeyClaims(apiKey).orgName });
      if (locked) return refused(locked.path, locked.message);

      const host = new URL(kustomerApiBaseUrl(org)).host;
      const keyOrg = readApiKeyClaims(apiKey).orgName;
      const mismatch = keyOrg && keyOrg !== org ? ` The key names org "${keyOrg}", not "${org}".` : '';
      const result = await clients.trial(org, apiKey).testConnection();
      if (result.ok) return ok({ host, orgReached: true, keyAccepted: true, message: `Connected: ${host} reached and the key accepted.` });
      const { error } = result;
      if (error.kind !== 'http') return ok({ host, orgReached: false, keyAccepted: false, message: `${error.message}${mismatch}` });
      const keyRefused = error.status === 401 || error.status === 403;
      return ok({
        host,
        orgReached: true,
        keyAccepted: !keyRefused,
        message: keyRefused ? `${host} reached, but the key was refused. ${error.message}${mismatch}` : `${host} reached, but the test call failed. ${error.message}${mismatch}`,
      });
    },
  };
}
