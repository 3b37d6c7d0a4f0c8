/**
 * Saving from the editor: what is still typed in "Add tag" joins the edit, only what changed goes
 * (with the loaded rev), checked by the body schema first; then what Kustomer holds is adopted,
 * a 409 shows both sides, Undo puts back what can be put back, and tags Kustomer took otherwise
 * than meant can be sent again in the other form.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { whenIdle } from '@/utils/time';
import { customerLabel } from '@/utils/kustomer/customer';
import { fieldLabel } from '@/utils/fields';
import { bodyFromForm, formBody, formFromCustomer, formPath, type CustomerForm } from '@/utils/editor/form';
import { changesBetween } from '@/utils/editor/changes';
import { describeChanges } from '@/utils/editor/summary';
import { rebaseForm } from '@/utils/editor/rebase';
import { undoChanges } from '@/utils/editor/undo';
import { validateTag } from '@/utils/kustomer/patch/tags';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import { sendRequest, type Reply } from '@/utils/messaging/send';
import type { TagOutcome } from '@/utils/editor/tag-check';
import type { TagListModel } from '@/components/editor/useTagList';
import type { CustomerSession } from '@/components/editor/useCustomerSession';
import { loaded, tagLock, type Loaded, type Save } from '@/components/editor/session';

/**
 * The whole-body schema (valibot, the same the background checks with): a chunk of its own,
 * fetched once the agent changes something, so the customer shows without it.
 */
let loadedSchema: typeof import('@/utils/kustomer/patch') | undefined;
export const bodySchema = () => import('@/utils/kustomer/patch').then((m) => (loadedSchema = m));

interface SaveDeps {
  customerId: string;
  session: CustomerSession;
  tags: TagListModel;
  /** Says why the typed tag cannot be added. */
  setTagProblem(problem: string | undefined): void;
  /** The editor's form element: focus goes back to "Add tag" after a save, or to the first problem. */
  root: { current: HTMLFormElement | null };
  /** A save refused after the editor closed (the side panel moved on to another customer): told to what is around it. */
  onRefusedAway?: RefusedAway;
}

/** Tells that Kustomer refused a save of `label` after its editor went. */
export type RefusedAway = (refusal: { customerId: string; label: string; message: string }) => void;

