// The customer API (`/v1/...`): which endpoint a request is for and the roles it needs, then
// the answer, with the org's rate-limit headers. Every request counts against its org's budget
// (the key's org, else the host's), and one over it gets 429 before anything else is checked.
// A PATCH is validated with Kustomer's schema; custom keys the org does not define and tags
// `settings.tagsWrittenAs` refuses get 400, a stale `rev` 409 (`settings.conflictOnStaleRev`).
import { apiError, errorBody, notFound } from './api-errors.mjs';
import { CUSTOMER_ATTRIBUTE_METADATA, customerMetadata } from './customers.mjs';
import { BODY_LIMIT_BYTES, JSON_TYPE } from './http.mjs';
import { createHash } from 'node:crypto';
import { authenticate, KEY_USERS, ROLES, SANDBOX_ORG } from './keys.mjs';
import { SANDBOX_AGENTS } from './oauth.mjs';
import { isSentBackMask, maskTexts } from './masking.mjs';
import { validateCustomerUpdate } from './openapi.mjs';
import { applyUpdate } from './store.mjs';
import { tagIdsOf, tagPage, tagResource } from './tags.mjs';

/** @typedef {import('./api-errors.mjs').ApiError} ApiError */
/** @typedef {import('./http.mjs').Reply} Reply */

/**
 * @typedef {{ method: string, path: string, query: URLSearchParams, headers: import('node:http').IncomingHttpHeaders,
 *   rawBody: string, tooLarge: boolean, route: Extract<import('./http.mjs').HostRoute, { kind: 'api' }>, hostname: string }} ApiRequest
 */

/**
 * @param {{ settings: import('./settings.mjs').SandboxSettings, store: import('./store.mjs').Store,
 *   rateLimiter: import('./rate-limit.mjs').RateLimiter, oauth: import('./oauth.mjs').OAuth, revokedKeys: Set<string> }} sandbox
 */
