import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { clearCredentials, loadCredentials, saveCredentials } from '@/utils/storage/credentials';

describe('credentials in IndexedDB', () => {
  it('saves, merges, reads back and clears', async () => {
    expect(await loadCredentials()).toEqual({});
    await saveCredentials({ org: 'acme', apiKey: 'k1' });
    expect(await loadCredentials()).toEqual({ org: 'acme', apiKey: 'k1' });
    await saveCredentials({ org: 'globex' });
    expect(await loadCredentials()).toEqual({ org: 'globex', apiKey: 'k1' });
    await clearCredentials();
    expect(await loadCredentials()).toEqual({});
  });

});

describe('credentials cache', () => {
  it('reads IndexedDB once, and again after a write', async () => {
    await saveCredentials({ org: 'acme', apiKey: 'k3' });
    const get = IDBObjectStore.prototype.get;
    let reads = 0;
    IDBObjectStore.prototype.get = function (this: IDBObjectStore, ...args: Parameters<typeof get>) {
      reads++;
      return get.apply(this, args);
    };
    try {
      expect(await loadCredentials()).toEqual({ org: 'acme', apiKey: 'k3' });
      expect(await loadCredentials()).toEqual({ org: 'acme', apiKey: 'k3' });
      expect(reads).toBe(1);
      await saveCredentials({ apiKey: 'k4' });
      expect(await loadCredentials()).toEqual({ org: 'acme', apiKey: 'k4' });
    } finally {
      IDBObjectStore.prototype.get = get;
    }
  });
});
