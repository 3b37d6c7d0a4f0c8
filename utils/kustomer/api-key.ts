/**
 * What can be read from a Kustomer API key without sending it anywhere. Keys are JWTs whose
 * payload carries `orgName` and `pod` (observed, undocumented): read defensively.
 */

export interface ApiKeyClaims {
  orgName?: string;
  pod?: string;
  /** Expiry, epoch seconds, when the key has one. */
  exp?: number;
}

export const API_KEY_MAX_LENGTH = 8192;

/** The agent-facing problem with a pasted key, or undefined when it looks usable. */
export function apiKeyProblem(key: string): string | undefined {
  if (key === '') return 'Paste the API key made for you in Kustomer (Settings > Security > API Keys).';
  if (key.length > API_KEY_MAX_LENGTH) return `That is not an API key: it is longer than ${API_KEY_MAX_LENGTH} characters.`;
  if (/\s/.test(key)) return 'The API key contains spaces or line breaks: paste it again as one piece.';
  if (/^bearer$/i.test(key.split(/\s/)[0] ?? '')) return 'Paste the key without "Bearer".';
  return undefined;
}

/** A warning for a key that says it has expired, or undefined. */
export function apiKeyExpiry(claims: ApiKeyClaims, nowMs = Date.now()): string | undefined {
  if (claims.exp === undefined || claims.exp * 1000 > nowMs) return undefined;
  return `This key expired on ${new Date(claims.exp * 1000).toISOString().slice(0, 10)}: Kustomer will refuse it. Make a new key in Kustomer.`;
}

/** Trims what comes along when a key is copied: whitespace, a leading "Bearer ", quotes. */
export function cleanApiKey(input: string): string {
  return input
    .trim()
    .replace(/^bearer\s+/i, '')
    .replace(/^["']|["']$/g, '')
    .trim();
}

export function readApiKeyClaims(key: string): ApiKeyClaims {
  const parts = key.split('.');
  if (parts.length !== 3 || !parts[1]) return {};
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const payload: unknown = JSON.parse(json);
    if (!payload || typeof payload !== 'object') return {};
    const p = payload as Record<string, unknown>;
    return {
      orgName: typeof p.orgName === 'string' && p.orgName ? p.orgName : undefined,
      pod: typeof p.pod === 'string' && p.pod ? p.pod : undefined,
      exp: typeof p.exp === 'number' && Number.isFinite(p.exp) ? p.exp : undefined,
    };
  } catch {
    return {};
  }
}

/**
 * A short one-way mark of a key (SHA-256, 16 hex): enough to remember what Kustomer said to this
 * credential (a missing role) without keeping the key a second time.
 */
export async function keyFingerprint(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