export function createApiRoutes({ settings, store, rateLimiter, oauth, revokedKeys }) {
  /**
   * @param {ApiRequest} request
   * @returns {Reply}
   */
  function handleApi({ method, path, query, headers, rawBody, tooLarge, route, hostname }) {
    const auth = authenticate(headers.authorization, route, hostname, { oauthClaims: oauth.claimsOf, revoked: revokedKeys });
    const org = 'claims' in auth ? auth.claims.orgName : (route.org ?? 'unknown');
    const budget = rateLimiter.quota(org, true);
    const reply = (/** @type {number} */ status, /** @type {unknown} */ body, extraHeaders = {}) => ({
      status,
      headers: { ...budget.headers, 'content-type': JSON_TYPE, ...extraHeaders },
      body,
    });
    const fail = (/** @type {ApiError[]} */ ...errors) => reply(errors[0]?.status ?? 500, errorBody(errors));

    if (!budget.allowed) {
      const wait = String(budget.resetSeconds);
      return reply(
        429,
        errorBody([apiError(429, 'rate_limited', 'Too Many Requests', `Rate limit of ${settings.rateLimit} requests per minute exceeded for org "${org}".`)]),
        { 'x-ratelimit-reset': wait, 'retry-after': wait },
      );
    }
    if ('error' in auth) return fail(auth.error);

    const endpoint = matchEndpoint(method, path, query);
    if ('error' in endpoint) return fail(endpoint.error);
    if (endpoint.roles.length && !endpoint.roles.some((role) => auth.claims.roles.includes(role))) {
      return fail(
        apiError(401, 'unauthorized', 'Unauthorized', `The key lacks a role for this request: one of ${endpoint.roles.join(', ')}.`, {
          header: 'Authorization',
        }),
      );
    }

    if (auth.claims.orgName !== SANDBOX_ORG) {
      // A valid key of another org, on a generic host: that org holds nothing here.
      return fail(apiError(404, 'not_found', 'Not Found', `The org "${auth.claims.orgName}" has no data in the sandbox.`));
    }

    switch (endpoint.name) {
      case 'getCustomer': {
        const data = store.customerResource(endpoint.id);
        return data ? reply(200, { data }) : fail(notFound('customer', endpoint.id));
      }
      case 'findCustomer': {
        const id = store.findCustomer(endpoint.field, endpoint.value);
        return id ? reply(200, { data: store.customerResource(id) }) : fail(notFound('customer', endpoint.value, endpoint.field));
      }
      case 'getConversation': {
        const data = store.conversationResource(endpoint.id);
        return data ? reply(200, { data }) : fail(notFound('conversation', endpoint.id));
      }
      case 'getMetadata':
        return endpoint.resource === 'customer'
          ? reply(200, { data: customerMetadata() })
          : fail(notFound('metadata', endpoint.resource, 'resource'));
      case 'updateCustomer':
        return updateCustomer(endpoint.id, { headers, rawBody, tooLarge, user: auth.claims.user }, reply, fail);
      case 'listTags':
        return reply(200, tagPage(store.tags, query));
      case 'getTag': {
        const tag = store.tags.get(endpoint.id);
        return tag ? reply(200, { data: tagResource(tag) }) : fail(notFound('tag', endpoint.id));
      }
      case 'currentUser':
        return reply(200, { data: userResource(auth.claims) });
      case 'currentToken':
        return reply(200, { data: { type: 'token', id: tokenId(auth.token), attributes: { roles: auth.claims.roles }, relationships: { user: { data: { type: 'user', id: auth.claims.user } } } } });
      case 'revokeToken':
        if (!oauth.revoke(auth.token)) revokedKeys.add(auth.token);
        return { status: 204, headers: budget.headers };
    }
  }

  /**
   * `PATCH /v1/customers/{id}` (and `PUT ...?replace=false`, documented as the same update).
   * @param {string} id
   * @param {{ headers: import('node:http').IncomingHttpHeaders, rawBody: string, tooLarge: boolean, user: string }} request
   * @param {(status: number, body: unknown) => Reply} reply
   * @param {(...errors: ApiError[]) => Reply} fail
   */
  function updateCustomer(id, { headers, rawBody, tooLarge, user }, reply, fail) {
    if (tooLarge) {
      return fail(apiError(413, 'payload_too_large', 'Payload Too Large', `The request body is over ${BODY_LIMIT_BYTES / 1024} kB.`));
    }
    if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(headers['content-type'] ?? '')) {
      return fail(
        apiError(400, 'invalid_content_type', 'Bad Request', 'The body must be JSON sent with "Content-Type: application/json".', {
          header: 'Content-Type',
        }),
      );
    }
    let update;
    try {
      update = JSON.parse(rawBody);
    } catch (error) {
      return fail(apiError(400, 'invalid_json', 'Bad Request', `The body is not valid JSON: ${/** @type {Error} */ (error).message}`));
    }
    const validation = validateCustomerUpdate(update);
    const texts = maskTexts(store.customers.get(id)?.attributes, settings.masked);
    const errors = validation.valid ? [] : validation.errors.filter((e) => !isSentBackMask(e, update, texts));
    if (errors.length) {
      return fail(
        ...errors.map((e) =>
          apiError(400, 'invalid_attribute', 'Bad Request', `${e.path} ${e.message}`, { pointer: e.path }),
        ),
      );
    }
    // Kustomer checks custom keys against the org's definitions (a recorded answer).
    const undefinedKeys = Object.keys(update.custom ?? {}).filter((key) => !(key in CUSTOMER_ATTRIBUTE_METADATA));
    if (undefinedKeys.length) {
      return fail(
        ...undefinedKeys.map((key) =>
          apiError(400, 'badparam', 'Additional properties not allowed', '/properties/custom/additionalProperties', { parameter: key }),
        ),
      );
    }
    const record = store.customers.get(id);
    if (!record) return fail(notFound('customer', id));
    if (Array.isArray(update.tags)) {
      const taken = tagIdsOf(store.tags, update.tags, settings.tagsWrittenAs);
      if ('refused' in taken) {
        return fail(
          ...taken.refused.map((tag) =>
            apiError(400, 'badparam', 'Invalid tag', `"${tag}" is not the id of a tag of org "${SANDBOX_ORG}"`, { parameter: 'tags' }),
          ),
        );
      }
      update = { ...update, tags: taken.ids };
    }
    if (settings.conflictOnStaleRev && update.rev !== undefined && update.rev !== record.attributes.rev) {
      return fail(
        apiError(
          409,
          'conflict',
          'Conflict',
          `The customer changed since it was read: rev ${update.rev} was sent, the current rev is ${record.attributes.rev}.`,
          { pointer: '/rev' },
        ),
      );
    }
    applyUpdate(record, update, settings.arrays);
    record.modifiedBy = user;
    return reply(200, { data: store.customerResource(id) });
  }

  return handleApi;
}

// ---------------------------------------------------------------------------------------
// Endpoints of the API

