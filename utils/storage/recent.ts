/** The customers the agent opened lately, newest first, for the popup's search screen. */
import { transact } from '@/utils/storage/db';

export interface RecentCustomer {
  id: string;
  label: string;
  at: number;
}

const KEY = 'list';
const KEEP = 8;

export async function recentCustomers(): Promise<RecentCustomer[]> {
  const value = await transact('recent', 'readonly', (store) => store.get(KEY));
  return Array.isArray(value) ? value.filter((c) => c && typeof c.id === 'string' && typeof c.label === 'string').slice(0, KEEP) : [];
}

export async function rememberCustomer(id: string, label: string): Promise<void> {
  const list = (await recentCustomers()).filter((c) => c.id !== id);
  await transact('recent', 'readwrite', (store) => store.put([{ id, label, at: Date.now() }, ...list].slice(0, KEEP), KEY));
}
