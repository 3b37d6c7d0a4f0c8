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
//
// This module starts the server and routes each request; the parts are in their own modules:
// keys.mjs (the org's API keys), rate-limit.mjs, masking.mjs (masked attributes), settings.mjs,
// store.mjs (customers, conversations, tags; applying an update), api-routes.mjs (`/v1/...`),
// control-routes.mjs (`/__sandbox/...`), faults.mjs, http.mjs (hosts, bodies, replies),
// api-errors.mjs, agent-pages.mjs, tags.mjs, customers.mjs (the seed data), openapi.mjs.
import { createServer } from 'node:https';
import { renderAgentPage, unknownOrgPage } from './agent-pages.mjs';
import { createApiRoutes } from './api-routes.mjs';
import { apiError, errorBody } from './api-errors.mjs';
import { ensureCertificate } from './certificate.mjs';
import { createControlRoutes } from './control-routes.mjs';
import { seedConversations, seedCustomers, tagId } from './customers.mjs';
import { createFaults, faultReply } from './faults.mjs';
import { BODY_LIMIT_BYTES, JSON_TYPE, dropConnection, parseJson, readBody, routeHost, writeReply } from './http.mjs';
import { SANDBOX_KEYS, SANDBOX_ORG } from './keys.mjs';
import { createOAuth, SANDBOX_AGENTS, SANDBOX_CLIENT_ID } from './oauth.mjs';
import { createRateLimiter } from './rate-limit.mjs';
import { defaultSettings } from './settings.mjs';
import { createStore } from './store.mjs';

export { BODY_LIMIT_BYTES, SANDBOX_AGENTS, SANDBOX_CLIENT_ID, SANDBOX_KEYS, SANDBOX_ORG, tagId };
export { MASK_PREFIX, maskText } from './masking.mjs';

/**
 * @typedef {import('./settings.mjs').SandboxSettings} SandboxSettings
 * @typedef {import('./faults.mjs').Fault} Fault
 * @typedef {import('./keys.mjs').KeyClaims} KeyClaims
 * @typedef {import('./http.mjs').HostRoute} HostRoute
 * @typedef {import('./http.mjs').Reply} Reply
 * @typedef {import('./api-routes.mjs').Endpoint} Endpoint
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
 * @property {(id: string) => string | undefined} modifiedBy the id of the user who last changed a customer
 *   (an agent signed in with OAuth, or a key's machine user)
 * @property {{ clientId: string, agents: typeof SANDBOX_AGENTS, exchanges: import('./oauth.mjs').TokenExchange[],
 *   expireAccessTokens: () => void, liveAccessTokens: () => number, issuedTokens: () => string[] }} oauth the
 *   org's OAuth app: what the token endpoint was asked, the tokens it issued, and the "expired access token" fault
 * @property {(fault: Fault) => void} addFault
 * @property {() => void} clearFaults Kustomer answers normally again
 * @property {() => void} reset
 * @property {() => Promise<void>} close
 */

/**
 * Starts the sandbox on `host:port` (port 0 picks a free one).
 * @param {{ port?: number, host?: string, certificateDir?: string }} [options]
 * @returns {Promise<Sandbox>}
 */
export async function startSandbox({ port = 0, host = '127.0.0.1', certificateDir } = {}) {
  const { key, cert } = await ensureCertificate(certificateDir);

  /** @type {RecordedRequest[]} */
  const requests = [];
  const faults = createFaults();
  /** @type {SandboxSettings} */
  const settings = defaultSettings();
  const rateLimiter = createRateLimiter(() => settings.rateLimit);
  /** Delays in progress, cancelled by close(). @type {Set<NodeJS.Timeout>} */
  const timers = new Set();

  const seededCustomers = seedCustomers();
  const seededConversations = seedConversations();
  const store = createStore(settings);
  const oauth = createOAuth({ settings, org: SANDBOX_ORG });
  /** Keys revoked with `DELETE /v1/auth/tokens/current`, until reset. @type {Set<string>} */
  const revokedKeys = new Set();

  function reset() {
    Object.assign(settings, defaultSettings());
    store.reset();
    oauth.reset();
    revokedKeys.clear();
    requests.length = 0;
    faults.clear();
    rateLimiter.reset();
  }
  reset();

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

  const handleApi = createApiRoutes({ settings, store, rateLimiter, oauth, revokedKeys });
  const handleControl = createControlRoutes({ settings, store, requests, faults, reset, sandbox: () => sandbox });

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
      writeReply(res, reply, { method, origin, methods });
    };
    const drop = () => {
      record.dropped = true;
      dropConnection(req, res);
    };

    if (route === undefined) return send(handleControl(method, path, url.searchParams, record.body, rawBody), 'GET, POST, PUT, DELETE');

    if (route.kind === 'api') {
      const methods = 'GET, PATCH, PUT';
      if (method === 'OPTIONS') return send({ status: 204 }, methods);
      const fault = faults.take(method, path);
      if (fault?.delayMs) await sleep(fault.delayMs);
      const apiRequest = { method, path, query: url.searchParams, headers: req.headers, rawBody, tooLarge, route, hostname };
      // The OAuth token endpoint sits on the API host, outside /v1 and its rate budget.
      const answer = () => (path === '/oauth/token' ? oauth.token(method, route.org, req.headers, rawBody) : handleApi(apiRequest));
      if (fault?.drop === 'after') {
        // The request is handled (a PATCH applied, a refresh token used), then the answer is lost.
        answer();
        return drop();
      }
      if (fault?.drop) return drop();
      if (fault?.status) return send(faultReply(fault, rateLimiter.quota(route.org ?? SANDBOX_ORG, false).headers), methods);
      return send(answer(), path === '/oauth/token' ? 'POST' : methods);
    }

    if (route.kind === 'page') {
      if (path === '/oauth/authorize') return send(oauth.authorize(method, route.org, url.searchParams, rawBody), 'GET, POST');
      const page = route.org === SANDBOX_ORG ? renderAgentPage(method, path, store.pageStore) : unknownOrgPage(route.org);
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
    customer: (id) => structuredClone(store.customers.get(id)?.attributes),
    tagNames: store.tagNames,
    tagIdOf: (name) => store.tags.named(name)?.id,
    modifiedBy: (id) => store.customers.get(id)?.modifiedBy,
    oauth: {
      clientId: SANDBOX_CLIENT_ID,
      agents: SANDBOX_AGENTS,
      exchanges: oauth.exchanges,
      expireAccessTokens: oauth.expireAccessTokens,
      liveAccessTokens: oauth.liveAccessTokens,
      issuedTokens: oauth.issuedTokens,
    },
    addFault: faults.add,
    clearFaults: faults.clear,
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
