import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FormItem } from '@/utils/editor/form';
import { LIST_FIELDS, LIST_SPECS } from '@/utils/fields';
import { describeChanges } from '@/utils/editor/summary';
import { MASKED_NOTE } from '@/utils/editor/masking';
import type { CustomAttributeDefinition } from '@/utils/kustomer/metadata';
import { sendRequest } from '@/utils/messaging/send';
import { clockTime, whenIdle } from '@/utils/time';
import { ListEditor } from '@/components/editor/ListEditor';
import { CustomerHeader } from '@/components/editor/CustomerHeader';
import { ErrorNotice } from '@/components/shared/ErrorNotice';
import { MORE_FIELDS, MoreFieldsSection } from '@/components/editor/MoreFieldsSection';
import { Notice } from '@/components/shared/Notice';
import { useLazy } from '@/components/shared/lazy';
import { TagEditor } from '@/components/editor/TagEditor';
import { useTagList } from '@/components/editor/useTagList';
import { SaveBar } from '@/components/editor/SaveBar';
import { tagLock } from '@/components/editor/session';
import { useCustomerSession } from '@/components/editor/useCustomerSession';
import { useEditorKeys } from '@/components/editor/useEditorKeys';
import { useSave, type RefusedAway } from '@/components/editor/useSave';

const CONTACT_LISTS = LIST_FIELDS.filter((key) => LIST_SPECS[key].contact);

/** The customer editor: tags, contact lists, custom attributes and every other field, saved as one PATCH of what changed. */
export function CustomerEditor({
  customerId,
  onUnsaved,
  onRefusedAway,
}: {
  customerId: string;
  /** Told whether the agent has edits not yet saved (the side panel keeps the customer then). */
  onUnsaved?: (unsaved: boolean) => void;
  /** Told of a save Kustomer refused after this editor went (the side panel moved on). */
  onRefusedAway?: RefusedAway;
}) {
  // How a tag reads is known once the tag list is (below); the session asks for it later.
  const tagText = useRef<(tag: string) => string>(String);
  const session = useCustomerSession(customerId, (tag) => tagText.current(tag), (message) => setSave({ state: 'failed', error: { kind: 'network', message } }));
  const { load, form, tagDraft, conflict } = session;
  const tags = useTagList(load.state === 'ready' ? load.customer : undefined);
  tagText.current = tags.text;
  const [tagProblem, setTagProblem] = useState<string | undefined>();
  const root = useRef<HTMLFormElement>(null);
  const { save, setSave, changes, issues, undo, tagOutcome, edit, saveNow, putTagsRight, onUndo, preload } = useSave({ customerId, session, tags, setTagProblem, root, onRefusedAway });
  useEditorKeys({ session, edit, saveNow });
  const unsaved = Object.keys(changes).length > 0 || tagDraft.trim() !== '';
  // Told in the event that made the edit (a layout effect), not a frame later: the page may move on meanwhile.
  useLayoutEffect(() => onUnsaved?.(unsaved), [unsaved]);
  /** The contact lists' change handlers, the same functions every render (so a list that did not change is not rendered again). */
  const latestEdit = useRef(edit);
  latestEdit.current = edit;
  const onListChange = useMemo(
    () => Object.fromEntries(CONTACT_LISTS.map((key) => [key, (items: FormItem[]) => latestEdit.current((f) => ({ ...f, lists: { ...f.lists, [key]: items } }))])),
    [],
  );

  const [metadata, setMetadata] = useState<CustomAttributeDefinition[] | undefined>();
  const [org, setOrg] = useState<string | undefined>();
  /** A save of this customer still in the outbox (waiting to be retried, or refused while the popup was closed). */
  const [outboxNote, setOutboxNote] = useState<string | undefined>();
  // A conflict is rare: its panel is a separate chunk, fetched when one happens.
  const [ConflictPanel, loadConflictPanel] = useLazy(() => import('@/components/editor/ConflictPanel').then((m) => m.ConflictPanel));
  useEffect(() => {
    if (conflict) loadConflictPanel();
  }, [conflict]);

  // What is not needed to show the customer waits until it is on screen: the org's name for the
  // header, and its custom attribute definitions (used under "More fields").
  const shown = load.state === 'ready';
  useEffect(() => {
    if (!shown) return;
    let current = true;
    whenIdle(() => {
      tags.load();
      void import('@/components/editor/TagOptions'); // ready before the first keystroke in "Add tag" asks for it
      preload(); // and the body schema before Save
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

  if (load.state === 'loading' || !form) {
    return load.state === 'failed' ? (
      <section>
        <ErrorNotice error={load.error} />
        <button type="button" onClick={session.retry}>
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
      {session.restoredAt !== undefined && (
        <p class="notice notice-info restored">
          Restored your unsaved edits from {clockTime(session.restoredAt)}.{' '}
          <button type="button" class="link" onClick={session.discard}>
            Discard them
          </button>
        </p>
      )}
      {outboxNote && save.state !== 'saved' && <p class="notice notice-warning outbox-note">{outboxNote}</p>}
      {conflict && !ConflictPanel && <p class="notice notice-error">This customer changed in Kustomer while you were editing…</p>}
      {conflict && ConflictPanel && <ConflictPanel theirs={conflict.theirs} mine={conflict.mine} onReapply={saveNow} onDiscard={session.discard} busy={busy} />}
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
        onDraftChange={(text) => session.change({ tagDraft: text })}
        problem={tagProblem ?? [...issues].find(([path]) => path === 'tags' || path.startsWith('tags.'))?.[1]}
        onProblemChange={setTagProblem}
        busy={busy}
        locked={tagLock(masked)}
      />
      {CONTACT_LISTS.map((key) => (
        <ListEditor
          key={key}
          spec={LIST_SPECS[key]}
          items={form.lists[key]}
          onChange={onListChange[key]!}
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
      <SaveBar
        lines={describeChanges(load.base, changes, tags.text)}
        issues={issues}
        save={save}
        rev={customer.rev}
        canUndo={undo !== undefined}
        onUndo={() => void onUndo()}
        tagOutcome={tagOutcome}
        onPutTagsRight={(fix) => void putTagsRight(fix)}
      />
    </form>
  );
}
