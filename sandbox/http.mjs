// The HTTP side of the sandbox: which Kustomer host a request is for (by its Host header),
// reading request bodies, CORS for the agent app's origins, and writing replies.

/** Kustomer refuses request bodies over 100 kB (Express's default limit). */
export const BODY_LIMIT_BYTES = 100 * 1024;

export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * @typedef {{ status: number, headers?: Record<string, string>, body?: unknown }} Reply
 */

// ---------------------------------------------------------------------------------------
// Hosts

/**
 * @typedef {{ kind: 'api', org?: string, pod: 'prod1'|'prod2'|undefined } | { kind: 'page', org: string } | { kind: 'unknown' }} HostRoute
 */

/**
 * @param {string} hostname lowercase, without the port
 * @returns {HostRoute}
 */
export function routeHost(hostname) {
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
// Requests and replies

/**
 * Reads the whole body, keeping at most `limit` bytes (the rest is drained and dropped).
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<{ text: string, tooLarge: boolean }>}
 */
export async function readBody(req, limit) {
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
export function parseJson(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Writes a reply (a string body as is, any other as JSON; none for HEAD), with CORS headers
 * for an allowed origin.
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 * @param {{ method: string, origin: string | undefined, methods: string }} request `methods`: those CORS allows
 */
export function writeReply(res, reply, { method, origin, methods }) {
  const payload =
    reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...corsHeaders(origin, methods),
    ...reply.headers,
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(method === 'HEAD' ? undefined : payload);
}

/**
 * Destroys the connection without answering.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function dropConnection(req, res) {
  res.destroy();
  req.socket.destroy();
}
