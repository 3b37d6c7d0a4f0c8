// HTTPS requests to the sandbox as a browser on a Kustomer host sends them: to 127.0.0.1 with
// that host's Host header and server name.
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export const API = 'acme.api.kustomerapp.com';
export const PAGES = 'acme.kustomerapp.com';

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
