import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { customerLabel, type Customer } from '@/utils/kustomer/customer';
import { fieldLabel } from '@/utils/fields';
import { LIST_FIELDS, LIST_SPECS, SCALAR_FIELDS, type ListField } from '@/utils/fields';
import { bodyFromForm, formBody, formFromCustomer, formPath, type Body, type CustomerForm } from '@/utils/editor/form';
import { changesBetween } from '@/utils/editor/changes';
import { describeChanges } from '@/utils/editor/summary';
import { maskedFields, MASKED_NOTE } from '@/utils/editor/masking';
import { rebaseForm } from '@/utils/editor/rebase';
import { undoChanges } from '@/utils/editor/undo';
import { deepEqual } from '@/utils/equal';
import type { CustomAttributeDefinition } from '@/utils/kustomer/metadata';
import { validateTag } from '@/utils/kustomer/patch/tags';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import type { KustomerError } from '@/utils/kustomer/errors';
import { sendRequest } from '@/utils/messaging/send';
import { ChangeSummary } from '@/components/editor/ChangeSummary';
import type { ConflictPanel as ConflictPanelView } from '@/components/editor/ConflictPanel';
import { ListEditor } from '@/components/editor/ListEditor';
import { CustomerHeader } from '@/components/editor/CustomerHeader';
import { ErrorNotice } from '@/components/shared/ErrorNotice';
import { MORE_FIELDS, MoreFieldsSection } from '@/components/editor/MoreFieldsSection';
import { Notice } from '@/components/shared/Notice';
import { TagEditor } from '@/components/editor/TagEditor';
import { useTagList } from '@/components/editor/useTagList';
import type { TagOutcome } from '@/utils/editor/tag-check';

type Save =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; lines: string[]; warning?: string }
  | { state: 'undone' }
  | { state: 'failed'; error: KustomerError }
  | { state: 'unchanged' };

/** The customer changed in Kustomer under the agent's edits: what changed there, and the edits kept. */
interface Conflict {
  theirs: string[];
  mine: string[];
}

interface Loaded {
  customer: Customer;
  /** The body of the customer as loaded: what changes are measured against. */
  base: Body;
  masked: Set<string>;
}

const CONTACT_LISTS = LIST_FIELDS.filter((key) => LIST_SPECS[key].contact);

/** Tags Kustomer masked cannot be edited (they would be sent back masked). */
const tagLock = (masked: Set<string>) => (masked.has('tags') ? MASKED_NOTE : undefined);

function loaded(customer: Customer): Loaded {
  return { customer, base: bodyFromForm(formFromCustomer(customer)), masked: maskedFields(customer) };
}

/**
 * The whole-body schema (valibot, the same the background checks with): a chunk of its own,
 * fetched once the agent changes something, so the customer shows without it.
 */
