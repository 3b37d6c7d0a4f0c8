import { useEffect, useRef, useState } from 'preact/hooks';
import { isCustomerId, type Customer } from '@/utils/customer';
import { validateTag } from '@/utils/customer-update';
import type { KustomerError } from '@/utils/kustomer-error';
import { sendRequest } from '@/utils/messages';
import { tagChanges } from '@/utils/tag-changes';
import { CustomerHeader } from './CustomerHeader';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';
import { TagEditor } from './TagEditor';

type Load = { state: 'loading' } | { state: 'failed'; error: KustomerError } | { state: 'loaded'; customer: Customer };
type Save =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; summary: string; warning?: string }
  | { state: 'failed'; error: KustomerError }
  | { state: 'unchanged' };

/** Kustomer may give tags as ids (names unknown); writing those back would create tags named after ids. */
function tagLock(customer: Customer): string | undefined {
  return customer.tags.some(isCustomerId)
    ? 'Kustomer gave this customer\u2019s tags as ids, without names: they are shown as they came and cannot be changed here.'
    : undefined;
}

/** Loads one customer, edits its tags, saves them with one PATCH of `tags` only. */
export function CustomerEditor({ customerId }: { customerId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [tags, setTags] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const [tagProblem, setTagProblem] = useState<string | undefined>();
  const [save, setSave] = useState<Save>({ state: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const saving = useRef(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    let current = true;
    setLoad({ state: 'loading' });
    void sendRequest({ type: 'customer.get', customerId }).then((reply) => {
      if (!current) return;
      if (reply.ok) {
        setLoad({ state: 'loaded', customer: reply.value });
        setTags(reply.value.tags);
      } else setLoad({ state: 'failed', error: reply.error });
    });
    return () => {
      current = false;
    };
  }, [customerId, attempt]);

  const customer = load.state === 'loaded' ? load.customer : undefined;
  const locked = customer && tagLock(customer);

  async function onSave() {
    if (!customer || saving.current) return;
    // What is still typed in "Add tag" is part of the edit.
    let next = tags;
    const typed = draft.trim();
    if (typed && !locked) {
      const problem = validateTag(typed, tags);
      if (problem) {
        setTagProblem(problem);
        setSave({ state: 'failed', error: { kind: 'invalid-request', message: `Not saved: ${problem}` } });
        return;
      }
      next = [...tags, typed];
      setTags(next);
      setDraft('');
    }
    if (locked || !tagChanges(customer.tags, next).changed) {
      setSave({ state: 'unchanged' });
      return;
    }
    saving.current = true;
    setSave({ state: 'saving' });
    const reply = await sendRequest({ type: 'customer.update', customerId: customer.id, changes: { tags: next } });
    saving.current = false;
    if (reply.ok) {
      const saved = reply.value;
      setLoad({ state: 'loaded', customer: saved });
      setTags(saved.tags);
      // Say what Kustomer now holds, not what was asked: it may merge rather than replace.
      const kept = tagChanges(next, saved.tags);
      setSave({
        state: 'saved',
        summary: tagChanges(customer.tags, saved.tags).summary || 'No change to the tags.',
        warning: kept.changed ? `Kustomer's tags differ from what was sent: ${kept.summary}` : undefined,
      });
    } else {
      setSave({ state: 'failed', error: reply.error });
    }
    form.current?.querySelector<HTMLInputElement>('#add-tag')?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void onSave();
    }
  }

  if (load.state === 'loading') return <Notice tone="info">Loading customer {customerId}…</Notice>;
  if (load.state === 'failed') {
    return (
      <section>
        <ErrorNotice error={load.error} />
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </section>
    );
  }

  const busy = save.state === 'saving';
  return (
    <form
      ref={form}
      class="editor"
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        void onSave();
      }}
    >
      <CustomerHeader customer={load.customer} />
      <TagEditor
        tags={tags}
        savedTags={load.customer.tags}
        onChange={(next) => {
          setTags(next);
          if (!saving.current) setSave({ state: 'idle' });
        }}
        draft={draft}
        onDraftChange={setDraft}
        problem={tagProblem}
        onProblemChange={setTagProblem}
        busy={busy}
        locked={locked}
      />
      <div class="actions">
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined} aria-keyshortcuts="Control+S Meta+S">
          {busy ? 'Saving…' : 'Save'}
        </button>
        <span class="hint">Ctrl+S</span>
      </div>
      <div role="status" aria-live="polite">
        {save.state === 'saving' && <p class="notice notice-info">Saving…</p>}
        {save.state === 'saved' && (
          <p class="notice notice-success">
            Saved. {save.summary}
            {load.customer.rev !== undefined ? ` (revision ${load.customer.rev})` : ''}
          </p>
        )}
        {save.state === 'saved' && save.warning && <p class="notice notice-warning">{save.warning}</p>}
        {save.state === 'unchanged' && <p class="notice notice-info">Nothing to save: the tags are as loaded.</p>}
      </div>
      {save.state === 'failed' && <ErrorNotice error={save.error} />}
    </form>
  );
}
