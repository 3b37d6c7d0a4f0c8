// @vitest-environment node
// Settings an organization deploys (storage.managed, faked here): read and checked value by value,
// locked unless the org opens them, enforced by the background's settings and sign-in requests,
// and applied to what is kept at start (a key forgotten in the mode "oauth", the badge).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { applyManaged } from '@/utils/background/managed';
import { createMessageHandler } from '@/utils/background/handler';
import { loadManaged, MANAGED_NAMES, NOT_MANAGED, readManaged, SIGN_IN_MODES, type ManagedView } from '@/utils/storage/managed-settings';
import type { MessageSender } from '@/utils/messaging/senders';
import type { Credentials } from '@/utils/storage/credentials';
import { memoryStore } from './support/memory-credentials';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT_ID}/`;
const OPTIONS: MessageSender = { id: EXT_ID, url: `${ORIGIN}options.html`, tab: { id: 4 }, frameId: 0 };
const KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJvcmdOYW1lIjoiYWNtZSJ9.c2ln'; // payload {"orgName":"acme"}

beforeEach(() => fakeBrowser.reset());

describe('reading what the org deployed', () => {
  it('takes each valid value, locked unless the org lets the agent change it', () => {
    const managed = readManaged({ org: 'ACME.kustomerapp.com', signInMode: 'oauth', clientId: ' app-1 ', scopes: ['org.permission.customer.read'], showBadge: false, agentMayChange: ['showBadge'] });
    expect(managed).toEqual({
      values: { org: 'acme', signInMode: 'oauth', clientId: 'app-1', scopes: ['org.permission.customer.read'], showBadge: false },
      locked: ['org', 'signInMode', 'clientId', 'scopes'],
      problems: [],
    });
  });

  it('ignores a bad value, a secret and an unknown name, each named for the agent, and keeps the rest', () => {
    const managed = readManaged({ org: 'acme corp', signInMode: 'sso', clientSecret: 's3cret', theme: 'dark', showBadge: true, agentMayChange: 'all' });
    expect(managed.values).toEqual({ showBadge: true });
    expect(managed.locked).toEqual(['showBadge']); // agentMayChange unreadable: nothing is opened
    expect(managed.problems).toEqual([
      'Organization (org) from your organization is ignored: not an organization name.',
      'Sign-in (signInMode) from your organization is ignored: one of oauth, apiKey, either.',
      'agentMayChange from your organization is ignored: it lists settings by name (org, signInMode, clientId, scopes, showBadge).',
      '"clientSecret" from your organization is ignored: a secret never goes into managed settings (the extension\u2019s scripts on web pages can read them). Type it in Settings.',
      '"theme" from your organization is not a setting of this extension, and is ignored.',
    ]);
    expect(JSON.stringify(managed)).not.toContain('s3cret');
  });

  it('reads nothing where the browser has no deployment (Firefox rejects without a managed-storage manifest)', async () => {
    (fakeBrowser.storage as any).managed = { get: async () => Promise.reject(new Error('Managed storage manifest not found')) };
    expect(await loadManaged()).toEqual(NOT_MANAGED);
    (fakeBrowser.storage as any).managed = { get: async () => ({ org: 'acme' }) };
    expect(await loadManaged()).toEqual({ values: { org: 'acme' }, locked: ['org'], problems: [] });
  });

  it('the schema Chrome checks policies against lists exactly these settings', () => {
    const schema = JSON.parse(readFileSync(new URL('../../public/managed_schema.json', import.meta.url), 'utf8'));
    expect(Object.keys(schema.properties).sort()).toEqual([...MANAGED_NAMES, 'agentMayChange'].sort());
    expect(schema.properties.signInMode.enum).toEqual([...SIGN_IN_MODES]);
    expect(schema.properties.agentMayChange.items.enum).toEqual(MANAGED_NAMES);
    expect(JSON.stringify(schema)).not.toMatch(/"clientSecret"/);
  });
});

function setup(managed: ManagedView, initial: Partial<Credentials> = {}) {
  const credentials = memoryStore(initial);
  const handle = createMessageHandler({ extensionId: EXT_ID, extensionOrigin: ORIGIN, credentials, managed: async () => managed });
  return { handle, credentials };
}

describe('the background under a deployment', () => {
  it('shows the deployment in settings', async () => {
    const managed = readManaged({ org: 'acme', signInMode: 'oauth' });
    expect(await setup(managed).handle({ type: 'settings.get' }, OPTIONS)).toMatchObject({ ok: true, value: { managed } });
    expect(await setup(NOT_MANAGED).handle({ type: 'settings.get' }, OPTIONS)).not.toMatchObject({ value: { managed: expect.anything() } });
  });

  it('refuses a key in the mode "oauth", another org than the one set, and keeps nothing', async () => {
    const t = setup(readManaged({ org: 'acme', signInMode: 'oauth' }));
    expect(await t.handle({ type: 'settings.save', org: 'acme', apiKey: KEY }, OPTIONS)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request', message: 'Your organization has each agent sign in with Kustomer: API keys are turned off here.', issues: [{ path: 'apiKey' }] },
    });
    expect(await t.handle({ type: 'connection.test', org: 'acme', apiKey: KEY }, OPTIONS)).toMatchObject({ ok: false, error: { issues: [{ path: 'apiKey' }] } });
    expect(await t.handle({ type: 'settings.save', org: 'globex' }, OPTIONS)).toMatchObject({
      ok: false,
      error: { message: 'Your organization set the Kustomer organization to "acme": it cannot be changed here.', issues: [{ path: 'org' }] },
    });
    // A key made for another org than the one set is refused too, naming both.
    const globexKey = 'eyJhbGciOiJIUzI1NiJ9.eyJvcmdOYW1lIjoiZ2xvYmV4In0.c2ln'; // payload {"orgName":"globex"}
    expect(await setup(readManaged({ org: 'acme' })).handle({ type: 'settings.save', org: 'acme', apiKey: globexKey }, OPTIONS)).toMatchObject({
      ok: false,
      error: { message: 'This key is for org "globex", and your organization set "acme": paste a key made in acme.', issues: [{ path: 'apiKey' }] },
    });
    expect(t.credentials.data).toEqual({});
  });

  it('refuses a sign-in in the mode "apiKey", or with another app than the one set, before any exchange', async () => {
    const complete = { type: 'auth.complete', org: 'acme', clientId: 'other-app', code: 'code_1', verifier: 'v'.repeat(43), redirectUri: `https://${EXT_ID}.chromiumapp.org/` };
    expect(await setup(readManaged({ signInMode: 'apiKey' })).handle(complete, OPTIONS)).toMatchObject({
      ok: false,
      error: { message: 'Your organization connects with an org API key: signing in with Kustomer is turned off here.' },
    });
    expect(await setup(readManaged({ clientId: 'org-app' })).handle(complete, OPTIONS)).toMatchObject({
      ok: false,
      error: { message: 'Your organization set the app client id to "org-app": it cannot be changed here.' },
    });
  });

  it('lets the agent choose what the org only suggested', async () => {
    const t = setup(readManaged({ org: 'acme', signInMode: 'oauth', agentMayChange: ['org', 'signInMode'] }));
    expect(await t.handle({ type: 'settings.save', org: 'globex', apiKey: KEY }, OPTIONS)).toMatchObject({ ok: true, value: { org: 'globex', hasApiKey: true } });
  });
});

