/**
 * Unsaved edits, kept per customer on every change, so closing the popup, a crash or a browser
 * restart loses nothing. Kept in the extension origin's IndexedDB, which content scripts cannot
 * open; a successful save clears it. The popup hands each change to the background inside the
 * event that made it (`draft.save`), and the background writes it: closing the popup at once
 * cannot cut the write short.
 */
import { bodyFromForm, type Body, type CustomerForm } from '@/utils/editor/form';
import { changesBetween } from '@/utils/editor/changes';
import { deepEqual, isRecord } from '@/utils/plain-data';
import { LIST_FIELDS } from '@/utils/fields';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import { transact } from '@/utils/storage/db';

export interface CustomerDraft {
  customerId: string;
  form: CustomerForm;
  /** Text typed in "Add tag" and not yet a tag. */
  tagDraft: string;
  /** The customer's body and revision when editing began: what the draft's changes are against. */
  base: Body;
  baseRev: number | undefined;
  /**
   * What a save of the draft sends (before tags are put in the form the org takes them), in
   * Kustomer's values: worked out by the popup, which reads the dates typed in its own time zone.
   * Drafts of the previous release have none.
   */
  changes?: Partial<CustomerUpdate>;
  /** Epoch milliseconds of the last change. */
  savedAt: number;
}

export async function loadDraft(customerId: string): Promise<CustomerDraft | undefined> {
  const draft = await transact('drafts', 'readonly', (store) => store.get(customerId));
  if (!draft || typeof draft !== 'object') return undefined;
  return draft.customerId === customerId && draft.base && isDraftShape(draft) ? draft : undefined;
}

/** A draft written by this version of the editor (an older or damaged one is ignored, not crashed on). */
function isDraftShape(draft: CustomerDraft): boolean {
  const f = draft.form as Partial<CustomerForm> | undefined;
  return Boolean(
    f && f.scalars && typeof f.scalars === 'object' && f.lists && typeof f.lists === 'object' && Array.isArray(f.tags) &&
      Array.isArray(f.custom) && f.sentiment && typeof draft.tagDraft === 'string' && LIST_FIELDS.every((k) => Array.isArray(f.lists![k])),
  );
}

export async function saveDraft(draft: CustomerDraft): Promise<void> {
  await transact('drafts', 'readwrite', (store) => store.put(draft, draft.customerId));
}

export async function clearDraft(customerId: string): Promise<void> {
  await transact('drafts', 'readwrite', (store) => store.delete(customerId));
}

/**
 * A save of this customer reached Kustomer (from the outbox, maybe with the popup closed): its
 * draft is done, unless the agent has edited more since (then the draft stays, for them to save).
 */
export async function clearDraftIfDelivered(customerId: string, delivered: Partial<CustomerUpdate>): Promise<void> {
  const draft = await loadDraft(customerId);
  if (!draft) return;
  const { rev: _rev, ...sent } = delivered;
  if (deepEqual(draftChanges(draft), sent) && !draft.tagDraft.trim()) await clearDraft(customerId);
}

/**
 * The draft's changes in Kustomer's values, as the popup worked them out. A draft of the previous
 * release carries none: its form is read here, dates in this worker's time zone, which is the
 * popup's in the same browser; were it another, the dates would differ from those sent and the
 * draft would stay (kept, never lost).
 */
function draftChanges(draft: CustomerDraft): Partial<CustomerUpdate> {
  const { changes } = draft;
  if (isRecord(changes)) return changes;
  return changesBetween(draft.base, bodyFromForm(draft.form));
}

/** The background's side: one draft operation at a time, in the order they arrived. */
export interface DraftStore {
  load(customerId: string): Promise<CustomerDraft | undefined>;
  save(draft: CustomerDraft): Promise<void>;
  clear(customerId: string): Promise<void>;
  clearIfDelivered(customerId: string, delivered: Partial<CustomerUpdate>): Promise<void>;
}

/**
 * Drafts in arrival order: a read that comes after a write sees it (a popup closed right after a
 * keystroke and opened again at once finds that keystroke), and two writes never land swapped.
 */
export function createDraftStore(): DraftStore {
  let last: Promise<unknown> = Promise.resolve();
  function inTurn<T>(run: () => Promise<T>): Promise<T> {
    const result = last.then(run, run);
    last = result.catch(() => undefined);
    return result;
  }
  return {
    load: (customerId) => inTurn(() => loadDraft(customerId)),
    save: (draft) => inTurn(() => saveDraft(draft)),
    clear: (customerId) => inTurn(() => clearDraft(customerId)),
    clearIfDelivered: (customerId, delivered) => inTurn(() => clearDraftIfDelivered(customerId, delivered)),
  };
}
