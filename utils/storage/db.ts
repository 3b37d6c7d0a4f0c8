/**
 * The extension origin's IndexedDB: out of reach of content scripts and web pages (they run in
 * the page's origin). Holds the credentials, the outbox, the editor's drafts, the recent customers
 * and the org's tag list; the background writes them.
 */

const DB_NAME = 'kustomer-customer-updater';
const VERSION = 5;
export type StoreName = 'credentials' | 'drafts' | 'recent' | 'outbox' | 'tags';

/** One connection per context, opened on first use (opening costs more than a transaction). */
let connection: Promise<IDBDatabase> | undefined;

function openDatabase(): Promise<IDBDatabase> {
  connection ??= connect().catch((error: unknown) => {
    connection = undefined;
    throw error;
  });
  return connection;
}

function connect(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const store of ['credentials', 'drafts', 'recent', 'outbox', 'tags']) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another context upgrading the schema: let it, and reconnect next time.
      db.onversionchange = () => {
        db.close();
        connection = undefined;
      };
      db.onclose = () => (connection = undefined);
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  });
}

/** Runs one request in its own transaction and resolves when the transaction is done. */
export async function transact<T>(store: StoreName, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = run(tx.objectStore(store));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}
