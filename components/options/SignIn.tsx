import { useState } from 'preact/hooks';
import { browser } from '@/utils/extension-api';
import type { KustomerError } from '@/utils/kustomer/errors';
import { appDefinition, DEFAULT_SCOPES } from '@/utils/kustomer/oauth';
import { signInWithKustomer } from '@/utils/kustomer/sign-in';
import { sendRequest, type SettingsView } from '@/utils/messaging/send';
import { ErrorNotice } from '@/components/shared/ErrorNotice';
import { Notice } from '@/components/shared/Notice';
import { SET_BY_ORG } from '@/utils/storage/managed-words';

type Status = { state: 'idle' } | { state: 'busy'; what: string } | { state: 'done'; message: string } | { state: 'failed'; error: KustomerError };

/** The running build's redirect URL (what the org's app registers), when the browser offers sign-in. */
function redirectUrl(): string | undefined {
  try {
    return browser.identity?.getRedirectURL();
  } catch {
    return undefined;
  }
}

/**
 * "Sign in with Kustomer": each agent edits under their own name. The recommended way; the API key
 * below stays the alternative. Shows who is signed in, the redirect URL and the app definition an
 * org admin registers.
 */
export function SignIn({ org, orgIssue, saved, onChange }: { org: string; orgIssue?: string; saved?: SettingsView; onChange(view: SettingsView): void }) {
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const redirect = redirectUrl();
  const busy = status.state === 'busy';
  const managed = saved?.managed;
  const clientLocked = managed?.locked.includes('clientId') === true;
  const client = clientLocked ? managed!.values.clientId! : clientId.trim() || saved?.clientId || managed?.values.clientId || '';
  const scopes = managed?.values.scopes ?? DEFAULT_SCOPES;

  async function signIn() {
    if (busy) return;
    if (orgIssue) return setStatus({ state: 'failed', error: { kind: 'no-org', message: orgIssue } });
    if (!client) return setStatus({ state: 'failed', error: { kind: 'invalid-request', message: 'Enter the client id of your org’s Kustomer app first.' } });
    if (!redirect) return setStatus({ state: 'failed', error: { kind: 'invalid-request', message: 'This browser does not offer sign-in windows to extensions.' } });
    setStatus({ state: 'busy', what: `Signing in to ${org}…` });
    const result = await signInWithKustomer(
      { org, clientId: client, clientSecret: clientSecret.trim() || undefined, scopes },
      { redirectUri: redirect, launch: (url) => browser.identity.launchWebAuthFlow({ url, interactive: true }) },
      (request) => sendRequest(request),
    );
    if (!result.ok) return setStatus({ state: 'failed', error: result.error });
    setClientSecret(''); // kept by the background now; after a failure it stays typed for the next try
    onChange(result.value);
    setStatus({ state: 'done', message: `Signed in to ${result.value.org} as ${result.value.signedIn?.name ?? 'a Kustomer agent'}.` });
  }

  /** Enter in the sign-in fields signs in (the page's form around them saves a key). */
  function signInOnEnter(event: KeyboardEvent) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void signIn();
  }

  async function signOut() {
    if (busy) return;
    setStatus({ state: 'busy', what: 'Signing out…' });
    const reply = await sendRequest({ type: 'auth.signOut' });
    if (!reply.ok) return setStatus({ state: 'failed', error: reply.error });
    onChange(reply.value);
    const waiting = reply.value.waiting;
    setStatus({ state: 'done', message: `Signed out.${waiting ? ` ${waiting} ${waiting === 1 ? 'save waits' : 'saves wait'} for your next sign-in to ${reply.value.org ?? org}.` : ''}` });
  }

  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in with Kustomer (recommended)</h2>
      {saved?.signedIn ? (
        <>
          <p class="saved-state">
            Signed in to {saved.org} as {saved.signedIn.name}
            {saved.signedIn.email ? ` (${saved.signedIn.email})` : ''}: your edits carry your name in Kustomer.
          </p>
          <div class="actions">
            <button type="button" onClick={() => void signOut()} aria-disabled={busy ? 'true' : undefined}>
              Sign out
            </button>
          </div>
        </>
      ) : (
        <>
          <p class="help">Each agent signs in as themselves: edits show their name in Kustomer and are limited to what they may do.</p>
          <label class="field">
            <span class="field-label">App client id</span>
            <input
              type="text"
              value={clientLocked ? client : clientId}
              readOnly={clientLocked}
              aria-describedby={clientLocked ? 'client-id-help' : undefined}
              placeholder={saved?.clientId ?? managed?.values.clientId ?? 'From your Kustomer admin'}
              autoComplete="off"
              spellcheck={false}
              onInput={(e) => setClientId((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={signInOnEnter}
            />
          </label>
          {clientLocked && (
            <p id="client-id-help" class="help">
              {SET_BY_ORG}
            </p>
          )}
          <label class="field">
            <span class="field-label">Client secret (only if your org’s app has one)</span>
            <input type="password" value={clientSecret} autoComplete="off" spellcheck={false} onInput={(e) => setClientSecret((e.currentTarget as HTMLInputElement).value)} onKeyDown={signInOnEnter} />
          </label>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void signIn()} aria-disabled={busy ? 'true' : undefined}>
              Sign in with Kustomer
            </button>
          </div>
        </>
      )}
      {status.state === 'busy' && <Notice tone="info">{status.what}</Notice>}
      {status.state === 'done' && <Notice tone="success">{status.message}</Notice>}
      {status.state === 'failed' && <ErrorNotice error={status.error} settingsLink={false} />}
      {redirect && (
        <details class="app-definition">
          <summary>For your Kustomer admin: the app to register in {org || 'your org'}</summary>
          <p class="help">
            Redirect URL of this build: <code>{redirect}</code>. The store build has its own: register that one for agents.
          </p>
          <pre>{JSON.stringify(appDefinition({ redirectUri: redirect, scopes }), null, 2)}</pre>
        </details>
      )}
    </section>
  );
}
