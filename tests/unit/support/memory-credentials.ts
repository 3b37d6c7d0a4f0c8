// The background's credential store kept in memory, for tests of what reads and writes it.
import type { CredentialStore } from '@/utils/background/client';
import type { Credentials } from '@/utils/storage/credentials';

export function memoryStore(initial: Partial<Credentials> = {}): CredentialStore & { data: Partial<Credentials> } {
  const store = {
    data: { ...initial },
    load: async () => structuredClone(store.data),
    save: async (c: Partial<Credentials>) => void Object.assign(store.data, structuredClone(c)),
    clear: async () => void (store.data = {}),
  };
  return store;
}
