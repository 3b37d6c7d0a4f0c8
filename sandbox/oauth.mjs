// Kustomer's per-user OAuth 2.0 as the sandbox plays it (/work/shared/kustomer/README.md, "Auth"):
// authorization code with PKCE S256 and refresh tokens. The org's app is registered with its
// redirect URIs and installed in the org (or not: "Invalid Client", 400); authorize is on the agent
// host (`{org}.kustomerapp.com/oauth/authorize`), the token endpoint on the org's API host
// (`{org}.api.kustomerapp.com/oauth/token`, form-encoded). Access tokens expire; refresh tokens
// rotate and work once (a used one again ends its whole grant, as OAuth's security advice has it).
// A token's roles are the scopes asked for that the agent holds: it is used exactly like a key.
//
// `settings.oauth` (settings.mjs) switches consent (auto, deny, a sign-in and consent page), the
// client secret, the registered redirect URIs, whether the app is installed, token lifetimes and
// refusing refreshes.
import { createHash, randomBytes } from 'node:crypto';
import { ORG_ID } from './customers.mjs';
import { JSON_TYPE } from './http.mjs';

/** The client id of the org's app in the sandbox. */
export const SANDBOX_CLIENT_ID = 'kustomer-customer-updater';

/** The scopes Kustomer knows: role strings, and `offline_access` for a refresh token. */
export const KNOWN_SCOPES = [
  'org.permission.customer.read',
  'org.permission.customer.update',
  'org.permission.tag.read',
  'org.permission.conversation.read',
  'org.permission.metadata.read',
  'org.user.customer.read',
  'org.user.customer.write',
  'org.user.conversation.read',
  'org.user.metadata.read',
  'org.user.tag.read',
  'offline_access',
];

/**
 * The org's agents who can sign in (users of type `user`), by key. Linus may read customers but
 * not update them: his token lacks the role whatever the scopes asked.
 * @typedef {{ id: string, name: string, displayName: string, email: string, roles: string[] }} Agent
 * @type {{ grace: Agent, linus: Agent }}
 */
export const SANDBOX_AGENTS = {
  grace: {
    id: '5f3a1c2b9d8e7f6a5b4c3d11',
    name: 'Grace Hopper',
    displayName: 'Grace',
    email: 'grace@acme.example',
    roles: KNOWN_SCOPES.filter((scope) => scope !== 'offline_access'),
  },
  linus: {
    id: '5f3a1c2b9d8e7f6a5b4c3d12',
    name: 'Linus Pauling',
    displayName: 'Linus',
    email: 'linus@acme.example',
    roles: ['org.permission.customer.read', 'org.permission.tag.read', 'org.permission.conversation.read', 'org.permission.metadata.read'],
  },
};

const CODE_TTL_MS = 60_000;

/**
 * @typedef {object} OAuthSettings
 * @property {'auto'|'deny'|'page'} consent auto: the signed-in agent (`agent`) is sent back at
 *   once with a code; deny: back with `error=access_denied`; page: a sign-in and consent form
 * @property {keyof typeof SANDBOX_AGENTS} agent who is signed in to Kustomer in the browser (auto)
 * @property {string[]} redirectUris the app's registered redirect URIs (exact match)
 * @property {string | null} clientSecret the app's secret, when it has one (null: PKCE only)
 * @property {boolean} installed whether the app is installed in the org
 * @property {number} accessTokenTtlS access token lifetime, seconds (Kustomer: about 24 h)
 * @property {boolean} refuseRefresh the token endpoint refuses every refresh (the session ended)
 */

/** @returns {OAuthSettings} */
export function defaultOAuthSettings() {
  return { consent: 'auto', agent: 'grace', redirectUris: [], clientSecret: null, installed: true, accessTokenTtlS: 86_400, refuseRefresh: false };
}

