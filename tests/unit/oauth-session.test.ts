// @vitest-environment node
// A signed-in agent's requests against the sandbox's OAuth provider: the token used like a key,
// refreshed once when it expires (one refresh for concurrent requests, saved before use), a
// refused refresh ending the session, a second 401 read as a missing role, and a refresh whose
// answer was lost (the worker stopped) leaving either a working session or a clear "sign in".
import { describe, expect, it } from 'vitest';
import { createClientSource } from '@/utils/background/client';
import { authorizeUrl, codeExchangeForm, DEFAULT_SCOPES, pkceChallenge, randomToken, readAuthorizeAnswer, readTokenReply, tokenEndpoint } from '@/utils/kustomer/oauth';
import { memoryStore } from './support/memory-credentials';
import { PAGES, REDIRECT, sandboxCaller, sandboxFetch, signInSandbox } from './support/sandbox-http';

const ORG = 'acme';

const h = signInSandbox();
const call = sandboxCaller(() => h.sandbox.port);
const fetch = sandboxFetch(() => h.sandbox.port);

/** Signs in as the sandbox's signed-in agent and returns the background's store and clients. */
async function signedIn() {
  const verifier = randomToken();
  const state = randomToken();
  const url = new URL(authorizeUrl({ org: ORG, clientId: h.sandbox.oauth.clientId, redirectUri: REDIRECT, scopes: DEFAULT_SCOPES, state, challenge: await pkceChallenge(verifier) }));
  const back = await call('GET', url.pathname + url.search, { host: PAGES });
  const code = readAuthorizeAnswer(back.headers.location!, { redirectUri: REDIRECT, state, org: ORG });
  if (!code.ok) throw new Error(code.error.message);
  const reply = await fetch(tokenEndpoint(ORG), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: codeExchangeForm({ org: ORG, clientId: h.sandbox.oauth.clientId }, { code: code.value, verifier, redirectUri: REDIRECT }).toString(),
  });
  const tokens = readTokenReply(await reply.text(), { now: Date.now() });
  if (!tokens.ok) throw new Error(tokens.error.message);
  const store = memoryStore({ org: ORG, oauth: { clientId: h.sandbox.oauth.clientId, tokens: tokens.value } });
  return { store, clients: createClientSource(store, { fetch, maxRetries: 0 }) };
}

const refreshes = () => h.sandbox.oauth.exchanges.filter((e) => e.grantType === 'refresh_token');

async function save(clients: ReturnType<typeof createClientSource>, locale: string) {
  const api = await clients.api();
  if (!api.ok) return api;
  return api.value.updateCustomer(h.ada, { locale });
}

describe('a signed-in agent’s requests', () => {
  it('go with the agent’s token, and Kustomer records the agent as the author', async () => {
    const { clients } = await signedIn();
    const saved = await save(clients, 'en-GB');
    expect(saved.ok).toBe(true);
    expect(h.sandbox.modifiedBy(h.ada)).toBe(h.sandbox.oauth.agents.grace.id);
    expect(refreshes()).toEqual([]);
  });

  it('renew an expired token once and succeed; the new tokens are saved before they are used', async () => {
    const { store, clients } = await signedIn();
    const before = store.data.oauth!.tokens!;
    h.sandbox.oauth.expireAccessTokens();
    const saved = await save(clients, 'fr-FR');
    expect(saved.ok).toBe(true);
    expect(refreshes()).toMatchObject([{ ok: true }]);
    const after = store.data.oauth!.tokens!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    const patch = h.sandbox.apiRequests('PATCH').at(-1)!;
    expect(patch.headers.authorization).toBe(`Bearer ${after.accessToken}`);
    expect(h.sandbox.apiRequests('PATCH').map((r) => r.status)).toEqual([401, 200]);
  });

  it('three saves with an expired token cause exactly one refresh, and all three succeed', async () => {
    const { clients } = await signedIn();
    h.sandbox.oauth.expireAccessTokens();
    const results = await Promise.all(['de-DE', 'es-ES', 'it-IT'].map((locale) => save(clients, locale)));
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(refreshes()).toHaveLength(1);
  });

  it('refresh before use a token about to expire (Kustomer never sees it refused)', async () => {
    const { store, clients } = await signedIn();
    store.data.oauth!.tokens!.expiresAt = Date.now() + 30_000;
    expect((await save(clients, 'nl-NL')).ok).toBe(true);
    expect(refreshes()).toHaveLength(1);
    expect(h.sandbox.apiRequests().filter((r) => r.status === 401)).toEqual([]);
  });

  it('end the session when Kustomer refuses the refresh: signed out, the org and app kept for signing in again', async () => {
    const { store, clients } = await signedIn();
    h.sandbox.oauth.expireAccessTokens();
    h.sandbox.settings.oauth.refuseRefresh = true;
    const saved = await save(clients, 'pt-PT');
    expect(saved).toMatchObject({ ok: false, error: { kind: 'signed-out', message: 'Your Kustomer sign-in for acme has ended. Sign in to acme in Settings: your saves wait until then.' } });
    expect(store.data).toEqual({ org: ORG, oauth: { clientId: h.sandbox.oauth.clientId } });
    expect(await clients.api()).toMatchObject({ ok: false, error: { kind: 'signed-out' } });
    expect(JSON.stringify(saved)).not.toMatch(/at_|rt_/);
  });

  it('read a 401 after a good refresh as a missing role, with no second refresh', async () => {
    h.sandbox.settings.oauth.agent = 'linus';
    const { clients } = await signedIn();
    const saved = await save(clients, 'sv-SE');
    expect(saved).toMatchObject({ ok: false, error: { kind: 'http', status: 401, message: expect.stringContaining('your Kustomer sign-in does not allow this: it lacks the customer-update role') } });
    expect(refreshes()).toHaveLength(1);
    expect(h.sandbox.apiRequests('PATCH').map((r) => r.status)).toEqual([401, 401]);
  });

  it('after a refresh whose answer was lost (the worker stopped), the next save asks to sign in rather than failing unclearly', async () => {
    const { clients } = await signedIn();
    h.sandbox.oauth.expireAccessTokens();
    h.sandbox.addFault({ method: 'POST', path: '/oauth/token', drop: 'after' });
    const lost = await save(clients, 'da-DK');
    expect(lost).toMatchObject({ ok: false, error: { kind: 'network' } });
    // Kustomer used the refresh token; ours is the old one: the grant ends, and the agent is asked to sign in.
    const next = await save(clients, 'da-DK');
    expect(next).toMatchObject({ ok: false, error: { kind: 'signed-out' } });
    expect(refreshes().map((e) => e.ok)).toEqual([true, false]);
  });
});
