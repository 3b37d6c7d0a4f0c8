/**
 * The extension origin's IndexedDB: out of reach of content scripts and web pages (they run in
 * the page's origin). Holds the credentials, the outbox, the editor's drafts, the recent customers
 * and the org's tag list; only the background opens it.
 */
import type { OrgTags } from '@/utils/background/tag-list';
import type { OutboxEntry } from '@/utils/outbox/entries';
import type { Credentials } from '@/utils/storage/credentials';
import type { CustomerDraft } from '@/utils/storage/drafts';
import type { RecentCustomer } from '@/utils/storage/recent';

/** One store: the records it holds, the keys they are put under (every store keys out of line), and the version that added it. */
interface Store<Value, Key extends IDBValidKey> {
  since: number;
  /** Types only, never set. */
  types?: { value: Value; key: Key };
}
const store = <Value, Key extends IDBValidKey>(since: number): Store<Value, Key> => ({ since });

/**
 * The schema, every store there is. Stores are only ever added: the upgrade creates each store a
 * database lacks and leaves the others as they are, so a database written by any earlier release
 * opens with its records. A new store takes the next version. Records on disk may come from an
 * older release or be damaged: the modules check what they read where its shape has changed.
 */
const SCHEMA = {
  /** The API key and org: one record, `current`. */
  credentials: store<Partial<Credentials>, 'current'>(1),
  /** Unsaved edits, by customer id. */
  drafts: store<CustomerDraft, string>(2),
  /** The customers opened lately: one list, `list`. */
  recent: store<RecentCustomer[], 'list'>(3),
  /** Saves on their way to Kustomer, by customer id. */
  outbox: store<OutboxEntry, string>(4),
  /** The org's tag list, by org. */
  tags: store<OrgTags, string>(5),
};

export type StoreName = keyof typeof SCHEMA;
type Types<S extends StoreName> = NonNullable<(typeof SCHEMA)[S]['types']>;

/** The object store calls the modules make, typed by the store's row in the schema. */
export interface ObjectStore<S extends StoreName> {
  get(key: Types<S>['key']): IDBRequest<Types<S>['value'] | undefined>;
  getAll(): IDBRequest<Types<S>['value'][]>;
  put(value: Types<S>['value'], key: Types<S>['key']): IDBRequest<IDBValidKey>;
  delete(key: Types<S>['key']): IDBRequest<undefined>;
}

const DB_NAME = 'kustomer-customer-updater';
const VERSION = Math.max(...Object.values(SCHEMA).map((s) => s.since));

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
      for (const name of Object.keys(SCHEMA)) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
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

/**
 * Runs one request in its own transaction and resolves when the transaction is done: written to
 * the operating system (`relaxed`: a stopped worker or a crashed browser keeps it; only the
 * machine losing power before its own flush could not), without waiting for the disk's flush,
 * which costs a save several milliseconds before it can leave.
 */
export async function transact<S extends StoreName, T>(name: S, mode: IDBTransactionMode, run: (store: ObjectStore<S>) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(name, mode, { durability: 'relaxed' });
    const request = run(tx.objectStore(name));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}
