// @vitest-environment node
// The sandbox's OAuth provider over real HTTPS, as Kustomer's README describes it: authorize on the
// agent host, the token endpoint on the org's API host, PKCE S256, rotating refresh tokens, and a
// token used exactly like a key, whose edits are the agent's.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API, PAGES, REDIRECT, sandboxCaller, signInSandbox } from './support/sandbox-http';

const SCOPES = 'org.permission.customer.read org.permission.customer.update org.permission.tag.read offline_access';

const h = signInSandbox();
const call = sandboxCaller(() => h.sandbox.port);

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizePath(params: Record<string, string | undefined>) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value);
  return `/oauth/authorize?${query}`;
}

const baseParams = (challenge: string) => ({
  response_type: 'code',
  client_id: h.sandbox.oauth.clientId,
  redirect_uri: REDIRECT,
  scope: SCOPES,
  state: 'st-123',
  code_challenge: challenge,
  code_challenge_method: 'S256',
});

/** Follows authorize to its redirect and returns the redirect's query. */
async function authorize(params: Record<string, string | undefined>) {
  const reply = await call('GET', authorizePath(params), { host: PAGES });
  expect(reply.status).toBe(302);
  const location = new URL(reply.headers.location!);
  expect(location.origin + location.pathname).toBe(REDIRECT);
  return location.searchParams;
}

const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const tokenCall = (fields: Record<string, string>, host = API) => call('POST', '/oauth/token', { host, ...form(fields) });

async function signIn() {
  const { verifier, challenge } = pkce();
  const code = (await authorize(baseParams(challenge))).get('code')!;
  const reply = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: h.sandbox.oauth.clientId, code_verifier: verifier });
  expect(reply.status).toBe(200);
  return reply.json as { access_token: string; refresh_token: string; expires_in: number; token_type: string; scope: string };
}

describe('authorize', () => {
  it('sends the signed-in agent back to the registered redirect with a code and the state', async () => {
    const back = await authorize(baseParams(pkce().challenge));
    expect(back.get('code')).toMatch(/^code_/);
    expect(back.get('state')).toBe('st-123');
  });

  it('refuses an app not installed in the org, or another org, with "Invalid Client" (400, no redirect)', async () => {
    h.sandbox.settings.oauth.installed = false;
    let reply = await call('GET', authorizePath(baseParams(pkce().challenge)), { host: PAGES });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('Invalid Client');
    h.sandbox.settings.oauth.installed = true;
    reply = await call('GET', authorizePath(baseParams(pkce().challenge)), { host: 'globex.kustomerapp.com' });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('Invalid Client');
    reply = await call('GET', authorizePath({ ...baseParams(pkce().challenge), client_id: 'someone-else' }), { host: PAGES });
    expect(reply.text).toContain('Invalid Client');
  });

  it('never redirects to an address the app did not register', async () => {
    const reply = await call('GET', authorizePath({ ...baseParams(pkce().challenge), redirect_uri: 'https://evil.example/' }), { host: PAGES });
    expect(reply.status).toBe(400);
    expect(reply.headers.location).toBeUndefined();
    expect(reply.text).toContain('is not registered');
  });

  it('asks for PKCE S256 and names a scope Kustomer does not know', async () => {
    expect(Object.fromEntries(await authorize({ ...baseParams(pkce().challenge), code_challenge_method: 'plain' }))).toMatchObject({ error: 'invalid_request', state: 'st-123' });
    expect(Object.fromEntries(await authorize({ ...baseParams(''), code_challenge: undefined }))).toMatchObject({ error: 'invalid_request' });
    const back = await authorize({ ...baseParams(pkce().challenge), scope: `${SCOPES} org.permission.everything` });
    expect(back.get('error')).toBe('invalid_scope');
    expect(back.get('error_description')).toBe('Unknown scope: org.permission.everything');
  });

  it('consent "deny" comes back as access_denied with the state', async () => {
    h.sandbox.settings.oauth.consent = 'deny';
    expect(Object.fromEntries(await authorize(baseParams(pkce().challenge)))).toMatchObject({ error: 'access_denied', state: 'st-123' });
  });

  it('consent "page" shows a sign-in form; Allow signs in the agent who typed their email, Deny refuses', async () => {
    h.sandbox.settings.oauth.consent = 'page';
    const { verifier, challenge } = pkce();
    const shown = await call('GET', authorizePath(baseParams(challenge)), { host: PAGES });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<form method="post" action="/oauth/authorize">');
    expect(shown.text).toContain('value="st-123"');
    const fields = { ...baseParams(challenge), email: 'linus@acme.example', decision: 'allow' };
    const allowed = await call('POST', '/oauth/authorize', { host: PAGES, ...form(fields) });
    expect(allowed.status).toBe(302);
    const code = new URL(allowed.headers.location!).searchParams.get('code')!;
    const tokens = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: h.sandbox.oauth.clientId, code_verifier: verifier });
    const me = await call('GET', '/v1/users/current', { key: tokens.json.access_token });
    expect(me.json.data.attributes).toMatchObject({ name: 'Linus Pauling', email: 'linus@acme.example', userType: 'user' });

    const unknown = await call('POST', '/oauth/authorize', { host: PAGES, ...form({ ...fields, email: 'nobody@acme.example' }) });
    expect(unknown.status).toBe(200);
    expect(unknown.text).toContain('No agent of acme signs in as');
    const denied = await call('POST', '/oauth/authorize', { host: PAGES, ...form({ ...fields, decision: 'deny' }) });
    expect(new URL(denied.headers.location!).searchParams.get('error')).toBe('access_denied');
  });
});

