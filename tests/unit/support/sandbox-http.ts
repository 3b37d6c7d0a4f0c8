// HTTPS requests to the sandbox as a browser on a Kustomer host sends them: to 127.0.0.1 with
// that host's Host header and server name.
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server.mjs';

export const API = 'acme.api.kustomerapp.com';
export const PAGES = 'acme.kustomerapp.com';
/** A redirect URL shaped like Chrome's `identity.getRedirectURL()`, registered for the sandbox's app. */
export const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

/**
 * A sandbox for a test file's sign-in tests: started once, reset before each test with
 * `REDIRECT` registered for its app; `ada` is its first customer.
 */
export function signInSandbox() {
  const h = {} as { sandbox: Sandbox; ada: string };
  beforeAll(async () => {
    h.sandbox = await startSandbox({ port: 0 });
    h.ada = h.sandbox.customerIds[0]!;
  });
  afterAll(() => h.sandbox?.close());
  beforeEach(() => {
    h.sandbox.reset();
    h.sandbox.settings.oauth.redirectUris = [REDIRECT];
  });
  return h;
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface CallOptions {
  host?: string;
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTPS request to the sandbox at `port()`, as a browser on that host would send it. */
export const sandboxCaller =
  (port: () => number) =>
  (method: string, path: string, { host = API, key, body, headers = {} }: CallOptions = {}): Promise<Reply> => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const allHeaders: Record<string, string> = {
      host,
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(payload !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    };
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: port(),
          servername: host,
          method,
          path,
          headers: allHeaders,
          rejectUnauthorized: false,
          agent: false,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };

/** `fetch` as the background calls it, answered by the sandbox at `port()` (by the URL's host). */
export function sandboxFetch(port: () => number): typeof fetch {
  const call = sandboxCaller(port);
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const { authorization, ...rest } = headers;
    const reply = await call(init.method ?? 'GET', url.pathname + url.search, {
      host: url.host,
      key: authorization?.replace(/^Bearer\s+/i, ''),
      body: typeof init.body === 'string' ? init.body : undefined,
      headers: rest,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
    return new Response(reply.status === 204 ? null : reply.text, { status: reply.status, headers: responseHeaders });
  }) as typeof fetch;
}
