/**
 * The API key and organization, kept by the background in the extension origin's IndexedDB:
 * out of reach of content scripts (they run in the page's origin) and never in
 * `storage.local`/`storage.sync`, which content scripts can read.
 * Only the background imports this module.
 */
import { transact } from '@/utils/storage/db';

export interface Credentials {
  org: string;
  apiKey: string;
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
  const { org, apiKey } = value;
  return {
    org: typeof org === 'string' ? org : undefined,
    apiKey: typeof apiKey === 'string' ? apiKey : undefined,
  };
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
