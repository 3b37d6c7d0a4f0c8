/**
 * Unsaved edits, kept per customer on every change, so closing the popup, a crash or a browser
 * restart loses nothing. Kept in the extension origin's IndexedDB, which content scripts cannot
 * open; a successful save clears it.
 */
import type { CustomerForm, Body } from './customer-form';
import { transact } from './extension-db';

export interface CustomerDraft {
  customerId: string;
  form: CustomerForm;
  /** Text typed in "Add tag" and not yet a tag. */
  tagDraft: string;
  /** The customer's body and revision when editing began: what the draft's changes are against. */
  base: Body;
  baseRev: number | undefined;
  /** Epoch milliseconds of the last change. */
  savedAt: number;
}

export async function loadDraft(customerId: string): Promise<CustomerDraft | undefined> {
  const value: unknown = await transact('drafts', 'readonly', (store) => store.get(customerId));
  if (!value || typeof value !== 'object') return undefined;
  const draft = value as CustomerDraft;
  return draft.customerId === customerId && draft.form && draft.base ? draft : undefined;
}

export async function saveDraft(draft: CustomerDraft): Promise<void> {
  await transact('drafts', 'readwrite', (store) => store.put(draft, draft.customerId));
}

export async function clearDraft(customerId: string): Promise<void> {
  await transact('drafts', 'readwrite', (store) => store.delete(customerId));
}