/** @type {Record<keyof OAuthSettings, (value: unknown) => boolean>} */
export const OAUTH_SETTING_RULES = {
  consent: (v) => v === 'auto' || v === 'deny' || v === 'page',
  agent: (v) => typeof v === 'string' && Object.hasOwn(SANDBOX_AGENTS, v),
  redirectUris: (v) => Array.isArray(v) && v.every((uri) => typeof uri === 'string' && /^https:\/\/[^\s/]+\//.test(uri)),
  clientSecret: (v) => v === null || (typeof v === 'string' && v.length > 0),
  installed: (v) => typeof v === 'boolean',
  accessTokenTtlS: (v) => Number.isInteger(v) && /** @type {number} */ (v) >= 0,
  refuseRefresh: (v) => typeof v === 'boolean',
};

/**
 * @typedef {{ orgName: string, org: string, user: string, pod: 'prod1', roles: string[], exp: number }} TokenClaims
 * @typedef {{ grant: number, agent: Agent, roles: string[], scope: string, expiresAt: number }} AccessToken
 * @typedef {{ grant: number, agent: Agent, roles: string[], scope: string, used: boolean }} RefreshToken
 * @typedef {{ clientId: string, redirectUri: string, challenge: string, agent: Agent, scopes: string[], expiresAt: number, used: boolean }} Code
 * @typedef {{ at: number, grantType: string, ok: boolean, error?: string, verifierChecked?: boolean }} TokenExchange
 */

/**
 * @param {{ settings: { oauth: OAuthSettings }, org: string, now?: () => number }} options
 */
export function createOAuth({ settings, org, now = Date.now }) {
  /** @type {Map<string, Code>} */ const codes = new Map();
  /** @type {Map<string, AccessToken>} */ const accessTokens = new Map();
  /** @type {Map<string, RefreshToken>} */ const refreshTokens = new Map();
  /** Grants ended by a refresh token used twice or by sign-out. @type {Set<number>} */ const endedGrants = new Set();
  /** What the token endpoint was asked, in order. @type {TokenExchange[]} */ const exchanges = [];
  let nextGrant = 1;

  const secret = (/** @type {string} */ prefix) => `${prefix}_${randomBytes(24).toString('base64url')}`;
  const s256 = (/** @type {string} */ verifier) => createHash('sha256').update(verifier).digest('base64url');

  function reset() {
    codes.clear();
    accessTokens.clear();
    refreshTokens.clear();
    endedGrants.clear();
    exchanges.length = 0;
    nextGrant = 1;
  }

  // -------------------------------------------------------------------------------------
  // Authorize, on the agent host

  /**
   * `GET /oauth/authorize` (and the consent form's `POST`).
   * @param {string} method
   * @param {string} pageOrg the org of the agent host asked
   * @param {URLSearchParams} query
   * @param {string} rawBody the form, for POST
   * @returns {import('./http.mjs').Reply}
   */
  function authorize(method, pageOrg, query, rawBody) {
    const form = method === 'POST' ? new URLSearchParams(rawBody) : query;
    const clientId = form.get('client_id') ?? '';
    const redirectUri = form.get('redirect_uri') ?? '';
    if (clientId !== SANDBOX_CLIENT_ID || !settings.oauth.installed || pageOrg !== org) {
      return page(400, 'Invalid Client', `<p>Invalid Client: no app "${escape(clientId)}" is installed in the org "${escape(pageOrg)}".</p>`);
    }
    if (!settings.oauth.redirectUris.includes(redirectUri)) {
      return page(400, 'Invalid redirect_uri', `<p>The redirect_uri "${escape(redirectUri)}" is not registered for this app.</p>`);
    }
    const state = form.get('state');
    const back = (/** @type {Record<string, string>} */ params) => {
      const url = new URL(redirectUri);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      if (state !== null) url.searchParams.set('state', state);
      return { status: 302, headers: { location: url.href, 'content-type': 'text/plain' }, body: '' };
    };
    if (form.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'Only response_type=code is supported.' });
    const challenge = form.get('code_challenge') ?? '';
    if (form.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return back({ error: 'invalid_request', error_description: 'PKCE is required: code_challenge (S256, base64url of 32 bytes) and code_challenge_method=S256.' });
    }
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = scopes.filter((scope) => !KNOWN_SCOPES.includes(scope));
    if (!scopes.length || unknown.length) {
      return back({ error: 'invalid_scope', error_description: scopes.length ? `Unknown scope: ${unknown.join(' ')}` : 'No scope was asked for.' });
    }

    let agent = SANDBOX_AGENTS[settings.oauth.agent];
    if (settings.oauth.consent === 'deny') return back({ error: 'access_denied', error_description: 'The user denied the request.' });
    if (settings.oauth.consent === 'page') {
      if (method !== 'POST') return consentPage(form, scopes);
      if (form.get('decision') !== 'allow') return back({ error: 'access_denied', error_description: 'The user denied the request.' });
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const signedIn = Object.values(SANDBOX_AGENTS).find((a) => a.email === email);
      if (!signedIn) return consentPage(form, scopes, `No agent of ${org} signs in as "${email}".`);
      agent = signedIn;
    }
    const code = secret('code');
    codes.set(code, { clientId, redirectUri, challenge, agent, scopes, expiresAt: now() + CODE_TTL_MS, used: false });
    return back({ code });
  }

  /**
   * @param {URLSearchParams} form
   * @param {string[]} scopes
   * @param {string} [problem]
   */
  function consentPage(form, scopes, problem) {
    const hidden = [...form]
      .filter(([name]) => !['email', 'decision'].includes(name))
      .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
      .join('');
    return page(
      200,
      `Sign in to ${org}`,
      `<form method="post" action="/oauth/authorize">${hidden}
<h1>Sign in to Kustomer (${escape(org)})</h1>
${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
<label>Email <input name="email" type="email" autocomplete="username" value="${escape(form.get('email') ?? '')}"></label>
<p>Kustomer Customer Updater asks to: ${scopes.map((s) => `<code>${escape(s)}</code>`).join(', ')}</p>
<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button>
</form>`,
    );
  }

  // -------------------------------------------------------------------------------------
  // The token endpoint, on the org's API host

  /**
   * `POST /oauth/token`, form-encoded: `authorization_code` (with the PKCE verifier) or `refresh_token`.
   * @param {string} method
   * @param {string | undefined} apiOrg the org of the API host asked
   * @param {import('node:http').IncomingHttpHeaders} headers
   * @param {string} rawBody
   * @returns {import('./http.mjs').Reply}
   */
  function token(method, apiOrg, headers, rawBody) {
    const json = (/** @type {number} */ status, /** @type {unknown} */ body) => ({ status, headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store' }, body });
    /** @param {number} status @param {string} error @param {string} description @param {Partial<TokenExchange>} [note] */
    const refuse = (status, error, description, note = {}) => {
      exchanges.push({ at: now(), grantType: form.get('grant_type') ?? '', ok: false, error, ...note });
      return json(status, { error, error_description: description });
    };
    const form = new URLSearchParams(rawBody);
    if (method !== 'POST') return json(405, { error: 'invalid_request', error_description: 'Use POST.' });
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(headers['content-type'] ?? '')) {
      return refuse(400, 'invalid_request', 'The body must be form-encoded (application/x-www-form-urlencoded).');
    }
    if (form.get('client_id') !== SANDBOX_CLIENT_ID || !settings.oauth.installed || apiOrg !== org) {
      return refuse(401, 'invalid_client', `Invalid Client: no app "${form.get('client_id') ?? ''}" is installed in the org "${apiOrg ?? '(no org host)'}".`);
    }
    const expectedSecret = settings.oauth.clientSecret;
    if (expectedSecret !== null && form.get('client_secret') !== expectedSecret) {
      return refuse(401, 'invalid_client', form.has('client_secret') ? 'The client secret is wrong.' : 'This app needs its client secret.');
    }

    switch (form.get('grant_type')) {
      case 'authorization_code': {
        const code = codes.get(form.get('code') ?? '');
        if (!code || code.used || code.expiresAt <= now()) return refuse(400, 'invalid_grant', 'The authorization code is unknown, used or expired.');
        if (code.redirectUri !== form.get('redirect_uri')) return refuse(400, 'invalid_grant', 'The redirect_uri differs from the one authorized.');
        const verifier = form.get('code_verifier') ?? '';
        if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== code.challenge) {
          return refuse(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.', { verifierChecked: false });
        }
        code.used = true;
        const roles = code.scopes.filter((scope) => scope !== 'offline_access' && code.agent.roles.includes(scope));
        return issue(json, nextGrant++, code.agent, roles, code.scopes, code.scopes.includes('offline_access'), 'authorization_code');
      }
      case 'refresh_token': {
        const presented = form.get('refresh_token') ?? '';
        const known = refreshTokens.get(presented);
        if (!known || endedGrants.has(known.grant)) return refuse(400, 'invalid_grant', 'The refresh token is unknown or revoked.');
        if (known.used) {
          endedGrants.add(known.grant); // a refresh token replayed: the whole grant ends
          return refuse(400, 'invalid_grant', 'The refresh token was already used.');
        }
        if (settings.oauth.refuseRefresh) return refuse(400, 'invalid_grant', 'The refresh token has expired.');
        known.used = true;
        return issue(json, known.grant, known.agent, known.roles, known.scope.split(' '), true, 'refresh_token');
      }
      default:
        return refuse(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
    }
  }

  /**
   * @param {(status: number, body: unknown) => import('./http.mjs').Reply} json
   * @param {number} grant @param {Agent} agent @param {string[]} roles @param {string[]} scopes
   * @param {boolean} withRefresh @param {string} grantType
   */
  function issue(json, grant, agent, roles, scopes, withRefresh, grantType) {
    const access = secret('at');
    const ttl = settings.oauth.accessTokenTtlS;
    const scope = scopes.join(' ');
    accessTokens.set(access, { grant, agent, roles, scope, expiresAt: now() + ttl * 1000 });
    /** @type {Record<string, unknown>} */
    const body = { access_token: access, token_type: 'Bearer', expires_in: ttl, scope };
    if (withRefresh) {
      const refresh = secret('rt');
      refreshTokens.set(refresh, { grant, agent, roles, scope, used: false });
      body.refresh_token = refresh;
    }
    exchanges.push({ at: now(), grantType, ok: true, ...(grantType === 'authorization_code' && { verifierChecked: true }) });
    return json(200, body);
  }

  // -------------------------------------------------------------------------------------
  // Tokens in use

  /**
   * The claims of an access token, as a key's (keys.mjs), or why it is refused.
   * @param {string} presented
   * @returns {{ claims: TokenClaims } | { expired: true } | undefined} undefined: not an access token
   */
  function claimsOf(presented) {
    const known = accessTokens.get(presented);
    if (!known || endedGrants.has(known.grant)) return undefined;
    if (known.expiresAt <= now()) return { expired: true };
    return { claims: { orgName: org, org: ORG_ID, user: known.agent.id, pod: 'prod1', roles: known.roles, exp: Math.floor(known.expiresAt / 1000) } };
  }

  return {
    authorize,
    token,
    claimsOf,
    reset,
    exchanges,
    /** Ends the grant of an access token (what revoking it does here). @param {string} presented */
    revoke(presented) {
      const known = accessTokens.get(presented);
      if (known) endedGrants.add(known.grant);
      return Boolean(known);
    },
    /** Every access token issued so far expires now (the "expired access token" fault). */
    expireAccessTokens() {
      for (const known of accessTokens.values()) known.expiresAt = Math.min(known.expiresAt, now());
    },
    /** Every access and refresh token issued since the last reset, for tests that look for them in storage. */
    issuedTokens: () => [...accessTokens.keys(), ...refreshTokens.keys()],
    /** How many tokens are live (neither expired nor ended), for tests of sign-out. */
    liveAccessTokens: () => [...accessTokens.values()].filter((t) => t.expiresAt > now() && !endedGrants.has(t.grant)).length,
  };
}

/** @typedef {ReturnType<typeof createOAuth>} OAuth */

/** @param {string} text */
function escape(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** @param {number} status @param {string} title @param {string} body */
function page(status, title, body) {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body}</body></html>`,
  };
}
