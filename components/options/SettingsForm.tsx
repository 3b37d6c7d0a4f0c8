import { useEffect, useState } from 'preact/hooks';
import { apiKeyExpiry, apiKeyProblem, cleanApiKey, readApiKeyClaims } from '@/utils/kustomer/api-key';
import type { KustomerError } from '@/utils/kustomer/errors';
import { sendRequest, type ConnectionReport, type SettingsView } from '@/utils/messaging/send';
import { loadShowBadge, saveShowBadge } from '@/utils/storage/badge-setting';
import { loadToolbarMode, saveToolbarMode, type ToolbarMode } from '@/utils/storage/toolbar-mode';
import { normalizeOrg, orgProblem } from '@/utils/kustomer/org';
import { ErrorNotice } from '@/components/shared/ErrorNotice';
import { Notice } from '@/components/shared/Notice';
import { SignIn } from '@/components/options/SignIn';
import { API_KEYS_OFF, SET_BY_ORG, SIGN_IN_OFF } from '@/utils/storage/managed-words';
import type { ManagedName } from '@/utils/storage/managed-settings';

type Status =
  | { state: 'idle' }
  | { state: 'busy'; what: string }
  | { state: 'saved'; view: SettingsView }
  | { state: 'tested'; report: ConnectionReport }
  | { state: 'failed'; error: KustomerError };

