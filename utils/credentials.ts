/**
 * The API key and organization, kept by the background in the extension origin's IndexedDB:
 * out of reach of content scripts (they run in the page's origin) and never in
 * `storage.local`/`storage.sync`, which content scripts can read.
 * Only the background imports this module.
 */

export interface Credentials {
  org: string;
  apiKey: string;
}

const DB_NAME = 'kustomer-customer-updater';
const STORE = 'credentials';
const RECORD = 'current';

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

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
  const value: unknown = await transact('readonly', (store) => store.get(RECORD));
  if (!value || typeof value !== 'object') return {};
  const { org, apiKey } = value as Record<string, unknown>;
  return {
    org: typeof org === 'string' ? org : undefined,
    apiKey: typeof apiKey === 'string' ? apiKey : undefined,
  };
}

export async function saveCredentials(credentials: Partial<Credentials>): Promise<void> {
  const current = await loadCredentials();
  const next = { ...current, ...credentials };
  cached = undefined;
  await transact('readwrite', (store) => store.put(next, RECORD));
}

export async function clearCredentials(): Promise<void> {
  cached = undefined;
  await transact('readwrite', (store) => store.delete(RECORD));
}
