// The control endpoints under `/__sandbox/` (on any host), for processes that cannot hold the
// returned object (a browser page, a benchmark, `npm start`): reset, info, the recorded
// requests, faults, settings, and a customer's stored attributes.
import { JSON_TYPE } from './http.mjs';
import { SANDBOX_KEYS, SANDBOX_ORG } from './keys.mjs';
import { checkSettings } from './settings.mjs';

/**
 * @param {{ settings: import('./settings.mjs').SandboxSettings, store: import('./store.mjs').Store,
 *   requests: import('./server.mjs').RecordedRequest[], faults: import('./faults.mjs').Faults, reset: () => void,
 *   sandbox: () => import('./server.mjs').Sandbox }} sandbox `sandbox`: the running sandbox, once it listens
 */
export function createControlRoutes({ settings, store, requests, faults, reset, sandbox }) {
  /**
   * @param {string} method
   * @param {string} path
   * @param {URLSearchParams} query
   * @param {unknown} body
   * @param {string} rawBody
   * @returns {import('./http.mjs').Reply}
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
          return json(200, faults.list());
        case 'POST /__sandbox/faults':
          faults.add(/** @type {import('./faults.mjs').Fault} */ (body ?? {}));
          return json(201, { faults: faults.count() });
        case 'DELETE /__sandbox/faults':
          faults.clear();
          return { status: 204 };
        case 'GET /__sandbox/settings':
          return json(200, settings);
        case 'PUT /__sandbox/settings':
          {
            const checked = checkSettings(body);
            Object.assign(settings, checked, checked.oauth && { oauth: { ...settings.oauth, ...checked.oauth } });
          }
          return json(200, settings);
      }
      const customerMatch = /^GET \/__sandbox\/customers\/([^/]+)$/.exec(route);
      if (customerMatch?.[1]) {
        const attributes = store.customers.get(customerMatch[1])?.attributes;
        return attributes ? json(200, attributes) : json(404, { error: 'No such customer' });
      }
    } catch (error) {
      if (error instanceof TypeError) return badRequest(error.message);
      throw error;
    }
    return json(404, { error: `No control endpoint ${route}` });
  }

  function info() {
    const { port, customerIds, conversationIds } = sandbox();
    return {
      org: SANDBOX_ORG,
      port,
      keys: SANDBOX_KEYS,
      customerIds,
      conversationIds,
      apiBaseUrl: `https://${SANDBOX_ORG}.api.kustomerapp.com/v1`,
      demoCustomerUrl: `https://${SANDBOX_ORG}.kustomerapp.com/app/customers/${customerIds[0]}`,
    };
  }

  return handleControl;
}