describe('the token endpoint', () => {
  it('exchanges a code once, with the verifier of its challenge and the same redirect', async () => {
    const { verifier, challenge } = pkce();
    const code = (await authorize(baseParams(challenge))).get('code')!;
    const exchange = (fields: Record<string, string>) =>
      tokenCall({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: h.sandbox.oauth.clientId, code_verifier: verifier, ...fields });
    const wrong = await exchange({ code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({ error: 'invalid_grant', error_description: 'The code_verifier does not match the code_challenge.' });
    expect((await exchange({ redirect_uri: 'https://other.chromiumapp.org/' })).json.error).toBe('invalid_grant');
    const good = await exchange({});
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ token_type: 'Bearer', expires_in: 86_400, scope: SCOPES });
    expect(good.json.access_token).toMatch(/^at_/);
    expect(good.json.refresh_token).toMatch(/^rt_/);
    expect(good.headers['cache-control']).toBe('no-store');
    expect((await exchange({})).json.error).toBe('invalid_grant'); // used
    expect(h.sandbox.oauth.exchanges.map((e) => [e.grantType, e.ok, e.verifierChecked])).toEqual([
      ['authorization_code', false, false],
      ['authorization_code', false, undefined],
      ['authorization_code', true, true],
      ['authorization_code', false, undefined],
    ]);
  });

  it('answers invalid_client (401) for an app not installed, on another org’s host, or without its secret', async () => {
    const { verifier, challenge } = pkce();
    const code = (await authorize(baseParams(challenge))).get('code')!;
    const fields = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: h.sandbox.oauth.clientId, code_verifier: verifier };
    expect((await tokenCall(fields, 'globex.api.kustomerapp.com')).json.error).toBe('invalid_client');
    h.sandbox.settings.oauth.clientSecret = 's3cret';
    const missing = await tokenCall(fields);
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({ error: 'invalid_client', error_description: 'This app needs its client secret.' });
    expect((await tokenCall({ ...fields, client_secret: 'nope' })).json.error_description).toBe('The client secret is wrong.');
    expect((await tokenCall({ ...fields, client_secret: 's3cret' })).status).toBe(200);
    h.sandbox.settings.oauth.installed = false;
    expect((await tokenCall({ grant_type: 'refresh_token', refresh_token: 'x', client_id: h.sandbox.oauth.clientId, client_secret: 's3cret' })).status).toBe(401);
  });

  it('wants a form body', async () => {
    const reply = await call('POST', '/oauth/token', { body: { grant_type: 'authorization_code' } });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe('invalid_request');
  });
});