/**
 * @typedef {{ name: 'getCustomer' | 'updateCustomer', id: string, roles: string[] }
 *   | { name: 'findCustomer', field: 'email'|'phone'|'externalId', value: string, roles: string[] }
 *   | { name: 'getConversation', id: string, roles: string[] }
 *   | { name: 'getMetadata', resource: string, roles: string[] }
 *   | { name: 'listTags', roles: string[] }
 *   | { name: 'getTag', id: string, roles: string[] }
 *   | { name: 'currentUser' | 'currentToken' | 'revokeToken', roles: [] }} Endpoint
 *   (an empty `roles`: any valid token may call it)
 */

/**
 * @param {string} method
 * @param {string} path
 * @param {URLSearchParams} query
 * @returns {Endpoint | { error: ApiError }}
 */
function matchEndpoint(method, path, query) {
  const notAllowed = () => ({
    error: apiError(405, 'method_not_allowed', 'Method Not Allowed', `${method} is not supported on ${path}.`),
  });

  let match = /^\/v1\/customers\/(email|phone|externalId)=([^/]*)$/.exec(path);
  if (match) {
    if (method !== 'GET') return notAllowed();
    const field = /** @type {'email'|'phone'|'externalId'} */ (match[1]);
    return { name: 'findCustomer', field, value: decode(match[2] ?? ''), roles: ROLES.customerRead };
  }
  match = /^\/v1\/customers\/([^/=]+)$/.exec(path);
  if (match) {
    const id = decode(match[1] ?? '');
    if (method === 'GET') return { name: 'getCustomer', id, roles: ROLES.customerRead };
    if (method === 'PATCH') return { name: 'updateCustomer', id, roles: ROLES.customerWrite };
    if (method === 'PUT') {
      // Documented as the same update as PATCH only with replace=false; full replacement
      // is not something a client of this sandbox should rely on.
      if (query.get('replace') !== 'false') {
        return {
          error: apiError(400, 'unsupported', 'Bad Request', 'The sandbox supports PUT /v1/customers/{id} only with ?replace=false.', {
            parameter: 'replace',
          }),
        };
      }
      return { name: 'updateCustomer', id, roles: ROLES.customerWrite };
    }
    return notAllowed();
  }
  match = /^\/v1\/conversations\/([^/]+)$/.exec(path);
  if (match) {
    if (method !== 'GET') return notAllowed();
    return { name: 'getConversation', id: decode(match[1] ?? ''), roles: ROLES.conversationRead };
  }
  match = /^\/v1\/metadata\/([^/]+)$/.exec(path);
  if (match) {
    if (method !== 'GET') return notAllowed();
    return { name: 'getMetadata', resource: decode(match[1] ?? ''), roles: ROLES.metadataRead };
  }
  if (path === '/v1/tags') return method === 'GET' ? { name: 'listTags', roles: ROLES.tagRead } : notAllowed();
  match = /^\/v1\/tags\/([^/]+)$/.exec(path);
  if (match) {
    if (method !== 'GET') return notAllowed();
    return { name: 'getTag', id: decode(match[1] ?? ''), roles: ROLES.tagRead };
  }
  if (path === '/v1/users/current') return method === 'GET' ? { name: 'currentUser', roles: [] } : notAllowed();
  if (path === '/v1/auth/tokens/current') {
    if (method === 'GET') return { name: 'currentToken', roles: [] };
    return method === 'DELETE' ? { name: 'revokeToken', roles: [] } : notAllowed();
  }
  return { error: apiError(404, 'not_found', 'Not Found', `No endpoint ${method} ${path}.`) };
}

/**
 * The user a token acts for: an agent signed in with OAuth, or the machine user of a key.
 * @param {import('./keys.mjs').KeyClaims} claims
 */
function userResource(claims) {
  const agent = Object.values(SANDBOX_AGENTS).find((a) => a.id === claims.user);
  const person = agent ?? KEY_USERS[claims.user] ?? { name: 'Unknown user', displayName: 'Unknown user', email: '' };
  return {
    type: 'user',
    id: claims.user,
    attributes: { name: person.name, displayName: person.displayName, email: person.email, userType: agent ? 'user' : 'machine', roles: claims.roles },
    relationships: { org: { data: { type: 'org', id: claims.org } } },
  };
}

/** A token's id as Kustomer would give it (never the token itself). @param {string} token */
const tokenId = (token) => createHash('sha256').update(token).digest('hex').slice(0, 24);

/** @param {string} segment */
function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
