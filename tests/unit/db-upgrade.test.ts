/**
 * A database written by an earlier release opens through today's modules with every record it
 * held. Each earlier database is written here with raw IndexedDB calls, as that release wrote it
 * (version 4: `git show c5b358d:utils/extension-db.ts`; version 2: `git show f4ebc1c:utils/extension-db.ts`).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const DB_NAME = 'kustomer-customer-updater';
const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const GRACE = '64b7f0c2a1d3e4f5a6b7c802';

// The fields of the editor's form in those releases (utils/customer-fields.ts at c5b358d).
const LISTS = ['emails', 'phones', 'whatsapps', 'socials', 'urls', 'locations', 'externalIds', 'facebookIds', 'instagramIds', 'sharedEmails', 'sharedPhones', 'sharedSocials', 'sharedExternalIds'];
const SCALARS = ['name', 'company', 'externalId', 'username', 'avatarUrl', 'locale', 'timeZone', 'defaultLang', 'gender', 'birthdayAt', 'signedUpAt', 'lastActivityAt', 'lastCustomerActivityAt', 'lastSeenAt', 'createdAt', 'importedAt'];

const credentials = { org: 'acme', apiKey: 'key-of-last-release' };

/** A draft as utils/customer-draft.ts wrote it (version 2 had no `originals` in the form). */
function draft(customerId: string, withOriginals: boolean) {
  const scalars = Object.fromEntries(SCALARS.map((k) => [k, '']));
  const lists: Record<string, unknown[]> = Object.fromEntries(LISTS.map((k) => [k, []]));
  lists.emails = [{ email: 'ada@example.com', type: 'home' }];
  return {
    customerId,
    form: {
      scalars: { ...scalars, name: 'Ada Lovelace', username: 'countess' },
      lists,
      tags: ['vip', 'typed-last-release'],
      sentiment: { polarity: '', confidence: '' },
      custom: [{ key: 'tierStr', value: 'gold' }],
      ...(withOriginals && { originals: { signedUpAt: '2024-01-02T03:04:05.678Z' } }),
    },
    tagDraft: 'half',
    base: { name: 'Ada Lovelace', emails: [{ email: 'ada@example.com', type: 'home' }], tags: ['vip'] },
    baseRev: 12,
    savedAt: 1_700_000_000_000,
  };
}

const recent = [
  { id: GRACE, label: 'Grace Hopper', at: 1_700_000_002_000 },
  { id: ADA, label: 'Ada Lovelace', at: 1_700_000_001_000 },
];

const outboxEntry = {
  customerId: GRACE,
  changes: { username: 'amazing-grace', rev: 7 },
  label: 'Grace Hopper',
  createdAt: 1_700_000_003_000,
  attempts: 2,
  nextAt: 1_700_000_060_000,
  state: 'waiting',
  message: 'Kustomer did not answer in time.',
};

type Records = Record<string, [IDBValidKey, unknown][]>;

/** Writes the database as a release of `version` with `stores` did: its upgrade, then the records, then closed. */
async function writeAsRelease(version: number, stores: string[], records: Records): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, version);
    request.onupgradeneeded = () => {
      for (const store of stores) if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(Object.keys(records), 'readwrite');
    for (const [store, entries] of Object.entries(records)) for (const [key, value] of entries) tx.objectStore(store).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
  db.close();
}

/** Today's modules, fresh (no connection or cached credentials from an earlier test). */
async function today() {
  const [{ loadCredentials }, { createDraftStore }, { recentCustomers, rememberCustomer }, { listOutbox, putOutboxEntry }, { orgTagStore }] = await Promise.all([
    import('@/utils/storage/credentials'),
    import('@/utils/storage/drafts'),
    import('@/utils/storage/recent'),
    import('@/utils/outbox/entries'),
    import('@/utils/background/tag-list'),
  ]);
  return { loadCredentials, drafts: createDraftStore(), recentCustomers, rememberCustomer, listOutbox, putOutboxEntry, orgTagStore };
}

/** The database's version and stores as they are now on disk. */
async function onDisk(): Promise<{ version: number; stores: string[] }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const found = { version: db.version, stores: [...db.objectStoreNames].sort() };
  db.close();
  return found;
}

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.resetModules();
});

