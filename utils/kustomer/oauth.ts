/**
 * Kustomer's per-user sign-in (OAuth 2.0 authorization code with PKCE S256 and refresh tokens):
 * the authorize address, the answer the browser's auth window brings back, the token endpoint's
 * requests and replies, and the sentences an agent reads when sign-in does not finish. Plain code
 * without browser APIs: the settings page runs the auth window, the background the token requests.
 * Authorize is on the org's agent host, the token endpoint on its API host (never a global host).
 */
import * as v from 'valibot';
import { fail, ok, type KustomerError, type Result } from '@/utils/kustomer/errors';

/** What the extension asks for unless the organization's settings name other scopes. */
export const DEFAULT_SCOPES = [
  'org.permission.customer.read',
  'org.permission.customer.update',
  'org.permission.tag.read',
  'org.permission.conversation.read',
  'org.permission.metadata.read',
  'offline_access',
] as const;

export const authorizeEndpoint = (org: string) => `https://${org}.kustomerapp.com/oauth/authorize`;
export const tokenEndpoint = (org: string) => `https://${org}.api.kustomerapp.com/oauth/token`;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random value for `state` or a PKCE verifier: 32 bytes, base64url (43 characters). */
export const randomToken = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** The PKCE S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export async function pkceChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export interface SignInRequest {
  org: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  challenge: string;
}

/** The address the auth window opens. */
export function authorizeUrl({ org, clientId, redirectUri, scopes, state, challenge }: SignInRequest): string {
  const url = new URL(authorizeEndpoint(org));
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

const refused = (message: string, detail?: string): Result<never> => fail({ kind: 'http', status: 400, message, ...(detail && { detail }) });

/**
 * The code the auth window's final address carries, checked: it must come back to our redirect
 * with the `state` this sign-in sent. Kustomer's refusals are said in the agent's words.
 */
export function readAuthorizeAnswer(answer: string, { redirectUri, state, org }: { redirectUri: string; state: string; org: string }): Result<string> {
  let url: URL;
  try {
    url = new URL(answer);
  } catch {
    return refused('Sign-in did not finish: the sign-in window came back without an answer from Kustomer.');
  }
  if (url.origin + url.pathname !== new URL(redirectUri).href) return refused('Sign-in did not finish: the sign-in window came back to another address.');
  // The answer may be in the query or, for some providers, the fragment.
  const inQuery = ['code', 'error', 'state'].some((name) => url.searchParams.has(name));
  const params = inQuery ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  if (params.get('state') !== state) return refused('Sign-in did not finish: the answer was not for this sign-in (its state differs). Try again.');
  const error = params.get('error');
  const description = params.get('error_description')?.slice(0, 300) ?? undefined;
  if (error === 'access_denied') return refused(`Sign-in was declined in Kustomer: the extension was not allowed to act for you in ${org}.`, description);
  if (error === 'invalid_scope') {
    return refused(`Kustomer refused a permission the extension asked for${description ? ` (${description})` : ''}: ask your Kustomer admin which scopes the app may have.`, description);
  }
  if (error) return refused(`Kustomer refused the sign-in (${error.slice(0, 64)})${description ? `: ${description}` : '.'}`, description);
  const code = params.get('code');
  if (!code) return refused('Sign-in did not finish: Kustomer sent no authorization code.');
  return ok(code);
}

/** What an org admin registers (a private app installed in the org) so agents can sign in. */
export function appDefinition({ redirectUri, scopes }: { redirectUri: string; scopes: readonly string[] }) {
  return { name: 'Kustomer Customer Updater', redirectUris: [redirectUri], scopes: [...scopes] };
}

/** When the auth window closed or failed without coming back: most often, the app is not installed. */
export function signInDidNotFinish(org: string): KustomerError {
  return {
    kind: 'http',
    message: `Sign-in did not finish. If Kustomer showed "Invalid Client", the app is not installed in org ${org}: an admin of ${org} registers and installs it with the app definition below.`,
  };
}

// ---------------------------------------------------------------------------------------------
// The token endpoint

export interface OAuthClient {
  org: string;
  clientId: string;
  /** Only where the org's app has one. */
  clientSecret?: string;
}

/** The form that exchanges an authorization code (with its PKCE verifier). */
export function codeExchangeForm(client: OAuthClient, { code, verifier, redirectUri }: { code: string; verifier: string; redirectUri: string }): URLSearchParams {
  return withClient(client, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier });
}

