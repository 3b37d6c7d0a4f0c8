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

  it('keeps nothing in storage.local or storage.sync', async () => {
    await saveCredentials({ org: 'acme', apiKey: 'k2' });
    const { browser } = await import('wxt/browser');
    expect(await browser.storage.local.get(null)).toEqual({});
    expect(await browser.storage.sync.get(null)).toEqual({});
  });
});
