// @vitest-environment node
// Kustomer sign-in's pure parts: PKCE, the authorize address, the auth window's answer, the token
// endpoint's forms and replies; the whole code flow once against the sandbox's provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server.mjs';
import {
  appDefinition,
  authorizeUrl,
  codeExchangeForm,
  DEFAULT_SCOPES,
  pkceChallenge,
  randomToken,
  readAuthorizeAnswer,
  readTokenRefusal,
  readTokenReply,
  refreshForm,
  tokenEndpoint,
} from '@/utils/kustomer/oauth';
import { PAGES, REDIRECT, sandboxCaller } from './support/sandbox-http';

const ORG = 'acme';

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636’s example', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers and states of 43 base64url characters, new each time', () => {
    const made = new Set(Array.from({ length: 50 }, randomToken));
    expect(made.size).toBe(50);
    for (const token of made) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('the auth window’s answer', () => {
  const expecting = { redirectUri: REDIRECT, state: 'st-1', org: ORG };
  const answer = (query: string) => readAuthorizeAnswer(`${REDIRECT}?${query}`, expecting);

  it('gives the code when it comes back to our redirect with our state', () => {
    expect(answer('code=abc&state=st-1')).toEqual({ ok: true, value: 'abc' });
  });

  it('refuses an answer for another sign-in, at another address, or without a code', () => {
    expect(answer('code=abc&state=other')).toMatchObject({ ok: false, error: { message: expect.stringContaining('its state differs') } });
    expect(answer('code=abc')).toMatchObject({ ok: false, error: { message: expect.stringContaining('its state differs') } });
    expect(readAuthorizeAnswer('https://evil.example/?code=abc&state=st-1', expecting)).toMatchObject({ ok: false, error: { message: expect.stringContaining('another address') } });
    expect(answer('state=st-1')).toMatchObject({ ok: false, error: { message: 'Sign-in did not finish: Kustomer sent no authorization code.' } });
    expect(readAuthorizeAnswer('not a url', expecting).ok).toBe(false);
  });

  it('says what Kustomer refused: a declined consent, a scope, anything else by its code', () => {
    expect(answer('error=access_denied&state=st-1')).toMatchObject({ ok: false, error: { message: 'Sign-in was declined in Kustomer: the extension was not allowed to act for you in acme.' } });
    const scope = answer(`error=invalid_scope&error_description=${encodeURIComponent('Unknown scope: org.permission.x')}&state=st-1`);
    expect(scope).toMatchObject({ ok: false, error: { message: expect.stringContaining('(Unknown scope: org.permission.x)'), detail: 'Unknown scope: org.permission.x' } });
    expect(answer('error=server_error&state=st-1')).toMatchObject({ ok: false, error: { message: 'Kustomer refused the sign-in (server_error).' } });
  });
});

describe('token replies and refusals', () => {
  it('read the tokens, their expiry and scopes; a refresh without a new refresh token keeps the old one', () => {
    const first = readTokenReply(JSON.stringify({ access_token: 'a1', token_type: 'Bearer', expires_in: 60, refresh_token: 'r1', scope: 'x offline_access' }), { now: 1000 });
    expect(first).toEqual({ ok: true, value: { accessToken: 'a1', refreshToken: 'r1', expiresAt: 61_000, scopes: ['x', 'offline_access'] } });
    const next = readTokenReply(JSON.stringify({ access_token: 'a2', token_type: 'bearer' }), { now: 2000, previous: first.ok ? first.value : undefined });
    expect(next).toEqual({ ok: true, value: { accessToken: 'a2', refreshToken: 'r1', expiresAt: undefined, scopes: ['x', 'offline_access'] } });
    expect(readTokenReply('{"token_type":"Bearer"}', { now: 0 })).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
    expect(readTokenReply('{"access_token":"a","token_type":"mac"}', { now: 0 }).ok).toBe(false);
    expect(readTokenReply('<html>', { now: 0 })).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
  });

  it('explain invalid_client as an app not installed in the org, and invalid_grant as a session that ended', () => {
    const client = readTokenRefusal(401, '{"error":"invalid_client","error_description":"no app"}', ORG);
    expect(client.ended).toBe(false);
    expect(client.message).toBe('Sign-in did not finish. If Kustomer showed "Invalid Client", the app is not installed in org acme: an admin of acme registers and installs it with the app definition below. Kustomer says: "no app"');
    const grant = readTokenRefusal(400, '{"error":"invalid_grant"}', ORG);
    expect(grant).toMatchObject({ ended: true, message: 'Your Kustomer sign-in for acme has ended: sign in again in Settings.' });
    expect(readTokenRefusal(500, 'oops', ORG)).toMatchObject({ ended: false, message: 'Kustomer’s sign-in refused the request (HTTP 500).' });
  });

  it('send the client secret only when there is one', () => {
    expect(Object.fromEntries(refreshForm({ org: ORG, clientId: 'c' }, 'r1'))).toEqual({ grant_type: 'refresh_token', refresh_token: 'r1', client_id: 'c' });
    expect(refreshForm({ org: ORG, clientId: 'c', clientSecret: 's' }, 'r1').get('client_secret')).toBe('s');
  });

  it('the app definition names the redirect and the scopes', () => {
    expect(appDefinition({ redirectUri: REDIRECT, scopes: DEFAULT_SCOPES })).toEqual({ name: 'Kustomer Customer Updater', redirectUris: [REDIRECT], scopes: [...DEFAULT_SCOPES] });
  });
});

describe('the code flow against the sandbox', () => {
  let sandbox: Sandbox;
  const call = sandboxCaller(() => sandbox.port);
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    sandbox.settings.oauth.redirectUris = [REDIRECT];
  });
  afterAll(() => sandbox?.close());

  it('signs in: the sandbox checks our challenge against our verifier and issues tokens for Grace', async () => {
    const verifier = randomToken();
    const state = randomToken();
    const url = new URL(authorizeUrl({ org: ORG, clientId: sandbox.oauth.clientId, redirectUri: REDIRECT, scopes: DEFAULT_SCOPES, state, challenge: await pkceChallenge(verifier) }));
    expect(url.origin).toBe('https://acme.kustomerapp.com');
    const back = await call('GET', url.pathname + url.search, { host: PAGES });
    const code = readAuthorizeAnswer(back.headers.location!, { redirectUri: REDIRECT, state, org: ORG });
    expect(code.ok).toBe(true);
    const endpoint = new URL(tokenEndpoint(ORG));
    const form = codeExchangeForm({ org: ORG, clientId: sandbox.oauth.clientId }, { code: code.ok ? code.value : '', verifier, redirectUri: REDIRECT });
    const reply = await call('POST', endpoint.pathname, { host: endpoint.host, body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const tokens = readTokenReply(reply.text, { now: Date.now() });
    expect(tokens).toMatchObject({ ok: true, value: { scopes: [...DEFAULT_SCOPES], refreshToken: expect.any(String) } });
    expect(sandbox.oauth.exchanges).toMatchObject([{ grantType: 'authorization_code', ok: true, verifierChecked: true }]);
    const me = await call('GET', '/v1/users/current', { key: tokens.ok ? tokens.value.accessToken : '' });
    expect(me.json.data.attributes.name).toBe('Grace Hopper');
  });
});
