import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { clearCredentials, loadCredentials, saveCredentials } from '@/utils/credentials';

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
    const open = indexedDB.open.bind(indexedDB);
    let opened = 0;
    indexedDB.open = ((...args: Parameters<typeof indexedDB.open>) => (opened++, open(...args))) as typeof indexedDB.open;
    try {
      expect(await loadCredentials()).toEqual({ org: 'acme', apiKey: 'k3' });
      expect(await loadCredentials()).toEqual({ org: 'acme', apiKey: 'k3' });
      expect(opened).toBe(1);
      await saveCredentials({ apiKey: 'k4' });
      expect(await loadCredentials()).toEqual({ org: 'acme', apiKey: 'k4' });
    } finally {
      indexedDB.open = open;
    }
  });
});
