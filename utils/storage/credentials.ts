/**
 * The organization and its one active credential (an API key, or a signed-in agent's OAuth tokens
 * with the app's client id and, where the app has one, its secret), kept by the background in the
 * extension origin's IndexedDB:
 * out of reach of content scripts (they run in the page's origin) and never in
 * `storage.local`/`storage.sync`, which content scripts can read.
 * Only the background imports this module.
 */
import type { Tokens } from '@/utils/kustomer/oauth';
import { isRecord } from '@/utils/plain-data';
import { transact } from '@/utils/storage/db';

/** A signed-in agent: the app's client, the tokens (none once the session ended), who it is. */
export interface OAuthCredential {
  clientId: string;
  clientSecret?: string;
  tokens?: Tokens;
  /** From `GET /v1/users/current`, read once per sign-in. */
  user?: { name: string; email: string };
}

export interface Credentials {
  org: string;
  apiKey: string;
  oauth: OAuthCredential;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function readTokens(value: unknown): Tokens | undefined {
  if (!isRecord(value) || typeof value.accessToken !== 'string') return undefined;
  return {
    accessToken: value.accessToken,
    refreshToken: text(value.refreshToken),
    expiresAt: typeof value.expiresAt === 'number' ? value.expiresAt : undefined,
    scopes: Array.isArray(value.scopes) ? value.scopes.filter((s): s is string => typeof s === 'string') : [],
  };
}

function readOAuth(value: unknown): OAuthCredential | undefined {
  if (!isRecord(value) || typeof value.clientId !== 'string') return undefined;
  const user = isRecord(value.user) && typeof value.user.name === 'string' ? { name: value.user.name, email: text(value.user.email) ?? '' } : undefined;
  return { clientId: value.clientId, clientSecret: text(value.clientSecret), tokens: readTokens(value.tokens), user };
}

const RECORD = 'current';

/** The last read or write, so the background does not open IndexedDB on every request. */
let cached: Promise<Partial<Credentials>> | undefined;

export function loadCredentials(): Promise<Partial<Credentials>> {
  cached ??= readCredentials().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached.then((c) => ({ ...c }));
}

async function readCredentials(): Promise<Partial<Credentials>> {
  const value = await transact('credentials', 'readonly', (store) => store.get(RECORD));
  if (!value || typeof value !== 'object') return {};
  const { org, apiKey, oauth } = value as Record<string, unknown>;
  return { org: text(org), apiKey: text(apiKey), oauth: readOAuth(oauth) };
}

export async function saveCredentials(credentials: Partial<Credentials>): Promise<void> {
  const current = await loadCredentials();
  const next = { ...current, ...credentials };
  cached = undefined;
  await transact('credentials', 'readwrite', (store) => store.put(next, RECORD));
}

export async function clearCredentials(): Promise<void> {
  cached = undefined;
  await transact('credentials', 'readwrite', (store) => store.delete(RECORD));
}
