// @vitest-environment node
// Signing in and out through the background's messages, against the sandbox's provider: the code
// exchanged with its verifier, one credential kept (the key forgotten), who signed in read once,
// no token in any reply; signing out revokes at Kustomer and keeps waiting saves.
import { describe, expect, it } from 'vitest';
import { createMessageHandler } from '@/utils/background/handler';
import { createDelivery } from '@/utils/outbox/delivery';
import type { OutboxEntry } from '@/utils/outbox/entries';
import { authorizeUrl, DEFAULT_SCOPES, pkceChallenge, randomToken, readAuthorizeAnswer } from '@/utils/kustomer/oauth';
import type { MessageSender } from '@/utils/messaging/senders';
import type { Credentials } from '@/utils/storage/credentials';
import { memoryStore } from './support/memory-credentials';
import { PAGES, REDIRECT, sandboxCaller, sandboxFetch, signInSandbox } from './support/sandbox-http';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT_ID}/`;
const OPTIONS: MessageSender = { id: EXT_ID, url: `${ORIGIN}options.html`, tab: { id: 4 }, frameId: 0 };
const CONTENT_SCRIPT: MessageSender = { id: EXT_ID, url: 'https://acme.kustomerapp.com/app/customers/1', tab: { id: 3 }, frameId: 0 };
const KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJvcmdOYW1lIjoiYWNtZSJ9.c2ln'; // payload {"orgName":"acme"}

const h = signInSandbox();
const call = sandboxCaller(() => h.sandbox.port);

function setup(initial: Partial<Credentials> = { org: 'acme', apiKey: KEY }) {
  const credentials = memoryStore(initial);
  const outbox = new Map<string, OutboxEntry>();
  const handle = createMessageHandler({
    extensionId: EXT_ID,
    extensionOrigin: ORIGIN,
    credentials,
    api: { fetch: sandboxFetch(() => h.sandbox.port), maxRetries: 0 },
    outbox: (api) =>
      createDelivery({
        store: { put: async (e) => void outbox.set(e.customerId, e), get: async (id) => outbox.get(id), list: async () => [...outbox.values()], remove: async (id) => void outbox.delete(id) },
        api,
        org: async () => (await credentials.load()).org,
        schedule: () => {},
        changed: () => {},
        delivered: async () => {},
      }),
  });
  return { handle, credentials, outbox };
}

/** What the settings page does: the auth window (here: the sandbox's redirect), then the code to the background. */
async function authWindow() {
  const verifier = randomToken();
  const state = randomToken();
  const url = new URL(authorizeUrl({ org: 'acme', clientId: h.sandbox.oauth.clientId, redirectUri: REDIRECT, scopes: DEFAULT_SCOPES, state, challenge: await pkceChallenge(verifier) }));
  const back = await call('GET', url.pathname + url.search, { host: PAGES });
  const code = readAuthorizeAnswer(back.headers.location!, { redirectUri: REDIRECT, state, org: 'acme' });
  if (!code.ok) throw new Error(code.error.message);
  return { type: 'auth.complete', org: 'acme', clientId: h.sandbox.oauth.clientId, code: code.value, verifier, redirectUri: REDIRECT };
}

describe('signing in', () => {
  it('exchanges the code, forgets the key, names who signed in, and puts no token in the reply', async () => {
    const t = setup();
    const reply = await t.handle(await authWindow(), OPTIONS);
    expect(reply).toEqual({ ok: true, value: { org: 'acme', hasApiKey: false, keyOrg: undefined, signedIn: { name: 'Grace Hopper', email: 'grace@acme.example' }, clientId: h.sandbox.oauth.clientId } });
    expect(JSON.stringify(reply)).not.toMatch(/at_|rt_|code_/);
    expect(t.credentials.data.apiKey).toBeUndefined();
    expect(t.credentials.data.oauth?.tokens?.accessToken).toMatch(/^at_/);
    expect(h.sandbox.oauth.exchanges).toMatchObject([{ grantType: 'authorization_code', ok: true, verifierChecked: true }]);
    expect(h.sandbox.apiRequests('GET').filter((r) => r.path === '/v1/users/current')).toHaveLength(1);
    // Edits now carry the agent's name.
    const saved = await t.handle({ type: 'customer.update', customerId: h.ada, changes: { locale: 'en-GB' } }, OPTIONS);
    expect(saved.ok).toBe(true);
    expect(h.sandbox.modifiedBy(h.ada)).toBe(h.sandbox.oauth.agents.grace.id);
  });

  it('keeps the saved key when the exchange is refused, and says why', async () => {
    const t = setup();
    const request = { ...(await authWindow()), verifier: randomToken() };
    expect(await t.handle(request, OPTIONS)).toMatchObject({
      ok: false,
      error: { message: 'Sign-in did not finish: Kustomer did not accept the code from the sign-in window ("The code_verifier does not match the code_challenge."). Sign in again.' },
    });
    h.sandbox.settings.oauth.installed = false;
    const notInstalled = await t.handle(request, OPTIONS);
    expect(notInstalled).toMatchObject({ ok: false, error: { message: expect.stringContaining('the app is not installed in org acme') } });
    expect(t.credentials.data.apiKey).toBe(KEY);
  });

  it('refuses a content script and a malformed request', async () => {
    const t = setup();
    const request = await authWindow();
    expect(await t.handle(request, CONTENT_SCRIPT)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await t.handle({ ...request, verifier: 'short' }, OPTIONS)).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(await t.handle({ ...request, redirectUri: 'http://x/' }, OPTIONS)).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(h.sandbox.oauth.exchanges).toEqual([]);
  });

  it('sends the saves that waited for it', async () => {
    const t = setup({ org: 'acme', oauth: { clientId: h.sandbox.oauth.clientId } });
    const kept = await t.handle({ type: 'customer.update', customerId: h.ada, changes: { locale: 'de-DE' } }, OPTIONS);
    expect(kept).toMatchObject({ ok: false, error: { kind: 'signed-out' } });
    expect(t.outbox.get(h.ada)).toMatchObject({ state: 'signed-out', org: 'acme' });
    await t.handle(await authWindow(), OPTIONS);
    await expect.poll(() => t.outbox.size).toBe(0);
    expect(h.sandbox.customer(h.ada)?.locale).toBe('de-DE');
  });
});

describe('signing out', () => {
  it('revokes the token at Kustomer, forgets the tokens, and counts the saves kept for the next sign-in', async () => {
    const t = setup();
    await t.handle(await authWindow(), OPTIONS);
    expect(h.sandbox.oauth.liveAccessTokens()).toBe(1);
    t.outbox.set(h.ada, { customerId: h.ada, changes: { locale: 'fr-FR' }, label: 'Ada', createdAt: 0, attempts: 0, nextAt: 0, state: 'signed-out', org: 'acme' });
    const reply = await t.handle({ type: 'auth.signOut' }, OPTIONS);
    expect(reply).toMatchObject({ ok: true, value: { org: 'acme', hasApiKey: false, waiting: 1 } });
    expect(reply.ok && reply.value).not.toHaveProperty('signedIn');
    expect(h.sandbox.oauth.liveAccessTokens()).toBe(0);
    expect(t.credentials.data.oauth).toEqual({ clientId: h.sandbox.oauth.clientId });
    expect(t.outbox.size).toBe(1);
  });

  it('happens when a key is saved, and the key then does the work', async () => {
    const t = setup();
    await t.handle(await authWindow(), OPTIONS);
    const key = h.sandbox.keys.admin;
    const reply = await t.handle({ type: 'settings.save', org: 'acme', apiKey: key }, OPTIONS);
    expect(reply).toMatchObject({ ok: true, value: { hasApiKey: true } });
    expect(reply.ok && reply.value).not.toHaveProperty('signedIn');
    expect(t.credentials.data.oauth).toEqual({ clientId: h.sandbox.oauth.clientId });
    // The app stays remembered for the next sign-in; requests go with the key meanwhile.
    expect(await t.handle({ type: 'customer.get', customerId: h.ada }, OPTIONS)).toMatchObject({ ok: true, value: { id: h.ada } });
    expect(h.sandbox.apiRequests('GET').at(-1)!.headers.authorization).toBe(`Bearer ${key}`);
  });
});