let loadedSchema: typeof import('@/utils/kustomer/patch') | undefined;
const bodySchema = () => import('@/utils/kustomer/patch').then((m) => (loadedSchema = m));

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The customer editor: tags, contact lists, custom attributes and every other field, saved as one PATCH of what changed. */
export function CustomerEditor({ customerId }: { customerId: string }) {
  const [load, setLoad] = useState<{ state: 'loading' } | { state: 'failed'; error: KustomerError } | ({ state: 'ready' } & Loaded)>({
    state: 'loading',
  });
  const [form, setForm] = useState<CustomerForm | undefined>();
  const [tagDraft, setTagDraft] = useState('');
  const [tagProblem, setTagProblem] = useState<string | undefined>();
  const [metadata, setMetadata] = useState<CustomAttributeDefinition[] | undefined>();
  const [org, setOrg] = useState<string | undefined>();
  /** A save of this customer still in the outbox (waiting to be retried, or refused while the popup was closed). */
  const [outboxNote, setOutboxNote] = useState<string | undefined>();
  const [restoredAt, setRestoredAt] = useState<number | undefined>();
  const [conflict, setConflict] = useState<Conflict | undefined>();
  // A conflict is rare: its panel is a separate chunk, fetched when one happens.
  const [ConflictPanel, setConflictPanel] = useState<typeof ConflictPanelView | undefined>();
  useEffect(() => {
    if (conflict && !ConflictPanel) void import('@/components/editor/ConflictPanel').then((m) => setConflictPanel(() => m.ConflictPanel));
  }, [conflict]);
  const [save, setSave] = useState<Save>({ state: 'idle' });
  const [serverIssues, setServerIssues] = useState<Map<string, string>>(new Map());
  const [undo, setUndo] = useState<Partial<CustomerUpdate> | undefined>();
  /** What Kustomer did with the tags the last save sent, when it was not what was meant. */
  const [tagOutcome, setTagOutcome] = useState<TagOutcome | undefined>();
  const tags = useTagList(load.state === 'ready' ? load.customer : undefined);
  const [attempt, setAttempt] = useState(0);
  const saving = useRef(false);
  const root = useRef<HTMLFormElement>(null);
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
      if (!reply.ok) setSave({ state: 'failed', error: { kind: 'network', message: `Your edits could not be kept as a draft in this browser. ${reply.error.message}` } });
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

  function adopt(customer: Customer, nextForm = formFromCustomer(customer)) {
    change({ loaded: loaded(customer), form: nextForm });
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
          theirs: describeChanges(usable.base, changesBetween(usable.base, fresh.base), tags.text),
          mine: describeChanges(usable.base, draftChanges, tags.text),
        });
      },
    );
    return () => {
      current = false;
    };
  }, [customerId, attempt]);

  // What is not needed to show the customer waits until it is on screen: the org's name for the
  // header, and its custom attribute definitions (used under "More fields").
  const [validate, setValidate] = useState<Awaited<ReturnType<typeof bodySchema>>['validateCustomerUpdate'] | undefined>();
  const shown = load.state === 'ready';
  useEffect(() => {
    if (!shown) return;
    let current = true;
    const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 30));
    idle(() => {
      tags.load();
      void import('@/components/editor/TagOptions'); // ready before the first keystroke in "Add tag" asks for it
      void bodySchema().then((m) => current && setValidate(() => m.validateCustomerUpdate)); // and before Save
      void sendRequest({ type: 'settings.get' }).then((reply) => current && reply.ok && setOrg(reply.value.org));
      void sendRequest({ type: 'customer.metadata' }).then((reply) => current && reply.ok && setMetadata(reply.value));
      void sendRequest({ type: 'outbox.list' }).then((reply) => {
        const entry = reply.ok ? reply.value.find((e) => e.customerId === customerId) : undefined;
        if (current && entry?.message) {
          setOutboxNote(entry.state === 'failed' ? `A save of this customer was not accepted: ${entry.message} Your edits are below.` : entry.message);
        }
      });
    });
    return () => {
      current = false;
    };
  }, [shown, customerId]);

  const ready = load.state === 'ready' ? load : undefined;
  const { body, rows } = useMemo(() => (form ? formBody(form) : { body: {}, rows: {} as Record<ListField, number[]> }), [form]);
  const changes = useMemo(() => (ready ? changesBetween(ready.base, body, ready.masked) : {}), [ready, body]);
  const changed = Object.keys(changes).length > 0;
  useEffect(() => {
    if (changed && !validate) void bodySchema().then((m) => setValidate(() => m.validateCustomerUpdate));
  }, [changed]);
  const issues = useMemo(() => {
    const map = new Map(serverIssues);
    if (!changed || !validate) return map;
    const check = validate(changes);
    if (!check.success) for (const issue of check.issues) map.set(formPath(issue.path, rows), issue.message);
    return map;
  }, [changes, changed, rows, serverIssues, validate]);

  /** An edit by the agent, applied to the form as of the last event (kept as a draft at once). */
  function edit(apply: (current: CustomerForm) => CustomerForm) {
    if (!now.current.form) return;
    change({ form: apply(now.current.form) });
    setServerIssues(new Map());
    setRestoredAt(undefined);
    if (!saving.current) setSave({ state: 'idle' });
  }

  function focusFirstProblem() {
    const input = root.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    input?.focus();
  }

  async function submit(source: CustomerForm, base: Loaded): Promise<void> {
    if (saving.current) return;
    let next = source;
    // What is still typed in "Add tag" is part of the edit.
    const typed = tagDraft.trim();
    if (typed && !tagLock(base.masked)) {
      const tag = tags.resolve(typed);
      const current = [...new Set(source.tags)];
      const problem = validateTag(tag, current) ?? (current.some((t) => tags.text(t).toLowerCase() === typed.toLowerCase()) ? `Tag "${typed}" is already added` : undefined);
      if (problem) {
        setTagProblem(problem);
        setSave({ state: 'failed', error: { kind: 'invalid-request', message: `Not saved: ${problem}` } });
        return;
      }
      next = { ...source, tags: [...current, tag] };
      change({ form: next, tagDraft: '' });
    }
    const nextBody = bodyFromForm(next);
    const toSend = changesBetween(base.base, nextBody, base.masked);
    if (Object.keys(toSend).length === 0) {
      setConflict(undefined);
      return setSave({ state: 'unchanged' });
    }
    saving.current = true; // from here on a second Save waits for this one
    // In the form the org was found to take them (ids by name, or names by id); no await unless
    // needed: the request leaves before the next render.
    if (toSend.tags && tags.converts) toSend.tags = await tags.forSave(toSend.tags);
    const check = (loadedSchema ?? (await bodySchema())).validateCustomerUpdate(toSend);
    if (!check.success) {
      saving.current = false;
      setSave({
        state: 'failed',
        error: { kind: 'invalid-request', message: `Not saved: fix ${check.issues.length === 1 ? 'the problem' : `${check.issues.length} problems`} marked below.`, issues: check.issues },
      });
      queueMicrotask(focusFirstProblem);
      return;
    }
    setSave({ state: 'saving' });
    setTagOutcome(undefined);
    const rev = base.customer.rev;
    const reply = await sendRequest({
      type: 'customer.update',
      customerId: base.customer.id,
      changes: rev === undefined ? toSend : { ...toSend, rev },
      label: customerLabel(base.customer),
    });
    saving.current = false;
    if (reply.ok) {
      const saved = reply.value;
      const savedBody = bodyFromForm(formFromCustomer(saved));
      // Edits made while the save was on its way stay, on top of what Kustomer now holds (and as
      // the draft); with none, the draft is done.
      const latest = now.current.form ?? next;
      const since = changesBetween(nextBody, bodyFromForm(latest));
      adopt(saved, Object.keys(since).length ? rebaseForm(formFromCustomer(saved), latest, since) : undefined);
      setConflict(undefined);
      const undoing = undoChanges(base.base, toSend);
      setUndo(Object.keys(undoing).length ? undoing : undefined);
      const cannotUndo = Object.keys(toSend).filter((key) => key !== 'rev' && !(key in undoing));
      // Say what Kustomer now holds when it differs from what was sent (it may merge arrays); tags
      // are checked on their own, by name (tags.check).
      const { tags: _tags, ...differs } = changesBetween(nextBody, savedBody);
      const jumped = rev !== undefined && saved.rev !== undefined && saved.rev > rev + 1;
      const warning = [
        Object.keys(differs).length ? `Kustomer holds other values than were sent: ${describeChanges(nextBody, differs).join('; ')}.` : '',
        jumped ? `Someone else changed this customer meanwhile (revision ${rev} → ${saved.rev}): check the values.` : '',
        cannotUndo.length ? `Undo cannot clear ${cannotUndo.map(fieldLabel).join(', ')}: Kustomer does not take an empty value there.` : '',
      ]
        .filter(Boolean)
        .join(' ');
      setSave({ state: 'saved', lines: describeChanges(base.base, toSend, tags.text), warning: warning || undefined });
      if (toSend.tags) void tags.check(toSend.tags, saved.tags).then(setTagOutcome);
    } else if (reply.error.status === 409) {
      await showConflict(next, base, toSend);
    } else {
      if (reply.error.issues) setServerIssues(new Map(reply.error.issues.map((i) => [formPath(i.path, formBody(next).rows), i.message])));
      setSave({ state: 'failed', error: reply.error });
    }
    root.current?.querySelector<HTMLInputElement>('#add-tag')?.focus();
  }

  /**
   * Kustomer took the tags otherwise than meant: one PATCH sends the tags meant, in the other form,
   * and the org's tags go in that form from then on.
   */
  async function putTagsRight(fix: NonNullable<TagOutcome['fix']>) {
    const base = now.current.loaded;
    if (!base || saving.current) return;
    saving.current = true;
    setSave({ state: 'saving' });
    const rev = base.customer.rev;
    const reply = await sendRequest({ type: 'customer.update', customerId, changes: rev === undefined ? { tags: fix.tags } : { tags: fix.tags, rev }, label: customerLabel(base.customer) });
    saving.current = false;
    if (!reply.ok) return setSave({ state: 'failed', error: reply.error });
    adopt(reply.value);
    const again = await tags.check(fix.tags, reply.value.tags);
    setTagOutcome(again);
    if (!again) tags.learn(fix.form);
    setSave({ state: 'saved', lines: [`Tags: sent again by ${fix.form === 'names' ? 'name' : 'id'}, the form Kustomer takes here`] });
  }

  /** Saves the editor as of the last event (a key right after a click sees that click's change). */
  function saveNow() {
    const { form: edited, loaded: base } = now.current;
    if (edited && base) void submit(edited, base);
  }

  /** A 409: reload, put the agent's edits on top of what Kustomer holds now, and show both sides. */
  async function showConflict(edited: CustomerForm, base: Loaded, mine: Partial<CustomerUpdate>) {
    const fresh = await sendRequest({ type: 'customer.get', customerId });
    if (!fresh.ok) return setSave({ state: 'failed', error: fresh.error });
    const theirs = loaded(fresh.value);
    const latest = now.current.form ?? edited;
    adopt(fresh.value, rebaseForm(formFromCustomer(fresh.value), latest, changesBetween(base.base, bodyFromForm(latest))));
    setConflict({
      theirs: describeChanges(base.base, changesBetween(base.base, theirs.base), tags.text),
      mine: describeChanges(base.base, mine, tags.text),
    });
    setSave({ state: 'idle' });
  }

  /** One action: save the edits, now on top of Kustomer's current values, with its new rev. */
  function reapply() {
    saveNow();
  }

  /** Back to the customer as loaded; the background forgets the draft. */
  function discard() {
    setConflict(undefined);
    setRestoredAt(undefined);
    if (ready) change({ loaded: loaded(ready.customer), form: formFromCustomer(ready.customer), tagDraft: '' });
  }

  async function onUndo() {
    if (!ready || !undo || saving.current) return;
    saving.current = true;
    setSave({ state: 'saving' });
    const rev = ready.customer.rev;
    const reply = await sendRequest({ type: 'customer.update', customerId, changes: rev === undefined ? undo : { ...undo, rev } });
    saving.current = false;
    if (reply.ok) {
      adopt(reply.value);
      setUndo(undefined);
      setSave({ state: 'undone' });
    } else setSave({ state: 'failed', error: reply.error });
  }

  /**
   * Esc puts the focused field back as loaded; Esc with nothing to put back closes the popup.
   * The input's own value is what the agent sees at this keystroke (the form state may not have
   * caught up with a very fast Esc), and the revert applies to the latest state.
   */
  function onEscape(target: HTMLElement) {
    if (!ready || !form) return;
    const shown = (target as HTMLInputElement).value;
    if (target.id === 'add-tag' && shown) return change({ tagDraft: '' });
    const initial = formFromCustomer(ready.customer);
    const [kind, ...rest] = target.id.split('-');
    const revert = edit;
    if (kind === 'field' && (SCALAR_FIELDS as readonly string[]).includes(rest[0] ?? '')) {
      const key = rest[0] as (typeof SCALAR_FIELDS)[number];
      if (shown !== initial.scalars[key]) return revert((f) => ({ ...f, scalars: { ...f.scalars, [key]: initial.scalars[key] } }));
    }
    if ((LIST_FIELDS as readonly string[]).includes(kind ?? '') && rest.length === 2) {
      const list = kind as ListField;
      const [row, part] = [Number(rest[0]), rest[1]!];
      const was = initial.lists[list][row]?.[part] ?? '';
      if (typeof was === 'string' && shown !== was) {
        return revert((f) => ({ ...f, lists: { ...f.lists, [list]: f.lists[list].map((item, i) => (i === row ? { ...item, [part]: was } : item)) } }));
      }
    }
    // Nothing to put back: a second Esc in a row closes; a first one only leaves the control.
    if (target.matches('input, select, textarea')) return target.blur();
    window.close();
  }

  // Ctrl/Cmd+S and Esc work wherever the focus is in the popup, through the latest handler.
  const keys = useRef<(event: KeyboardEvent) => void>(() => {});
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keys.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  /** Whether the previous key was Esc too. */
  const escapeArmed = useRef(false);

  function onKeyDown(event: KeyboardEvent) {
    const armed = escapeArmed.current;
    escapeArmed.current = event.key === 'Escape';
    if (event.key === 'Escape') {
      event.preventDefault();
      escapeArmed.current = true;
      if (armed) return window.close();
      return onEscape(event.target as HTMLElement);
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      saveNow();
    }
  }
  keys.current = onKeyDown;

  if (load.state === 'loading' || !form) {
    return load.state === 'failed' ? (
      <section>
        <ErrorNotice error={load.error} />
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </section>
    ) : (
      <Notice tone="info">Loading customer {customerId}…</Notice>
    );
  }
  if (load.state === 'failed') return <ErrorNotice error={load.error} />;

  const { customer, masked } = load;
  const busy = save.state === 'saving';
  const locked = tagLock(masked);
  const lines = describeChanges(load.base, changes, tags.text);
  const problems = issues.size;
  return (
    <form
      ref={root}
      class="editor"
      onSubmit={(event) => {
        event.preventDefault();
        saveNow();
      }}
      noValidate
    >
      <CustomerHeader customer={customer} org={org} />
      {restoredAt !== undefined && (
        <p class="notice notice-info restored">
          Restored your unsaved edits from {time(restoredAt)}.{' '}
          <button type="button" class="link" onClick={discard}>
            Discard them
          </button>
        </p>
      )}
      {outboxNote && save.state !== 'saved' && <p class="notice notice-warning outbox-note">{outboxNote}</p>}
      {conflict && !ConflictPanel && <p class="notice notice-error">This customer changed in Kustomer while you were editing…</p>}
      {conflict && ConflictPanel && <ConflictPanel theirs={conflict.theirs} mine={conflict.mine} onReapply={reapply} onDiscard={discard} busy={busy} />}
      <TagEditor
        tags={form.tags}
        savedTags={customer.tags}
        label={tags.label}
        choices={tags.choices}
        pick={tags.pick}
        note={tags.note}
        onRefresh={tags.refresh}
        onChange={(tags) => edit((f) => ({ ...f, tags }))}
        draft={tagDraft}
        onDraftChange={(text) => change({ tagDraft: text })}
        problem={tagProblem ?? [...issues].find(([path]) => path === 'tags' || path.startsWith('tags.'))?.[1]}
        onProblemChange={setTagProblem}
        busy={busy}
        locked={locked}
      />
      {CONTACT_LISTS.map((key) => (
        <ListEditor
          key={key}
          spec={LIST_SPECS[key]}
          items={form.lists[key]}
          onChange={(items) => edit((f) => ({ ...f, lists: { ...f.lists, [key]: items } }))}
          issues={issues}
          locked={masked.has(key) ? MASKED_NOTE : undefined}
        />
      ))}
      <MoreFieldsSection
        needed={[...issues.keys(), ...Object.keys(changes)].some((path) => MORE_FIELDS.has(path.split('.')[0]!))}
        custom={form.custom}
        onCustomChange={(custom) => edit((f) => ({ ...f, custom }))}
        definitions={metadata}
        org={org}
        scalars={form.scalars}
        onScalarChange={(key, value) => edit((f) => ({ ...f, scalars: { ...f.scalars, [key]: value } }))}
        sentiment={form.sentiment}
        onSentimentChange={(sentiment) => edit((f) => ({ ...f, sentiment }))}
        lists={form.lists}
        onListChange={(key, items) => edit((f) => ({ ...f, lists: { ...f.lists, [key]: items } }))}
        issues={issues}
        masked={masked}
      />
      <div class="savebar">
        <ChangeSummary lines={lines} />
        {problems > 0 && (
          <p class="problem" id="save-problems">
            {problems === 1 ? '1 problem' : `${problems} problems`} to fix before saving: {[...issues.values()][0]}
          </p>
        )}
        <div class="actions">
          <button
            type="submit"
            class="primary"
            aria-disabled={busy ? 'true' : undefined}
            aria-describedby={problems > 0 ? 'save-problems' : undefined}
            aria-keyshortcuts="Control+S Meta+S"
          >
            {busy ? 'Saving…' : 'Save'}
          </button>
          {undo && save.state === 'saved' && (
            <button type="button" onClick={() => void onUndo()}>
              Undo
            </button>
          )}
          <span class="hint">Ctrl+S saves · Esc reverts a field, then closes</span>
        </div>
        <div role="status" aria-live="polite">
          {save.state === 'saving' && <p class="notice notice-info">Saving…</p>}
          {save.state === 'saved' && (
            <p class="notice notice-success">
              Saved{customer.rev !== undefined ? ` (revision ${customer.rev})` : ''}: {save.lines.join('; ')}
            </p>
          )}
          {save.state === 'saved' && save.warning && <p class="notice notice-warning">{save.warning}</p>}
          {save.state === 'saved' && tagOutcome && (
            <p class="notice notice-warning tag-outcome">
              {tagOutcome.message}{' '}
              {tagOutcome.fix && (
                <button type="button" onClick={() => void putTagsRight(tagOutcome.fix!)}>
                  {tagOutcome.fix.form === 'names' ? 'Send the tags by name' : 'Send the tags by id'}
                </button>
              )}
            </p>
          )}
          {save.state === 'undone' && <p class="notice notice-success">Undone: the previous values are back in Kustomer.</p>}
          {save.state === 'unchanged' && <p class="notice notice-info">Nothing to save: everything is as loaded.</p>}
        </div>
        {save.state === 'failed' && <ErrorNotice error={save.error} />}
      </div>
    </form>
  );
}