/** The form that trades a refresh token for new tokens. */
export function refreshForm(client: OAuthClient, refreshToken: string): URLSearchParams {
  return withClient(client, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

function withClient(client: OAuthClient, fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams({ ...fields, client_id: client.clientId, ...(client.clientSecret && { client_secret: client.clientSecret }) });
}

const TokenReply = v.object({
  access_token: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)),
  token_type: v.pipe(v.string(), v.check((type) => type.toLowerCase() === 'bearer')),
  expires_in: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  refresh_token: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(8192))),
  scope: v.optional(v.string()),
});

/** Where a signed-in agent's requests get their access token (utils/background/oauth-session.ts). */
export interface TokenSource {
  /** The access token to send now (refreshed first when it is about to expire). */
  token(): Promise<Result<string>>;
  /** Kustomer refused `rejected`: a fresh token (from this refresh, or one that already replaced it). */
  renew(rejected: string): Promise<Result<string>>;
}

export interface Tokens {
  accessToken: string;
  /** Absent when Kustomer gave none (no `offline_access`): the session then ends with the access token. */
  refreshToken?: string;
  /** Epoch milliseconds; undefined when Kustomer did not say. */
  expiresAt?: number;
  scopes: string[];
}

/** The token endpoint's 200 body as tokens; a refresh that gives no new refresh token keeps the old one. */
export function readTokenReply(text: string, { now, previous }: { now: number; previous?: Tokens }): Result<Tokens> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail({ kind: 'invalid-response', message: 'Kustomer’s sign-in answered with something that is not JSON.' });
  }
  const parsed = v.safeParse(TokenReply, body);
  if (!parsed.success) return fail({ kind: 'invalid-response', message: 'Kustomer’s sign-in answer has no usable access token.' });
  const reply = parsed.output;
  return ok({
    accessToken: reply.access_token,
    refreshToken: reply.refresh_token ?? previous?.refreshToken,
    expiresAt: reply.expires_in === undefined ? undefined : now + reply.expires_in * 1000,
    scopes: reply.scope ? reply.scope.split(' ').filter(Boolean) : (previous?.scopes ?? []),
  });
}

/**
 * A token endpoint refusal in the agent's words. `ended`: the refresh token no longer works (the
 * session is over; sign in again); otherwise the request itself is wrong (app, secret, scope).
 */
export function readTokenRefusal(status: number, text: string, org: string): KustomerError & { ended: boolean } {
  let error = '';
  let description: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') error = body.error.slice(0, 64);
    if (typeof body.error_description === 'string') description = body.error_description.slice(0, 300);
  } catch {
    // not JSON: said by status below
  }
  const base = { kind: 'http' as const, status, ...(description && { detail: description }) };
  if (error === 'invalid_client' || status === 401) {
    return { ...base, ended: false, message: `${signInDidNotFinish(org).message}${description ? ` Kustomer says: "${description}"` : ''}` };
  }
  if (error === 'invalid_grant') return { ...base, ended: true, message: `Your Kustomer sign-in for ${org} has ended: sign in again in Settings.` };
  if (error === 'invalid_scope') return { ...base, ended: false, message: `Kustomer refused a permission the extension asked for${description ? ` (${description})` : ''}.` };
  return { ...base, ended: false, message: `Kustomer’s sign-in refused the request (${error || `HTTP ${status}`})${description ? `: ${description}` : '.'}` };
}