export function useSave({ customerId, session, tags, setTagProblem, root, onRefusedAway }: SaveDeps) {
  const { now, change, adopt, setConflict } = session;
  const [save, setSave] = useState<Save>({ state: 'idle' });
  const [serverIssues, setServerIssues] = useState<Map<string, string>>(new Map());
  const [undo, setUndo] = useState<Partial<CustomerUpdate> | undefined>();
  /** What Kustomer did with the tags the last save sent, when it was not what was meant. */
  const [tagOutcome, setTagOutcome] = useState<TagOutcome | undefined>();
  const [validate, setValidate] = useState<Awaited<ReturnType<typeof bodySchema>>['validateCustomerUpdate'] | undefined>();
  const saving = useRef(false);
  /** Focus goes back to "Add tag" once the save's outcome is rendered (not before: that would lay out the page as it was). */
  const refocus = useRef(false);
  useLayoutEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    root.current?.querySelector<HTMLInputElement>('#add-tag')?.focus();
  });

  /** Whether the editor is still on screen (a layout effect: its cleanup runs as the editor goes, not a frame later). */
  const mounted = useRef(true);
  useLayoutEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  /**
   * A save's answer. Refused: the outbox keeps it (pending list, toolbar badge) until the agent has
   * seen why; this editor shows why and lets go of it, unless it went meanwhile: then whoever is
   * around it says so. Kept to be sent later (queued, signed out), it stays.
   */
  function answered(reply: Reply<'customer.update'>, label: string) {
    if (reply.ok || reply.error.kind === 'queued' || reply.error.kind === 'signed-out') return;
    if (mounted.current) void sendRequest({ type: 'outbox.dismiss', customerId });
    else onRefusedAway?.({ customerId, label, message: reply.error.message });
  }

  const ready = session.load.state === 'ready' ? session.load : undefined;
  const { body, rows } = useMemo(() => (session.form ? formBody(session.form) : { body: {}, rows: {} as ReturnType<typeof formBody>['rows'] }), [session.form]);
  const changes = useMemo(() => (ready ? changesBetween(ready.base, body, ready.masked) : {}), [ready, body]);
  const changed = Object.keys(changes).length > 0;
  useEffect(() => {
    if (changed && !validate) void bodySchema().then((m) => setValidate(() => m.validateCustomerUpdate));
  }, [changed]);
  /** The last problems shown: the same map while they stay the same, so sections they did not change do not render again. */
  const shownIssues = useRef<Map<string, string>>(new Map());
  const issues = useMemo(() => {
    const map = new Map(serverIssues);
    if (changed && validate) {
      const check = validate(changes);
      if (!check.success) for (const issue of check.issues) map.set(formPath(issue.path, rows), issue.message);
    }
    const last = shownIssues.current;
    if (map.size === last.size && [...map].every(([path, message]) => last.get(path) === message)) return last;
    return (shownIssues.current = map);
  }, [changes, changed, rows, serverIssues, validate]);

  /** The schema, loaded while the popup is idle so that Save never waits for it. */
  const preload = () => void bodySchema().then((m) => setValidate(() => m.validateCustomerUpdate));

  /** An edit by the agent, applied to the form as of the last event (kept as a draft at once). */
  function edit(apply: (current: CustomerForm) => CustomerForm) {
    if (!now.current.form) return;
    change({ form: apply(now.current.form) });
    setServerIssues(new Map());
    session.setRestoredAt(undefined);
    if (!saving.current) setSave({ state: 'idle' });
  }

  function focusFirstProblem() {
    root.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  async function submit(source: CustomerForm, base: Loaded): Promise<void> {
    if (saving.current) return;
    // What is still typed in "Add tag" is part of the edit: as the org's tag of that name, once
    // the org's list says whether it has one (a fast Ctrl+S may come before the list).
    if (now.current.tagDraft.trim() && !tagLock(base.masked)) {
      saving.current = true;
      await tags.whenListed();
      saving.current = false;
      source = now.current.form ?? source; // an Enter that waited for the list may have added it meanwhile
    }
    let next = source;
    /** The typed tag joins the form (and the draft) once the save is on its way, or before anything is awaited. */
    let joins = false;
    const join = () => {
      if (joins) change({ form: next, tagDraft: '' });
      joins = false;
    };
    const typed = now.current.tagDraft.trim();
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
      joins = true;
    }
    const nextBody = bodyFromForm(next);
    const toSend = changesBetween(base.base, nextBody, base.masked);
    if (Object.keys(toSend).length === 0) {
      join();
      setConflict(undefined);
      return setSave({ state: 'unchanged' });
    }
    saving.current = true; // from here on a second Save waits for this one
    // In the form the org was found to take them (ids by name, or names by id); no await unless
    // needed: the request leaves before the next render.
    const converting = Boolean(toSend.tags && tags.converts);
    if (converting || !loadedSchema) join(); // something is awaited before the request
    if (converting) toSend.tags = await tags.forSave(toSend.tags!);
    const check = (loadedSchema ?? (await bodySchema())).validateCustomerUpdate(toSend);
    if (!check.success) {
      join();
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
    const label = customerLabel(base.customer);
    const replying = sendRequest({ type: 'customer.update', customerId: base.customer.id, changes: rev === undefined ? toSend : { ...toSend, rev }, label });
    // The draft with the typed tag goes after the save: the background takes the save first.
    join();
    const reply = await replying;
    answered(reply, label);
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
      // After the success is on screen: the check may ask the background for new tags' names.
      if (toSend.tags) whenIdle(() => void tags.check(toSend.tags!, saved.tags).then(setTagOutcome));
    } else if (reply.error.status === 409) {
      await showConflict(next, base, toSend);
    } else {
      if (reply.error.issues) setServerIssues(new Map(reply.error.issues.map((i) => [formPath(i.path, formBody(next).rows), i.message])));
      setSave({ state: 'failed', error: reply.error });
    }
    refocus.current = true;
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
    const label = customerLabel(base.customer);
    const reply = await sendRequest({ type: 'customer.update', customerId, changes: rev === undefined ? { tags: fix.tags } : { tags: fix.tags, rev }, label });
    answered(reply, label);
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

  async function onUndo() {
    const current = now.current.loaded;
    if (!current || !undo || saving.current) return;
    saving.current = true;
    setSave({ state: 'saving' });
    const rev = current.customer.rev;
    const label = customerLabel(current.customer);
    const reply = await sendRequest({ type: 'customer.update', customerId, changes: rev === undefined ? undo : { ...undo, rev }, label });
    answered(reply, label);
    saving.current = false;
    if (reply.ok) {
      adopt(reply.value);
      setUndo(undefined);
      setSave({ state: 'undone' });
    } else setSave({ state: 'failed', error: reply.error });
  }

  return { save, setSave, changes, issues, undo, tagOutcome, edit, saveNow, putTagsRight, onUndo, preload };
}
