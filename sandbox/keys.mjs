// The org the sandbox serves and its API keys: JWTs shaped like Kustomer's (payload with orgName,
// pod, roles). The sandbox knows its keys by their exact text; signatures are not checked. They
// are the same on every run, so a key pasted into the extension once keeps working.
import { createHash } from 'node:crypto';
import { apiError } from './api-errors.mjs';
import { ADMIN_USER_ID, ORG_ID } from './customers.mjs';

export const SANDBOX_ORG = 'acme';
const OTHER_ORG = 'globex';

/** The roles that let a key call each kind of endpoint (any one of a list will do). */
export const ROLES = {
  customerRead: ['org.user.customer.read', 'org.permission.customer.read'],
  customerWrite: ['org.user.customer.write', 'org.permission.customer.update'],
  conversationRead: ['org.user.conversation.read', 'org.permission.conversation.read'],
  metadataRead: ['org.user.metadata.read', 'org.permission.metadata.read', 'org.admin.metadata.read'],
  tagRead: ['org.user.tag.read', 'org.permission.tag.read'],
};
const ADMIN_ROLES = [
  'org.user.customer.read',
  'org.user.customer.write',
  'org.user.conversation.read',
  'org.user.metadata.read',
  'org.user.tag.read',
];
const READ_ONLY_ROLES = [
  'org.permission.customer.read',
  'org.permission.conversation.read',
  'org.permission.metadata.read',
];
const ISSUED_AT = 1_700_000_000; // 2023-11-14
const NEVER = 4_102_444_800; // 2100-01-01

/**
 * @typedef {{ orgName: string, org: string, user: string, pod: 'prod1'|'prod2', roles: string[], exp: number }} KeyClaims
 */

/** @param {KeyClaims} claims */
function makeKey(claims) {
  const encode = (/** @type {object} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({ ...claims, iat: ISSUED_AT, iss: 'urn:sandbox.kustomerapp.com', aud: 'urn:consumer' });
  const signature = createHash('sha256').update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** @param {Partial<KeyClaims> & { roles: string[] }} claims @returns {KeyClaims} */
const claims = (claims) => ({ orgName: SANDBOX_ORG, org: ORG_ID, user: ADMIN_USER_ID, pod: 'prod1', exp: NEVER, ...claims });

const KEY_CLAIMS = {
  admin: claims({ roles: ADMIN_ROLES }),
  readOnly: claims({ roles: READ_ONLY_ROLES, user: '5f3a1c2b9d8e7f6a5b4c3d02' }),
  // What README asks admins to make: customer read and update, nothing else.
  customerOnly: claims({ roles: ['org.user.customer.read', 'org.user.customer.write'], user: '5f3a1c2b9d8e7f6a5b4c3d03' }),
  expired: claims({ roles: ADMIN_ROLES, exp: ISSUED_AT + 30 * 24 * 3600 }),
  otherOrg: claims({ roles: ADMIN_ROLES, orgName: OTHER_ORG, org: '6a1b2c3d4e5f6a7b8c9d0e1f', user: '6a1b2c3d4e5f6a7b8c9d0e01' }),
};

/** @type {{ admin: string, readOnly: string, customerOnly: string, expired: string, otherOrg: string }} */
export const SANDBOX_KEYS = Object.freeze({
  admin: makeKey(KEY_CLAIMS.admin),
  readOnly: makeKey(KEY_CLAIMS.readOnly),
  customerOnly: makeKey(KEY_CLAIMS.customerOnly),
  expired: makeKey(KEY_CLAIMS.expired),
  otherOrg: makeKey(KEY_CLAIMS.otherOrg),
});

/** @type {Map<string, KeyClaims>} */
const KEYRING = new Map(
  /** @type {(keyof typeof KEY_CLAIMS)[]} */ (Object.keys(KEY_CLAIMS)).map((name) => [SANDBOX_KEYS[name], KEY_CLAIMS[name]]),
);

/**
 * Who is calling: the key's (or OAuth access token's) claims, or the 401 to answer. A token used
 * after its revocation is refused like an unknown one.
 * @param {string | undefined} authorization
 * @param {Extract<import('./http.mjs').HostRoute, { kind: 'api' }>} route
 * @param {string} hostname
 * @param {{ oauthClaims?: (token: string) => { claims: KeyClaims } | { expired: true } | undefined, revoked?: Set<string> }} [tokens]
 * @returns {{ claims: KeyClaims, token: string } | { error: import('./api-errors.mjs').ApiError }}
 */
export function authenticate(authorization, route, hostname, tokens = {}) {
  const source = { header: 'Authorization' };
  const unauthorized = (/** @type {string} */ detail, code = 'unauthorized', title = 'Unauthorized') => ({
    error: apiError(401, code, title, detail, source),
  });
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!authorization) return unauthorized('No Authorization header. Send "Authorization: Bearer <API key>".');
  if (!match?.[1]) return unauthorized('Malformed Authorization header. Expected "Bearer <API key>".');
  const token = match[1];
  if (tokens.revoked?.has(token)) return unauthorized('Invalid token.', 'invalid_token');
  const oauth = tokens.oauthClaims?.(token);
  if (oauth && 'expired' in oauth) return unauthorized('The access token has expired.', 'expired_token', 'Expired token');
  const claims = oauth?.claims ?? KEYRING.get(token);
  if (!claims) return unauthorized('Invalid token.', 'invalid_token');
  if (claims.exp * 1000 <= Date.now()) return unauthorized('The API key has expired.', 'expired_token', 'Expired token');
  if (route.org && route.org !== claims.orgName) {
    return unauthorized(`This key belongs to the org "${claims.orgName}", not "${route.org}".`, 'org_mismatch');
  }
  if (route.pod && route.pod !== claims.pod) {
    return unauthorized(
      `This key belongs to the pod ${claims.pod}; ${hostname} serves ${route.pod}. Use https://${claims.orgName}.api.kustomerapp.com.`,
      'pod_mismatch',
    );
  }
  return { claims, token };
}

/**
 * The machine users the keys belong to (`GET /v1/users/current` with a key), by user id.
 * @type {Record<string, { name: string, displayName: string, email: string }>}
 */
export const KEY_USERS = {
  [ADMIN_USER_ID]: { name: 'Acme API', displayName: 'Acme API', email: 'api@acme.example' },
  [KEY_CLAIMS.readOnly.user]: { name: 'Acme reporting', displayName: 'Acme reporting', email: 'reporting@acme.example' },
  [KEY_CLAIMS.customerOnly.user]: { name: 'Acme customer updater', displayName: 'Acme customer updater', email: 'updater@acme.example' },
  [KEY_CLAIMS.otherOrg.user]: { name: 'Globex API', displayName: 'Globex API', email: 'api@globex.example' },
};