describe('a database of an earlier release', () => {
  it('version 4 (credentials, drafts, recent, outbox): every record is found, and the tag list can be kept beside them', async () => {
    await writeAsRelease(4, ['credentials', 'drafts', 'recent', 'outbox'], {
      credentials: [['current', credentials]],
      drafts: [[ADA, draft(ADA, true)]],
      recent: [['list', recent]],
      outbox: [[GRACE, outboxEntry]],
    });
    const m = await today();
    expect(await m.loadCredentials()).toEqual(credentials);
    expect(await m.drafts.load(ADA)).toEqual(draft(ADA, true));
    expect(await m.recentCustomers()).toEqual(recent);
    expect(await m.listOutbox()).toEqual([outboxEntry]);
    await m.orgTagStore.put({ org: 'acme', tags: { t1: { name: 'vip' } }, missing: {} });
    expect(await m.orgTagStore.get('acme')).toEqual({ org: 'acme', tags: { t1: { name: 'vip' } }, missing: {} });
    expect(await onDisk()).toEqual({ version: 5, stores: ['credentials', 'drafts', 'outbox', 'recent', 'tags'] });
  });

  it('version 2 (credentials, drafts): both are found, and the stores added since start empty and take records', async () => {
    await writeAsRelease(2, ['credentials', 'drafts'], { credentials: [['current', credentials]], drafts: [[ADA, draft(ADA, false)]] });
    const m = await today();
    expect(await m.loadCredentials()).toEqual(credentials);
    expect(await m.drafts.load(ADA)).toEqual(draft(ADA, false));
    expect(await m.recentCustomers()).toEqual([]);
    expect(await m.listOutbox()).toEqual([]);
    expect(await m.orgTagStore.get('acme')).toBeUndefined();
    await m.rememberCustomer(GRACE, 'Grace Hopper');
    await m.putOutboxEntry({ ...outboxEntry, state: 'waiting' });
    expect((await m.recentCustomers()).map((c) => c.id)).toEqual([GRACE]);
    expect(await m.listOutbox()).toEqual([outboxEntry]);
    expect(await onDisk()).toEqual({ version: 5, stores: ['credentials', 'drafts', 'outbox', 'recent', 'tags'] });
  });

  it.each([
    [1, ['credentials']],
    [3, ['credentials', 'drafts', 'recent']],
  ])('version %i: what it held is found', async (version, stores) => {
    const records: Records = { credentials: [['current', credentials]] };
    if (stores.includes('drafts')) records.drafts = [[ADA, draft(ADA, false)]];
    if (stores.includes('recent')) records.recent = [['list', recent]];
    await writeAsRelease(version, stores, records);
    const m = await today();
    expect(await m.loadCredentials()).toEqual(credentials);
    expect(await m.drafts.load(ADA)).toEqual(stores.includes('drafts') ? draft(ADA, false) : undefined);
    expect(await m.recentCustomers()).toEqual(stores.includes('recent') ? recent : []);
    expect(await m.listOutbox()).toEqual([]);
    expect((await onDisk()).version).toBe(5);
  });

  it('damaged records are passed over, not crashed on', async () => {
    await writeAsRelease(4, ['credentials', 'drafts', 'recent', 'outbox'], {
      credentials: [['current', 'not an object']],
      drafts: [[ADA, { customerId: ADA, form: { tags: 'vip' } }], [GRACE, null]],
      recent: [['list', [null, { id: 3 }, { id: ADA, label: 'Ada Lovelace', at: 1 }]]],
      outbox: [],
    });
    const m = await today();
    expect(await m.loadCredentials()).toEqual({});
    expect(await m.drafts.load(ADA)).toBeUndefined();
    expect(await m.drafts.load(GRACE)).toBeUndefined();
    expect(await m.recentCustomers()).toEqual([{ id: ADA, label: 'Ada Lovelace', at: 1 }]);
  });
});

describe('the schema types each store', () => {
  it('takes only its own records and keys', async () => {
    const { transact } = await import('@/utils/storage/db');
    // @ts-expect-error the drafts store takes drafts
    const wrongRecord = () => transact('drafts', 'readwrite', (store) => store.put({ org: 'acme' }, ADA));
    // @ts-expect-error credentials are kept under `current`
    const wrongKey = () => transact('credentials', 'readonly', (store) => store.get('other'));
    const read: () => Promise<{ id: string; label: string; at: number }[] | undefined> = () => transact('recent', 'readonly', (store) => store.get('list'));
    expect([wrongRecord, wrongKey, read].every((f) => typeof f === 'function')).toBe(true);
  });
});
