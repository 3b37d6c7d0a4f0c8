// A local, faithful stand-in for Kustomer: the customer API (`{org}.api.kustomerapp.com/v1`
// and the generic hosts) and the agent app's pages (`{org}.kustomerapp.com/app/...`), served
// over HTTPS from one port and routed by the Host header. The behaviour follows
// /work/shared/kustomer/README.md and Kustomer's OpenAPI document: tags are read as tag ids, the
// org's tags are listed at /v1/tags, custom keys the org does not define are refused. The points
// Kustomer leaves open (array semantics, the form in which a PATCH's tags are taken, stale rev)
// are switchable in `sandbox.settings`.
//
// Tests drive it through the returned object; other processes (a browser page, a benchmark,
// `npm start`) use the control endpoints under `/__sandbox/` on any host.
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { createServer } from 'node:https';
import { renderAgentPage, unknownOrgPage } from './agent-pages.mjs';
import { ensureCertificate } from './certificate.mjs';
import {
  ADMIN_USER_ID,
  CUSTOMER_ATTRIBUTE_METADATA,
  ORG_ID,
  customerMetadata,
  seedConversations,
  seedCustomers,
  tagId,
} from './customers.mjs';
import { validateCustomerUpdate } from './openapi.mjs';
import { createTagStore, tagIdsOf, tagPage, tagResource } from './tags.mjs';

export { tagId };

export const SANDBOX_ORG = 'acme';
const OTHER_ORG = 'globex';

/** Kustomer refuses request bodies over 100 kB (Express's default limit). */
export const BODY_LIMIT_BYTES = 100 * 1024;
const RATE_WINDOW_MS = 60_000;

/**
 * @typedef {object} SandboxSettings
 * @property {'names'|'ids'} tagsReadAs how GET/PATCH responses give `tags`: as tag ids (Kustomer's
 *   reference, the default) or as tag names
 * @property {'both'|'ids'|'names'} tagsWrittenAs how a PATCH's `tags` are taken: `both` (default), a
 *   known tag id or else a name; `ids`, tag ids only (a name gets 400 `badparam`); `names`, every
 *   string a name (a 24-hex string becomes a new tag of that name)
 * @property {number} extraTags how many generated tags (`tag-00001`…) the org has besides its own
 * @property {'replace'|'merge'} arrays what an array in a PATCH does to the stored array
 * @property {boolean} conflictOnStaleRev a PATCH whose `rev` is not the current one gets 409
 * @property {number} rateLimit requests per minute per org
 * @property {string[]} masked attributes that GET and PATCH responses (and lookups) give masked, as
 *   Kustomer does with sensitive attributes a key may not read: top-level attribute names
 *   (`'phones'`, `'emails'`, `'name'`) or `'custom.<key>'` (`'custom.ssnStr'`). Each string of the
 *   value becomes `'****'` and its last 2 characters (`'+442079460958'` -> `'****58'`, see
 *   `maskText`); in lists and objects every string part is masked except `type`; numbers, booleans
 *   and null stay as they are. The store keeps the real values (`sandbox.customer(id)`). A PATCH
 *   that sends a mask text back into a masked attribute is accepted even where the schema's format
 *   would refuse it, and the mask text is stored as sent: what Kustomer would do, and so what the
 *   extension must never do. Default: none.
 */

/** @returns {SandboxSettings} fresh defaults (`masked` is a new array each time) */
function defaultSettings() {
  return {
    tagsReadAs: 'ids',
    tagsWrittenAs: 'both',
    extraTags: 0,
    arrays: 'replace',
    conflictOnStaleRev: true,
    rateLimit: 300,
    masked: [],
  };
}

/** What a masked string reads as: `'****'` and its last 2 characters (`'****58'`). */
export const MASK_PREFIX = '****';

/**
 * A string as a response gives it when its attribute is masked.
 * @param {string} value
 * @returns {string}
 */
export function maskText(value) {
  return MASK_PREFIX + [...value].slice(-2).join('');
}

/**
 * A value with every string in it masked, except the `type` of list items and objects.
 * @param {unknown} value
 * @returns {unknown}
 */
function maskValue(value) {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, part]) => [key, key === 'type' ? part : maskValue(part)]));
  }
  return value;
}

/**
 * Where a masked path (`'phones'`, `'custom.ssnStr'`) is held: the object and the key in it.
 * @param {Record<string, any>} attributes
 * @param {string} path
 * @returns {{ holder: Record<string, any>, key: string } | undefined}
 */
function maskedSlot(attributes, path) {
  const dot = path.indexOf('.');
  const holder = dot < 0 ? attributes : path.slice(0, dot) === 'custom' ? attributes.custom : undefined;
  const key = dot < 0 ? path : path.slice(dot + 1);
  if (!holder || typeof holder !== 'object' || !Object.prototype.hasOwnProperty.call(holder, key)) return undefined;
  return { holder, key };
}