describe('applying a deployment to what is kept', () => {
  const badge = () => {
    const b = {
      value: undefined as boolean | undefined,
      byOrg: undefined as boolean | undefined,
      get: async () => b.value,
      set: async (show: boolean) => void (b.value = show),
      setByOrg: async (show: boolean | undefined) => void (b.byOrg = show),
    };
    return b;
  };

  it('forgets a saved key in the mode "oauth", and keeps the org', async () => {
    const credentials = memoryStore({ org: 'acme', apiKey: KEY });
    await applyManaged(readManaged({ signInMode: 'oauth' }), { credentials, badge: badge() });
    expect(credentials.data).toEqual({ org: 'acme', apiKey: undefined });
  });

  it('forgets a credential for another org than the one set (the app stays for signing in)', async () => {
    const credentials = memoryStore({ org: 'globex', oauth: { clientId: 'app', tokens: { accessToken: 'at_1', refreshToken: 'rt_1', scopes: [] } } });
    await applyManaged(readManaged({ org: 'acme' }), { credentials, badge: badge() });
    expect(credentials.data).toEqual({ org: 'acme', apiKey: undefined, oauth: { clientId: 'app', clientSecret: undefined } });
  });

  it('keeps everything when the org only suggests, or deploys nothing', async () => {
    for (const managed of [NOT_MANAGED, readManaged({ signInMode: 'oauth', org: 'acme', agentMayChange: ['signInMode', 'org'] })]) {
      const credentials = memoryStore({ org: 'globex', apiKey: KEY });
      await applyManaged(managed, { credentials, badge: badge() });
      expect(credentials.data).toEqual({ org: 'globex', apiKey: KEY });
    }
  });

  it('ends a sign-in in the mode "apiKey" or for another app than the one set, keeping the app for later', async () => {
    const signedIn = () => memoryStore({ org: 'acme', oauth: { clientId: 'app', clientSecret: 'sec', tokens: { accessToken: 'at_1', refreshToken: 'rt_1', scopes: [] } } });
    for (const managed of [readManaged({ signInMode: 'apiKey' }), readManaged({ clientId: 'org-app' })]) {
      const credentials = signedIn();
      await applyManaged(managed, { credentials, badge: badge() });
      expect(credentials.data).toEqual({ org: 'acme', oauth: { clientId: 'app', clientSecret: 'sec' } });
    }
    const kept = signedIn();
    await applyManaged(readManaged({ clientId: 'app', signInMode: 'oauth' }), { credentials: kept, badge: badge() });
    expect(kept.data.oauth?.tokens).toBeDefined();
  });

  it('sets the badge as the org locked it, apart from the agent’s choice, and starts from an open value only when the agent never chose', async () => {
    const locked = badge();
    locked.value = true;
    await applyManaged(readManaged({ showBadge: false }), { credentials: memoryStore(), badge: locked });
    expect(locked).toMatchObject({ byOrg: false, value: true });
    await applyManaged(NOT_MANAGED, { credentials: memoryStore(), badge: locked }); // the org lets go: the agent's choice is back
    expect(locked).toMatchObject({ byOrg: undefined, value: true });
    const open = badge();
    await applyManaged(readManaged({ showBadge: false, agentMayChange: ['showBadge'] }), { credentials: memoryStore(), badge: open });
    expect(open.value).toBe(false);
    open.value = true; // the agent's choice since
    await applyManaged(readManaged({ showBadge: false, agentMayChange: ['showBadge'] }), { credentials: memoryStore(), badge: open });
    expect(open.value).toBe(true);
  });
});
