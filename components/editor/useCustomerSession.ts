/**
 * The customer session of the editor: the customer and any draft loaded together, the form as
 * the agent edits it, and the draft handed to the background inside the event that changed it.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Customer } from '@/utils/kustomer/customer';
import type { KustomerError } from '@/utils/kustomer/errors';
import { bodyFromForm, formFromCustomer, type CustomerForm } from '@/utils/editor/form';
import { changesBetween } from '@/utils/editor/changes';
import { describeChanges } from '@/utils/editor/summary';
import { rebaseForm } from '@/utils/editor/rebase';
import { deepEqual, keepEqual } from '@/utils/plain-data';
import { sendRequest } from '@/utils/messaging/send';
import { loaded, type Conflict, type Loaded } from '@/components/editor/session';

type Load = { state: 'loading' } | { state: 'failed'; error: KustomerError } | ({ state: 'ready' } & Loaded);

/**
 * @param tagText how a tag reads (by name where the org's list knows it), for the conflict lines.
 * @param onDraftRefused the background could not keep the draft: say so.
 */
export function useCustomerSession(customerId: string, tagText: (tag: string) => string, onDraftRefused: (message: string) => void) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [form, setForm] = useState<CustomerForm | undefined>();
  const [tagDraft, setTagDraft] = useState('');
  const [restoredAt, setRestoredAt] = useState<number | undefined>();
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const [attempt, setAttempt] = useState(0);
  /**
   * The editor as of the last event, ahead of rendering: what code resuming after an await works
   * on (edits go on while saving), and what a draft is made of. `kept`: the background holds a
   * draft of this customer.
   */
  const now = useRef<{ loaded?: Loaded; form?: CustomerForm; tagDraft: string; kept: boolean }>({ tagDraft: '', kept: false });

  /**
   * Hands the draft to the background inside the event that changed it, before any await: the
   * background writes it, so closing the popup right after a keystroke loses nothing.
   */
  function keepDraft() {
    const { loaded: current, form: edited, tagDraft: typed } = now.current;
    if (!current || !edited) return;
    const changes = changesBetween(current.base, bodyFromForm(edited), current.masked); // dates read in the popup's time zone
    const pending = typed.trim() !== '' || Object.keys(changes).length > 0;
    if (!pending && !now.current.kept) return;
    now.current.kept = pending;
    const id = current.customer.id;
    const draft = { customerId: id, form: edited, tagDraft: typed, base: current.base, baseRev: current.customer.rev, changes, savedAt: Date.now() };
    void sendRequest(pending ? { type: 'draft.save', draft } : { type: 'draft.clear', customerId: id }).then((reply) => {
      if (!reply.ok) onDraftRefused(`Your edits could not be kept as a draft in this browser. ${reply.error.message}`);
    });
  }

  /** Changes what the editor holds, and keeps the draft at once. */
  function change(next: { loaded?: Loaded; form?: CustomerForm; tagDraft?: string }) {
    if (next.loaded) {
      now.current.loaded = next.loaded;
      setLoad({ state: 'ready', ...next.loaded });
    }
    if (next.form) {
      now.current.form = next.form;
      setForm(next.form);
    }
    if (next.tagDraft !== undefined) {
      now.current.tagDraft = next.tagDraft;
      setTagDraft(next.tagDraft);
    }
    keepDraft();
  }

  /**
   * What Kustomer now holds becomes what the editor measures against (with edits on top, if
   * given). What it holds as the form already did stays as it was, so those sections do not render again.
   */
  function adopt(customer: Customer, nextForm = formFromCustomer(customer)) {
    change({ loaded: loaded(customer), form: keepEqual(now.current.form, nextForm) });
  }

  // Load the customer and any draft together. A layout effect: the request leaves at once instead
  // of after the first paint (useEffect waits for the next frame, up to 16 ms).
  useLayoutEffect(() => {
    let current = true;
    setLoad({ state: 'loading' });
    // The background remembers the customer among the recent ones as it reads it.
    void Promise.all([sendRequest({ type: 'customer.get', customerId, remember: true }), sendRequest({ type: 'draft.get', customerId })]).then(
      ([reply, stored]) => {
        if (!current) return;
        if (!reply.ok) return setLoad({ state: 'failed', error: reply.error });
        const server = reply.value;
        const fresh = loaded(server);
        const usable = stored.ok ? stored.value : null; // drafts of another shape are not handed out
        now.current = { tagDraft: '', kept: usable !== null };
        const draftChanges = usable ? changesBetween(usable.base, bodyFromForm(usable.form), fresh.masked) : {};
        if (!usable || (Object.keys(draftChanges).length === 0 && !usable.tagDraft.trim())) return adopt(server);
        if (usable.baseRev !== undefined && usable.baseRev === server.rev && deepEqual(usable.base, fresh.base)) {
          setRestoredAt(usable.savedAt);
          return change({ loaded: fresh, form: usable.form, tagDraft: usable.tagDraft });
        }
        // Kustomer changed since the draft began: the edits go on top of what it holds now.
        change({ loaded: fresh, form: rebaseForm(formFromCustomer(server), usable.form, draftChanges), tagDraft: usable.tagDraft });
        setConflict({
          theirs: describeChanges(usable.base, changesBetween(usable.base, fresh.base), tagText),
          mine: describeChanges(usable.base, draftChanges, tagText),
        });
      },
    );
    return () => {
      current = false;
    };
  }, [customerId, attempt]);

  /** Back to the customer as loaded; the background forgets the draft. */
  function discard() {
    setConflict(undefined);
    setRestoredAt(undefined);
    const current = now.current.loaded;
    if (current) change({ loaded: loaded(current.customer), form: formFromCustomer(current.customer), tagDraft: '' });
  }

  return {
    load,
    form,
    tagDraft,
    restoredAt,
    setRestoredAt,
    conflict,
    setConflict,
    now,
    change,
    adopt,
    discard,
    /** Loads the customer again (after a failed load). */
    retry: () => setAttempt((n) => n + 1),
  };
}

export type CustomerSession = ReturnType<typeof useCustomerSession>;