/**
 * Every string a masked value holds, `type` parts aside.
 * @param {unknown} value
 * @param {Set<string>} into
 */
function collectStrings(value, into) {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, part] of Object.entries(value)) if (key !== 'type') collectStrings(part, into);
  }
  return into;
}

/** @param {string} pointer a JSON pointer (`/phones/0/phone`) @returns {string[]} */
const pointerSegments = (pointer) =>
  pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));

/**
 * @typedef {object} Fault
 * @property {string} [method] only requests with this method (any but OPTIONS when absent)
 * @property {string | RegExp} [path] a prefix of, or a pattern for, the URL path
 * @property {number} [times] how many requests it answers (default 1)
 * @property {number} [status] answer with this status instead of handling the request
 * @property {Record<string, string>} [headers] extra response headers
 * @property {string | object} [body] response body (objects are sent as JSON); a Kustomer
 *   error body for the status when absent
 * @property {number} [delayMs] wait this long first; alone, the request is then handled normally
 * @property {boolean | 'after'} [drop] destroy the connection without answering; `'after'`: handle
 *   the request first (a PATCH is applied), then drop the answer
 */

/**
 * @typedef {object} RecordedRequest
 * @property {number} time arrival, epoch milliseconds
 * @property {'api'|'page'|'control'} kind
 * @property {string} method
 * @property {string} host Host header without the port
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {Record<string, string | string[] | undefined>} headers lowercase names
 * @property {string} rawBody (cut at the body limit)
 * @property {unknown} body parsed JSON, or undefined
 * @property {number | null} status null while pending, or when the connection was dropped
 * @property {boolean} [dropped]
 */

/**
 * @typedef {object} Sandbox
 * @property {number} port
 * @property {string} org
 * @property {{ admin: string, readOnly: string, customerOnly: string, expired: string, otherOrg: string }} keys
 * @property {string[]} customerIds
 * @property {string[]} conversationIds
 * @property {SandboxSettings} settings mutable; reset() restores the defaults
 * @property {RecordedRequest[]} requests
 * @property {(method?: string) => RecordedRequest[]} apiRequests
 * @property {(id: string) => Record<string, any> | undefined} customer a copy of the stored attributes
 *   (`tags` as Kustomer keeps them: tag ids)
 * @property {(id: string) => string[]} tagNames the names of a customer's tags, in order
 * @property {(name: string) => string | undefined} tagIdOf the id of the org's live tag of that name
 * @property {(fault: Fault) => void} addFault
 * @property {() => void} clearFaults Kustomer answers normally again
 * @property {() => void} reset
 * @property {() => Promise<void>} close
 */

// ---------------------------------------------------------------------------------------
// API keys: JWTs shaped like Kustomer's (payload with orgName, pod, roles). The sandbox knows
// its keys by their exact text; signatures are not checked. They are the same on every run,
// so a key pasted into the extension once keeps working.