/** API key and organization: pasted here, kept by the background, never shown again. */
export function SettingsForm() {
  const [saved, setSaved] = useState<SettingsView | undefined>();
  const [apiKey, setApiKey] = useState('');
  const [typedOrg, setOrg] = useState('');
  const [orgFromKey, setOrgFromKey] = useState(false);
  // Problems show once Save or Test connection was tried (not on blur: the text would move the
  // buttons under the pointer), then follow every keystroke.
  const [touched, setTouched] = useState({ apiKey: false, org: false });
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const [showBadge, setShowBadge] = useState<boolean | undefined>();

  const [toolbarMode, setToolbarMode] = useState<ToolbarMode | undefined>();
  useEffect(() => {
    void loadShowBadge().then(setShowBadge, () => setShowBadge(true));
    void loadToolbarMode().then(setToolbarMode, () => setToolbarMode('popup'));
  }, []);

  useEffect(() => {
    void sendRequest({ type: 'settings.get' }).then((reply) => {
      if (reply.ok) {
        setSaved(reply.value);
        const deployed = reply.value.managed;
        const orgLocked = deployed?.locked.includes('org');
        setOrg((typed) => (orgLocked ? deployed!.values.org! : typed || reply.value.org || deployed?.values.org || ''));
      } else setStatus({ state: 'failed', error: reply.error });
    });
  }, []);

  const managed = saved?.managed;
  const locked = (name: ManagedName) => managed?.locked.includes(name) === true;
  // How agents connect: what the org locked, else the agent's choice of either.
  const mode = locked('signInMode') ? managed!.values.signInMode! : 'either';
  const org = locked('org') ? managed!.values.org! : typedOrg;

  const key = cleanApiKey(apiKey);
  const keyProblem = key === '' && saved?.hasApiKey ? undefined : apiKeyProblem(key);
  const orgName = normalizeOrg(org);
  const orgIssue = orgProblem(orgName);
  const keyOrg = key ? readApiKeyClaims(key).orgName : saved?.keyOrg;
  const expiry = key ? apiKeyExpiry(readApiKeyClaims(key)) : undefined;
  const mismatch = keyOrg && orgName && !orgIssue && keyOrg !== orgName ? keyOrg : undefined;

  function onKeyInput(value: string) {
    setApiKey(value);
    const claimed = readApiKeyClaims(cleanApiKey(value)).orgName;
    // Prefill the organization from the key, unless the agent typed one of their own (or the org set it).
    if (claimed && !locked('org') && (org === '' || orgFromKey)) {
      setOrg(claimed);
      setOrgFromKey(true);
    }
  }

  async function onSave(event: Event) {
    event.preventDefault();
    if (status.state === 'busy' || mode === 'oauth') return; // no key to save: Enter in Organization does nothing
    setTouched({ apiKey: true, org: true });
    if (keyProblem || orgIssue) {
      setStatus({ state: 'failed', error: { kind: 'invalid-request', message: `Not saved: ${keyProblem ?? orgIssue}` } });
      return;
    }
    setStatus({ state: 'busy', what: 'Saving…' });
    const reply = await sendRequest({ type: 'settings.save', org: orgName, ...(key ? { apiKey: key } : {}) });
    if (reply.ok) {
      setSaved(reply.value);
      setApiKey(''); // the key now lives in the background only
      setOrg(reply.value.org ?? orgName);
      setOrgFromKey(false);
      setStatus({ state: 'saved', view: reply.value });
    } else setStatus({ state: 'failed', error: reply.error });
  }

  async function onTest() {
    if (status.state === 'busy') return;
    setTouched({ apiKey: true, org: true });
    if (keyProblem || orgIssue) {
      setStatus({ state: 'failed', error: { kind: 'invalid-request', message: `Not tested: ${keyProblem ?? orgIssue}` } });
      return;
    }
    setStatus({ state: 'busy', what: 'Testing the connection…' });
    const reply = await sendRequest({ type: 'connection.test', org: orgName, ...(key ? { apiKey: key } : {}) });
    setStatus(reply.ok ? { state: 'tested', report: reply.value } : { state: 'failed', error: reply.error });
  }

  const busy = status.state === 'busy';
  const badgeLocked = locked('showBadge');
  return (
    <form class="settings" onSubmit={onSave} noValidate>
      <h1>Kustomer connection</h1>
      {managed && managed.problems.length > 0 && (
        <ul class="managed-problems" aria-label="Settings from your organization that were ignored">
          {managed.problems.map((problem) => (
            <li class="problem" key={problem}>
              {problem}
            </li>
          ))}
        </ul>
      )}
      <label class="field">
        <span class="field-label">Organization</span>
        <input
          type="text"
          value={org}
          onInput={(e) => {
            setOrg((e.currentTarget as HTMLInputElement).value);
            setOrgFromKey(false);
          }}
          readOnly={locked('org')}
          autoComplete="off"
          spellcheck={false}
          placeholder="acme"
          aria-invalid={touched.org && orgIssue ? 'true' : undefined}
          aria-describedby="org-help"
        />
      </label>
      <p id="org-help" class={touched.org && orgIssue ? 'problem' : 'help'}>
        {locked('org')
          ? SET_BY_ORG
          : touched.org && orgIssue
            ? orgIssue
            : mismatch
              ? `The key names org "${mismatch}": check this is the org you mean.`
              : orgFromKey
                ? 'Read from the key.'
                : 'The "acme" of acme.kustomerapp.com.'}
      </p>
      {mode === 'apiKey' ? (
        <p class="help sign-in-off">{SIGN_IN_OFF}</p>
      ) : (
        <SignIn org={orgName} orgIssue={orgIssue} saved={saved} onChange={setSaved} />
      )}
      {mode === 'oauth' ? (
        <p class="help api-key-off">{API_KEYS_OFF}</p>
      ) : (
        <>
      <h2>{mode === 'apiKey' ? 'Org API key' : 'Or an org API key'}</h2>
      <p class="saved-state">
        {saved === undefined
          ? 'Reading settings…'
          : saved.signedIn
            ? 'You are signed in: an API key saved here replaces your sign-in (edits then show the key’s machine user).'
            : saved.hasApiKey
            ? `An API key is saved${saved.org ? ` for org "${saved.org}"` : ''}. Paste a new one to replace it.`
            : 'No API key saved yet.'}
      </p>
      <label class="field">
        <span class="field-label">API key</span>
        <input
          type="password"
          value={apiKey}
          onInput={(e) => onKeyInput((e.currentTarget as HTMLInputElement).value)}
          autoComplete="off"
          spellcheck={false}
          placeholder={saved?.hasApiKey ? 'Saved key kept unless you paste a new one' : 'Paste the key from Kustomer'}
          aria-invalid={touched.apiKey && keyProblem ? 'true' : undefined}
          aria-describedby="api-key-help"
          autoFocus
        />
      </label>
      <p id="api-key-help" class={(touched.apiKey && keyProblem) || expiry ? 'problem' : 'help'}>
        {touched.apiKey && keyProblem
          ? keyProblem
          : (expiry ?? 'Needs the customer read and update roles. It stays in this browser and is sent only to your org.')}
      </p>
      <div class="actions">
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          Save
        </button>
        <button type="button" onClick={() => void onTest()} aria-disabled={busy ? 'true' : undefined}>
          Test connection
        </button>
      </div>
      {status.state === 'busy' && <Notice tone="info">{status.what}</Notice>}
        </>
      )}
      <h2>The toolbar button opens</h2>
      <div class="choices" role="radiogroup" aria-label="The toolbar button opens">
        {(
          [
            ['popup', 'The popup', 'It closes when you click back into the page.'],
            ['panel', 'The side panel', 'It stays open beside the page and follows the customer it shows (Alt+Shift+K, Alt+Shift+U and the badge open it too).'],
          ] as const
        ).map(([value, label, help]) => (
          <label class="check" key={value}>
            <input
              type="radio"
              name="toolbar-mode"
              value={value}
              checked={(toolbarMode ?? 'popup') === value}
              disabled={toolbarMode === undefined}
              onChange={() => {
                setToolbarMode(value);
                void saveToolbarMode(value);
              }}
            />
            {label}: <span class="help">{help}</span>
          </label>
        ))}
      </div>
      <h2>On Kustomer pages</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={badgeLocked ? managed!.values.showBadge : (showBadge ?? true)}
          disabled={showBadge === undefined || badgeLocked}
          aria-describedby="badge-help"
          onChange={(e) => {
            const show = (e.currentTarget as HTMLInputElement).checked;
            setShowBadge(show);
            void saveShowBadge(show);
          }}
        />
        Show the "Update customer" badge
      </label>
      <p id="badge-help" class="help">
        A small button at the corner of Kustomer's agent app that opens the editor on the customer shown.{badgeLocked && ` ${SET_BY_ORG}`}
      </p>
      {status.state === 'saved' && (
        <Notice tone="success">Saved. {status.view.hasApiKey ? `Key stored for org "${status.view.org}".` : 'No key stored yet.'}</Notice>
      )}
      {status.state === 'tested' && (
        <Notice tone={status.report.orgReached && status.report.keyAccepted ? 'success' : 'error'}>{status.report.message}</Notice>
      )}
      {status.state === 'failed' && <ErrorNotice error={status.error} settingsLink={false} />}
    </form>
  );
}