describe('a signed-in agent’s tokens', () => {
  it('are used like a key, and the agent is the author of the edit', async () => {
    const { access_token } = await signIn();
    expect((await call('GET', `/v1/customers/${h.ada}`, { key: access_token })).status).toBe(200);
    const patched = await call('PATCH', `/v1/customers/${h.ada}`, { key: access_token, body: { locale: 'en-GB' } });
    expect(patched.status).toBe(200);
    expect(h.sandbox.modifiedBy(h.ada)).toBe(h.sandbox.oauth.agents.grace.id);
    const me = await call('GET', '/v1/users/current', { key: access_token });
    expect(me.json.data).toMatchObject({ type: 'user', id: h.sandbox.oauth.agents.grace.id, attributes: { name: 'Grace Hopper', email: 'grace@acme.example', userType: 'user' } });
    const key = await call('GET', '/v1/users/current', { key: h.sandbox.keys.admin });
    expect(key.json.data.attributes).toMatchObject({ name: 'Acme API', userType: 'machine' });
  });

  it('carry only the roles asked for that the agent holds: Linus cannot update, and is told which role', async () => {
    h.sandbox.settings.oauth.agent = 'linus';
    const { access_token } = await signIn();
    const refused = await call('PATCH', `/v1/customers/${h.ada}`, { key: access_token, body: { locale: 'en-GB' } });
    expect(refused.status).toBe(401);
    expect(refused.json.errors[0].detail).toContain('org.permission.customer.update');
    expect((await call('GET', '/v1/auth/tokens/current', { key: access_token })).json.data.attributes.roles).toEqual(['org.permission.customer.read', 'org.permission.tag.read']);
  });

  it('expire (401 "Expired token"); a refresh token gives new ones once, and replaying it ends the grant', async () => {
    const first = await signIn();
    h.sandbox.oauth.expireAccessTokens();
    const expired = await call('GET', `/v1/customers/${h.ada}`, { key: first.access_token });
    expect(expired.status).toBe(401);
    expect(expired.json.errors[0].title).toBe('Expired token');
    const refresh = (token: string) => tokenCall({ grant_type: 'refresh_token', refresh_token: token, client_id: h.sandbox.oauth.clientId });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.json.refresh_token).not.toBe(first.refresh_token);
    expect((await call('GET', `/v1/customers/${h.ada}`, { key: second.json.access_token })).status).toBe(200);
    const replay = await refresh(first.refresh_token);
    expect(replay.json).toEqual({ error: 'invalid_grant', error_description: 'The refresh token was already used.' });
    expect((await call('GET', `/v1/customers/${h.ada}`, { key: second.json.access_token })).status).toBe(401);
    expect((await refresh(second.json.refresh_token)).json.error).toBe('invalid_grant');
  });

  it('are refused a refresh when the session ended (the refuseRefresh switch)', async () => {
    const { refresh_token } = await signIn();
    h.sandbox.settings.oauth.refuseRefresh = true;
    const reply = await tokenCall({ grant_type: 'refresh_token', refresh_token, client_id: h.sandbox.oauth.clientId });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe('invalid_grant');
  });

  it('are revoked with DELETE /v1/auth/tokens/current', async () => {
    const { access_token } = await signIn();
    expect(h.sandbox.oauth.liveAccessTokens()).toBe(1);
    expect((await call('DELETE', '/v1/auth/tokens/current', { key: access_token })).status).toBe(204);
    expect((await call('GET', `/v1/customers/${h.ada}`, { key: access_token })).status).toBe(401);
    expect(h.sandbox.oauth.liveAccessTokens()).toBe(0);
  });
});

describe('the oauth settings', () => {
  it('change in part over the control endpoint, and refuse what they do not know', async () => {
    const put = (body: unknown) => call('PUT', '/__sandbox/settings', { host: API, body });
    const reply = await put({ oauth: { consent: 'page' } });
    expect(reply.status).toBe(200);
    expect(h.sandbox.settings.oauth).toMatchObject({ consent: 'page', redirectUris: [REDIRECT], installed: true });
    expect((await put({ oauth: { consent: 'maybe' } })).status).toBe(400);
    expect((await put({ oauth: { unknown: true } })).status).toBe(400);
    expect((await put({ oauth: { redirectUris: ['not a url'] } })).status).toBe(400);
  });
});