const ROLES = {
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

// ---------------------------------------------------------------------------------------
// Hosts

/**
 * @typedef {{ kind: 'api', org?: string, pod: 'prod1'|'prod2'|undefined } | { kind: 'page', org: string } | { kind: 'unknown' }} HostRoute
 */

/**
 * @param {string} hostname lowercase, without the port
 * @returns {HostRoute}
 */
function routeHost(hostname) {
  if (hostname === 'api.kustomerapp.com') return { kind: 'api', pod: 'prod1' };
  if (hostname === 'api.prod2.kustomerapp.com') return { kind: 'api', pod: 'prod2' };
  let match = /^([a-z0-9-]+)\.api\.kustomerapp\.com$/.exec(hostname);
  if (match?.[1]) return { kind: 'api', org: match[1], pod: undefined };
  match = /^([a-z0-9-]+)\.kustomerapp\.com$/.exec(hostname);
  if (match?.[1]) return { kind: 'page', org: match[1] };
  return { kind: 'unknown' };
}

const ALLOWED_ORIGIN = /^https:\/\/([a-z0-9-]+\.)*kustomerapp\.com(:\d+)?$/;

/**
 * CORS for the agent app's origins, so a page on `https://*.kustomerapp.com` can call the API.
 * @param {string | undefined} origin
 * @param {string} methods
 * @returns {Record<string, string>}
 */
function corsHeaders(origin, methods) {
  if (!origin || !ALLOWED_ORIGIN.test(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': methods,
    'access-control-allow-headers': 'Authorization, Content-Type',
    'access-control-expose-headers': 'x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

// ---------------------------------------------------------------------------------------
// Responses

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * One entry of Kustomer's error body.
 * @param {number} status
 * @param {string} code
 * @param {string} title
 * @param {string} detail
 * @param {Record<string, string>} [source]
 */
function apiError(status, code, title, detail, source = {}) {
  return { status, code, title, detail, source };
}

/** @param {ReturnType<typeof apiError>[]} errors */
const errorBody = (errors) => ({ errors });

/** A generic error body for a status (used by faults that give no body). @param {number} status */
function defaultErrorBody(status) {
  const title = STATUS_CODES[status] ?? 'Error';
  const code = title.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return errorBody([apiError(status, code, title, `Sandbox fault: ${title}`)]);
}

/**
 * @typedef {{ status: number, headers?: Record<string, string>, body?: unknown }} Reply
 */

// ---------------------------------------------------------------------------------------
// The sandbox

/**
 * Starts the sandbox on `host:port` (port 0 picks a free one).
 * @param {{ port?: number, host?: string, certificateDir?: string }} [options]
 * @returns {Promise<Sandbox>}
 */
export async function startSandbox({ port = 0, host = '127.0.0.1', certificateDir } = {}) {
  const { key, cert } = await ensureCertificate(certificateDir);

  /** @type {Map<string, { id: string, attributes: Record<string, any>, companyId: string | null, modifiedBy: string, relationships?: Record<string, unknown> }>} */
  const customers = new Map();
  /** @type {Map<string, { id: string, customerId: string, attributes: Record<string, any> }>} */
  const conversations = new Map();
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {(Fault & { remaining: number })[]} */
  const faults = [];
  /** @type {SandboxSettings} */
  const settings = defaultSettings();
  /** Rate-limit windows per org. @type {Map<string, { resetAt: number, used: number }>} */
  const rateWindows = new Map();
  /** Delays in progress, cancelled by close(). @type {Set<NodeJS.Timeout>} */
  const timers = new Set();

  const seededCustomers = seedCustomers();
  const seededConversations = seedConversations();
  /** The org's tags; customers hold their ids. A reset forgets the tags that saves created. */
  let tags = createTagStore({ extra: () => settings.extraTags });

  function reset() {
    Object.assign(settings, defaultSettings());
    tags = createTagStore({ extra: () => settings.extraTags });
    customers.clear();
    for (const { id, attributes, relationships } of seedCustomers()) {
      // Seeds name their tags; Kustomer keeps the ids (a repeated name is a repeated id).
      attributes.tags = (attributes.tags ?? []).map((/** @type {string} */ name) => tags.idForName(name));
      customers.set(id, { id, attributes, companyId: null, modifiedBy: ADMIN_USER_ID, relationships });
    }
    conversations.clear();
    for (const conversation of seedConversations()) conversations.set(conversation.id, conversation);
    requests.length = 0;
    faults.length = 0;
    rateWindows.clear();
  }
  reset();

  /** @param {Fault} fault */
  function addFault(fault) {
    faults.push({ ...checkFault(fault), remaining: fault.times ?? 1 });
  }

  /** @param {number} ms */
  function sleep(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(undefined);
      }, ms);
      timers.add(timer);
    });
  }

  // ---- rate limit ------------------------------------------------------------------------

  /**
   * Counts one request against the org's per-minute budget (or only looks, with `take` false).
   * @param {string} org
   * @param {boolean} take
   */
  function quota(org, take) {
    const now = Date.now();
    let window = rateWindows.get(org);
    if (!window || now >= window.resetAt) {
      window = { resetAt: now + RATE_WINDOW_MS, used: 0 };
      rateWindows.set(org, window);
    }
    const limit = settings.rateLimit;
    const allowed = window.used < limit;
    if (take && allowed) window.used += 1;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - window.used)),
      },
      resetSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)),
    };
  }

  // ---- store views -----------------------------------------------------------------------

  /** A stored tag id as responses give it. @param {string} id */
  const readTag = (id) => (settings.tagsReadAs === 'ids' ? id : (tags.get(id)?.name ?? id));

  /** @param {string} id */
  function customerResource(id) {
    const record = customers.get(id);
    if (!record) return undefined;
    const attributes = structuredClone(record.attributes);
    attributes.tags = (attributes.tags ?? []).map(readTag);
    for (const path of settings.masked) {
      const slot = maskedSlot(attributes, path);
      if (slot) slot.holder[slot.key] = maskValue(slot.holder[slot.key]);
    }
    /** @type {Record<string, unknown>} */
    const relationships = {
      org: { links: { self: `/v1/orgs/${ORG_ID}` }, data: { type: 'org', id: ORG_ID } },
      messages: { links: { self: `/v1/customers/${id}/messages` } },
      modifiedBy: { links: { self: `/v1/users/${record.modifiedBy}` }, data: { type: 'user', id: record.modifiedBy } },
      ...structuredClone(record.relationships),
    };
    if (record.companyId) {
      relationships.company = {
        links: { self: `/v1/companies/${record.companyId}` },
        data: { type: 'company', id: record.companyId },
      };
    }
    return { type: 'customer', id, attributes, relationships, links: { self: `/v1/customers/${id}` } };
  }

  /**
   * The mask texts a response gives for the customer's masked attributes, by masked path.
   * @param {string} id
   * @returns {Map<string, Set<string>>}
   */
  function maskTexts(id) {
    const record = customers.get(id);
    /** @type {Map<string, Set<string>>} */
    const texts = new Map();
    if (!record) return texts;
    for (const path of settings.masked) {
      const slot = maskedSlot(record.attributes, path);
      if (slot) texts.set(path, collectStrings(maskValue(slot.holder[slot.key]), new Set()));
    }
    return texts;
  }

  /**
   * Whether a schema error is only about a mask text sent back into its masked attribute
   * (`'****58'` as `phones/0/phone`): Kustomer stores such a value, so the sandbox does too.
   * @param {{ path: string }} error
   * @param {unknown} update
   * @param {Map<string, Set<string>>} texts
   */
  function isSentBackMask(error, update, texts) {
    if (texts.size === 0) return false;
    const segments = pointerSegments(error.path);
    /** @type {unknown} */
    let value = update;
    for (const segment of segments) {
      if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) return false;
      value = /** @type {Record<string, unknown>} */ (value)[segment];
    }
    if (typeof value !== 'string') return false;
    const [top, next] = segments;
    return Boolean(
      (top !== undefined && texts.get(top)?.has(value)) ||
        (top === 'custom' && next !== undefined && texts.get(`custom.${next}`)?.has(value)),
    );
  }

  /** @param {string} id */
  function conversationResource(id) {
    const conversation = conversations.get(id);
    if (!conversation) return undefined;
    const user = { links: { self: `/v1/users/${ADMIN_USER_ID}` }, data: { type: 'user', id: ADMIN_USER_ID } };
    return {
      type: 'conversation',
      id,
      attributes: structuredClone(conversation.attributes),
      relationships: {
        org: { links: { self: `/v1/orgs/${ORG_ID}` }, data: { type: 'org', id: ORG_ID } },
        customer: {
          links: { self: `/v1/customers/${conversation.customerId}` },
          data: { type: 'customer', id: conversation.customerId },
        },
        messages: { links: { self: `/v1/conversations/${id}/messages` } },
        createdBy: user,
        modifiedBy: user,
      },
      links: { self: `/v1/conversations/${id}` },
    };
  }

  /**
   * @param {'email'|'phone'|'externalId'} field
   * @param {string} value
   */
  function findCustomer(field, value) {
    /** @type {(attributes: Record<string, any>) => boolean} */
    const matches = {
      email: (/** @type {Record<string, any>} */ a) =>
        [...(a.emails ?? []), ...(a.sharedEmails ?? [])].some((e) => e.email.toLowerCase() === value.toLowerCase()),
      phone: (/** @type {Record<string, any>} */ a) =>
        digits(value) !== '' &&
        [...(a.phones ?? []), ...(a.sharedPhones ?? [])].some((p) => digits(p.phone) === digits(value)),
      externalId: (/** @type {Record<string, any>} */ a) =>
        a.externalId === value || (a.externalIds ?? []).some((/** @type {any} */ e) => e.externalId === value),
    }[field];
    for (const record of customers.values()) if (matches(record.attributes)) return record.id;
    return undefined;
  }

  /** @type {import('./agent-pages.mjs').AgentPageStore} */
  const pageStore = {
    org: SANDBOX_ORG,
    customers: () => [...customers.values()].map(({ id, attributes }) => ({ id, attributes })),
    // The agent app shows tags by name.
    customer: (id) => {
      const attributes = customers.get(id)?.attributes;
      return attributes && { ...attributes, tags: (attributes.tags ?? []).map((/** @type {string} */ t) => tags.get(t)?.name ?? t) };
    },
    conversation: (id) => conversations.get(id),
    conversationsOf: (customerId) => [...conversations.values()].filter((c) => c.customerId === customerId),
  };

  // ---- API -------------------------------------------------------------------------------

  /**
   * Who is calling: the key's claims, or the 401 to answer.
   * @param {string | undefined} authorization
   * @param {Extract<HostRoute, { kind: 'api' }>} route
   * @param {string} hostname
   * @returns {{ claims: KeyClaims } | { error: ReturnType<typeof apiError> }}
   */
  function authenticate(authorization, route, hostname) {
    const source = { header: 'Authorization' };
    const unauthorized = (/** @type {string} */ detail, code = 'unauthorized', title = 'Unauthorized') => ({
      error: apiError(401, code, title, detail, source),
    });
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!authorization) return unauthorized('No Authorization header. Send "Authorization: Bearer <API key>".');
    if (!match?.[1]) return unauthorized('Malformed Authorization header. Expected "Bearer <API key>".');
    const claims = KEYRING.get(match[1]);
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
    return { claims };
  }

  /**
   * @param {{ method: string, path: string, query: URLSearchParams, headers: import('node:http').IncomingHttpHeaders,
   *   rawBody: string, tooLarge: boolean, route: Extract<HostRoute, { kind: 'api' }>, hostname: string }} request
   * @returns {Reply}
   */
  function handleApi({ method, path, query, headers, rawBody, tooLarge, route, hostname }) {
    const auth = authenticate(headers.authorization, route, hostname);
    const org = 'claims' in auth ? auth.claims.orgName : (route.org ?? 'unknown');
    const budget = quota(org, true);
    const reply = (/** @type {number} */ status, /** @type {unknown} */ body, extraHeaders = {}) => ({
      status,
      headers: { ...budget.headers, 'content-type': JSON_TYPE, ...extraHeaders },
      body,
    });
    const fail = (/** @type {ReturnType<typeof apiError>[]} */ ...errors) => reply(errors[0]?.status ?? 500, errorBody(errors));

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
    if (!endpoint.roles.some((role) => auth.claims.roles.includes(role))) {
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
        const data = customerResource(endpoint.id);
        return data ? reply(200, { data }) : fail(notFound('customer', endpoint.id));
      }
      case 'findCustomer': {
        const id = findCustomer(endpoint.field, endpoint.value);
        return id ? reply(200, { data: customerResource(id) }) : fail(notFound('customer', endpoint.value, endpoint.field));
      }
      case 'getConversation': {
        const data = conversationResource(endpoint.id);
        return data ? reply(200, { data }) : fail(notFound('conversation', endpoint.id));
      }
      case 'getMetadata':
        return endpoint.resource === 'customer'
          ? reply(200, { data: customerMetadata() })
          : fail(notFound('metadata', endpoint.resource, 'resource'));
      case 'updateCustomer':
        return updateCustomer(endpoint.id, { headers, rawBody, tooLarge, user: auth.claims.user }, reply, fail);
      case 'listTags':
        return reply(200, tagPage(tags, query));
      case 'getTag': {
        const tag = tags.get(endpoint.id);
        return tag ? reply(200, { data: tagResource(tag) }) : fail(notFound('tag', endpoint.id));
      }
    }
  }

  /**
   * `PATCH /v1/customers/{id}` (and `PUT ...?replace=false`, documented as the same update).
   * @param {string} id
   * @param {{ headers: import('node:http').IncomingHttpHeaders, rawBody: string, tooLarge: boolean, user: string }} request
   * @param {(status: number, body: unknown) => Reply} reply
   * @param {(...errors: ReturnType<typeof apiError>[]) => Reply} fail
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
    const texts = maskTexts(id);
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
    const record = customers.get(id);
    if (!record) return fail(notFound('customer', id));
    if (Array.isArray(update.tags)) {
      const taken = tagIdsOf(tags, update.tags, settings.tagsWrittenAs);
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
    return reply(200, { data: customerResource(id) });
  }

  // ---- control endpoints -------------------------------------------------------------------

  /**
   * @param {string} method
   * @param {string} path
   * @param {URLSearchParams} query
   * @param {unknown} body
   * @param {string} rawBody
   * @returns {Reply}
   */
  function handleControl(method, path, query, body, rawBody) {
    const json = (/** @type {number} */ status, /** @type {unknown} */ payload) => ({
      status,
      headers: { 'content-type': JSON_TYPE },
      body: payload,
    });
    const badRequest = (/** @type {string} */ message) => json(400, { error: message });
    if (rawBody && body === undefined) return badRequest('The body is not valid JSON.');
    const route = `${method} ${path.replace(/\/+$/, '')}`;

    try {
      switch (route) {
        case 'POST /__sandbox/reset':
          reset();
          return { status: 204 };
        case 'GET /__sandbox/info':
          return json(200, info());
        case 'GET /__sandbox/requests': {
          const kind = query.get('kind');
          const onlyMethod = query.get('method')?.toUpperCase();
          return json(
            200,
            requests.filter((r) => (!kind || r.kind === kind) && (!onlyMethod || r.method === onlyMethod)),
          );
        }
        case 'DELETE /__sandbox/requests':
          requests.length = 0;
          return { status: 204 };
        case 'GET /__sandbox/faults':
          return json(200, faults.map(({ path, ...rest }) => ({ ...rest, path: path instanceof RegExp ? String(path) : path })));
        case 'POST /__sandbox/faults':
          addFault(/** @type {Fault} */ (body ?? {}));
          return json(201, { faults: faults.length });
        case 'DELETE /__sandbox/faults':
          faults.length = 0;
          return { status: 204 };
        case 'GET /__sandbox/settings':
          return json(200, settings);
        case 'PUT /__sandbox/settings':
          Object.assign(settings, checkSettings(body));
          return json(200, settings);
      }
      const customerMatch = /^GET \/__sandbox\/customers\/([^/]+)$/.exec(route);
      if (customerMatch?.[1]) {
        const attributes = customers.get(customerMatch[1])?.attributes;
        return attributes ? json(200, attributes) : json(404, { error: 'No such customer' });
      }
    } catch (error) {
      if (error instanceof TypeError) return badRequest(error.message);
      throw error;
    }
    return json(404, { error: `No control endpoint ${route}` });
  }

  function info() {
    return {
      org: SANDBOX_ORG,
      port: sandbox.port,
      keys: SANDBOX_KEYS,
      customerIds: sandbox.customerIds,
      conversationIds: sandbox.conversationIds,
      apiBaseUrl: `https://${SANDBOX_ORG}.api.kustomerapp.com/v1`,
      demoCustomerUrl: `https://${SANDBOX_ORG}.kustomerapp.com/app/customers/${sandbox.customerIds[0]}`,
    };
  }

  // ---- HTTP --------------------------------------------------------------------------------

  /**
   * @param {string} method
   * @param {string} path
   */
  function takeFault(method, path) {
    const index = faults.findIndex(
      (f) =>
        (f.method ? f.method.toUpperCase() === method : method !== 'OPTIONS') &&
        (f.path === undefined || (f.path instanceof RegExp ? f.path.test(path) : path.startsWith(f.path))),
    );
    const fault = faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault;
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const time = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const path = url.pathname;
    const hostname = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const route = path.startsWith('/__sandbox/') ? undefined : routeHost(hostname);
    /** @type {RecordedRequest['kind']} */
    const kind = route === undefined ? 'control' : route.kind === 'api' ? 'api' : 'page';

    let body;
    try {
      body = await readBody(req, BODY_LIMIT_BYTES);
    } catch {
      return; // the client went away mid-request
    }
    const { text: rawBody, tooLarge } = body;
    /** @type {RecordedRequest} */
    const record = {
      time,
      kind,
      method,
      host: hostname,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      rawBody,
      body: parseJson(rawBody),
      status: null,
    };
    requests.push(record);

    const origin = req.headers.origin;
    /** @param {Reply} reply @param {string} methods */
    const send = (reply, methods) => {
      record.status = reply.status;
      const payload =
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        ...corsHeaders(origin, methods),
        ...reply.headers,
        'content-length': String(Buffer.byteLength(payload)),
      });
      res.end(method === 'HEAD' ? undefined : payload);
    };

    if (route === undefined) return send(handleControl(method, path, url.searchParams, record.body, rawBody), 'GET, POST, PUT, DELETE');

    if (route.kind === 'api') {
      const methods = 'GET, PATCH, PUT';
      if (method === 'OPTIONS') return send({ status: 204 }, methods);
      const fault = takeFault(method, path);
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault?.drop === 'after') {
        // The request is handled (a PATCH applied), then the answer is lost: an unknown outcome.
        handleApi({ method, path, query: url.searchParams, headers: req.headers, rawBody, tooLarge, route, hostname });
        record.dropped = true;
        res.destroy();
        req.socket.destroy();
        return;
      }
      if (fault?.drop) {
        record.dropped = true;
        res.destroy();
        req.socket.destroy();
        return;
      }
      if (fault?.status) return send(faultReply(fault, route.org ?? SANDBOX_ORG), methods);
      return send(
        handleApi({ method, path, query: url.searchParams, headers: req.headers, rawBody, tooLarge, route, hostname }),
        methods,
      );
    }

    if (route.kind === 'page') {
      const page = route.org === SANDBOX_ORG ? renderAgentPage(method, path, pageStore) : unknownOrgPage(route.org);
      return send(page, 'GET');
    }

    return send(
      {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: `The sandbox serves ${SANDBOX_ORG}.api.kustomerapp.com, api.kustomerapp.com, api.prod2.kustomerapp.com and ${SANDBOX_ORG}.kustomerapp.com (by Host header), and /__sandbox/ on any host; not "${hostname}".\n`,
      },
      'GET',
    );
  }

  /**
   * @param {Fault} fault
   * @param {string} org
   * @returns {Reply}
   */
  function faultReply(fault, org) {
    const status = /** @type {number} */ (fault.status);
    const body = fault.body ?? (status >= 400 ? defaultErrorBody(status) : undefined);
    return {
      status,
      headers: {
        ...quota(org, false).headers,
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': JSON_TYPE } : {}),
        ...fault.headers,
      },
      body,
    };
  }

  const server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((error) => {
      console.error('[sandbox]', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify(errorBody([apiError(500, 'internal_error', 'Internal Server Error', String(error))])));
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The sandbox is not listening on a TCP port');

  /** @type {Sandbox} */
  const sandbox = {
    port: address.port,
    org: SANDBOX_ORG,
    keys: SANDBOX_KEYS,
    customerIds: seededCustomers.map((c) => c.id),
    conversationIds: seededConversations.map((c) => c.id),
    settings,
    requests,
    apiRequests: (method) =>
      requests.filter((r) => r.kind === 'api' && (!method || r.method === method.toUpperCase())),
    customer: (id) => structuredClone(customers.get(id)?.attributes),
    tagNames: (id) => (customers.get(id)?.attributes.tags ?? []).map((/** @type {string} */ tag) => tags.get(tag)?.name ?? tag),
    tagIdOf: (name) => tags.named(name)?.id,
    addFault,
    clearFaults: () => void (faults.length = 0),
    reset,
    close: () =>
      new Promise((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return sandbox;
}

// ---------------------------------------------------------------------------------------
// Endpoints of the API

/**
 * @typedef {{ name: 'getCustomer' | 'updateCustomer', id: string, roles: string[] }
 *   | { name: 'findCustomer', field: 'email'|'phone'|'externalId', value: string, roles: string[] }
 *   | { name: 'getConversation', id: string, roles: string[] }
 *   | { name: 'getMetadata', resource: string, roles: string[] }
 *   | { name: 'listTags', roles: string[] }
 *   | { name: 'getTag', id: string, roles: string[] }} Endpoint
 */

/**
 * @param {string} method
 * @param {string} path
 * @param {URLSearchParams} query
 * @returns {Endpoint | { error: ReturnType<typeof apiError> }}
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
  return { error: apiError(404, 'not_found', 'Not Found', `No endpoint ${method} ${path}.`) };
}

/**
 * @param {string} type
 * @param {string} value
 * @param {string} [parameter]
 */
function notFound(type, value, parameter = 'id') {
  return apiError(404, 'not_found', 'Not Found', `No ${type} with ${parameter} "${value}".`, { parameter });
}

// ---------------------------------------------------------------------------------------
// Applying an update

/**
 * How two items of an array attribute are "the same" when `arrays` is 'merge': a sent item
 * replaces the stored item it matches, the others are appended.
 * @type {Record<string, (item: any) => string>}
 */
const ITEM_IDENTITY = {
  emails: (e) => e.email.toLowerCase(),
  sharedEmails: (e) => e.email.toLowerCase(),
  phones: (p) => digits(p.phone),
  sharedPhones: (p) => digits(p.phone),
  whatsapps: (p) => digits(p.phone),
  externalIds: (e) => e.externalId,
  sharedExternalIds: (e) => e.externalId,
  socials: (s) => `${s.type}:${s.username}`,
  sharedSocials: (s) => `${s.type}:${s.username}`,
  urls: (u) => u.url,
};

/**
 * Stores array items in the shape Kustomer reads them back: contact items get `verified`
 * (false unless sent), a `type` ('other' unless sent) and `id: null`.
 * @param {string} field
 * @param {any} item
 */
function storedItem(field, item) {
  switch (field) {
    case 'emails':
    case 'sharedEmails':
      return { email: item.email, verified: item.verified ?? false, type: item.type ?? 'other', id: null };
    case 'phones':
    case 'sharedPhones':
      return { phone: item.phone, verified: item.verified ?? false, type: item.type ?? 'other', id: null };
    case 'externalIds':
    case 'sharedExternalIds':
      return { externalId: item.externalId, verified: item.verified ?? false, id: null };
    default:
      return item;
  }
}

/**
 * Applies a validated PATCH body: sent fields change, others stay; `null` clears a field;
 * `custom` is merged key by key; arrays replace or merge per the `arrays` setting.
 * @param {{ attributes: Record<string, any>, companyId: string | null }} record
 * @param {Record<string, any>} update
 * @param {'replace'|'merge'} arrays
 */
function applyUpdate(record, update, arrays) {
  const attributes = record.attributes;
  for (const [field, value] of Object.entries(update)) {
    if (field === 'rev') continue;
    if (field === 'company') {
      record.companyId = value;
    } else if (field === 'custom') {
      attributes.custom = { ...attributes.custom, ...value };
    } else if (Array.isArray(value)) {
      const items = value.map((item) => storedItem(field, item));
      attributes[field] = arrays === 'merge' ? mergeItems(attributes[field] ?? [], items, field) : items;
    } else {
      attributes[field] = value;
    }
  }
  if ('name' in update) {
    attributes.displayName = attributes.name ?? attributes.emails?.[0]?.email ?? attributes.phones?.[0]?.phone ?? '';
  }
  const now = new Date().toISOString();
  if (typeof attributes.rev === 'number') attributes.rev += 1; // a document without one stays so
  attributes.modifiedAt = now;
  attributes.updatedAt = now;
}

/**
 * @param {unknown[]} stored
 * @param {unknown[]} sent
 * @param {string} field
 */
function mergeItems(stored, sent, field) {
  const identity = ITEM_IDENTITY[field] ?? ((/** @type {unknown} */ item) => JSON.stringify(item));
  const merged = [...stored];
  for (const item of sent) {
    const index = merged.findIndex((existing) => identity(existing) === identity(item));
    if (index >= 0) merged[index] = item;
    else merged.push(item);
  }
  return merged;
}

// ---------------------------------------------------------------------------------------
// Checking what tests and control requests pass in

/**
 * @param {unknown} input
 * @returns {Fault}
 */
function checkFault(input) {
  if (typeof input !== 'object' || input === null) throw new TypeError('A fault must be an object.');
  const fault = /** @type {Record<string, unknown>} */ (input);
  const known = ['method', 'path', 'times', 'status', 'headers', 'body', 'delayMs', 'drop'];
  const unknown = Object.keys(fault).filter((k) => !known.includes(k));
  if (unknown.length) throw new TypeError(`Unknown fault properties: ${unknown.join(', ')}.`);
  const { method, path, times, status, headers, body, delayMs, drop } = fault;
  if (method !== undefined && typeof method !== 'string') throw new TypeError('fault.method must be a string.');
  if (path !== undefined && typeof path !== 'string' && !(path instanceof RegExp)) {
    throw new TypeError('fault.path must be a string prefix or a RegExp.');
  }
  if (times !== undefined && !(Number.isInteger(times) && /** @type {number} */ (times) > 0)) {
    throw new TypeError('fault.times must be a positive integer.');
  }
  if (status !== undefined && !(Number.isInteger(status) && /** @type {number} */ (status) >= 200 && /** @type {number} */ (status) <= 599)) {
    throw new TypeError('fault.status must be an HTTP status from 200 to 599.');
  }
  if (headers !== undefined && (typeof headers !== 'object' || headers === null)) {
    throw new TypeError('fault.headers must be an object.');
  }
  if (delayMs !== undefined && !(typeof delayMs === 'number' && delayMs >= 0)) {
    throw new TypeError('fault.delayMs must be a number of milliseconds.');
  }
  if (drop !== undefined && typeof drop !== 'boolean' && drop !== 'after') throw new TypeError("fault.drop must be a boolean or 'after'.");
  if (status === undefined && delayMs === undefined && !drop) {
    throw new TypeError('A fault needs a status, a delayMs or drop.');
  }
  const lowercaseHeaders = headers
    ? Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]))
    : undefined;
  return /** @type {Fault} */ ({ ...fault, headers: lowercaseHeaders, body });
}

/**
 * @param {unknown} input
 * @returns {Partial<SandboxSettings>}
 */
function checkSettings(input) {
  if (typeof input !== 'object' || input === null) throw new TypeError('Settings must be a JSON object.');
  /** @type {Record<string, (value: unknown) => boolean>} */
  const rules = {
    tagsReadAs: (v) => v === 'names' || v === 'ids',
    tagsWrittenAs: (v) => v === 'both' || v === 'ids' || v === 'names',
    extraTags: (v) => Number.isInteger(v) && /** @type {number} */ (v) >= 0 && /** @type {number} */ (v) <= 20_000,
    arrays: (v) => v === 'replace' || v === 'merge',
    conflictOnStaleRev: (v) => typeof v === 'boolean',
    rateLimit: (v) => Number.isInteger(v) && /** @type {number} */ (v) >= 0,
    masked: (v) => Array.isArray(v) && v.every((path) => typeof path === 'string' && MASKED_PATH.test(path)),
  };
  for (const [name, value] of Object.entries(input)) {
    const rule = rules[name];
    if (!rule) throw new TypeError(`Unknown setting "${name}".`);
    if (!rule(value)) throw new TypeError(`Invalid value for setting "${name}": ${JSON.stringify(value)}.`);
  }
  const checked = /** @type {Partial<SandboxSettings>} */ (input);
  return checked.masked ? { ...checked, masked: [...checked.masked] } : checked;
}

/** A masked path: a top-level attribute name, or `custom.` and a custom attribute's key. */
const MASKED_PATH = /^(custom\.[A-Za-z0-9_]+|[A-Za-z_$][\w$]*)$/;

// ---------------------------------------------------------------------------------------
// Small helpers

/**
 * Reads the whole body, keeping at most `limit` bytes (the rest is drained and dropped).
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<{ text: string, tooLarge: boolean }>}
 */
async function readBody(req, limit) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = /** @type {Buffer} */ (chunk);
    if (size < limit) chunks.push(buffer.subarray(0, limit - size));
    size += buffer.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > limit };
}

/** @param {string} text */
function parseJson(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** @param {string} value */
function digits(value) {
  return String(value).replace(/\D/g, '');
}

/** @param {string} segment */
function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
