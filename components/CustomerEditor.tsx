import { useEffect, useState } from 'preact/hooks';
import type { Customer } from '@/utils/customer';
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
  | { state: 'saved'; summary: string }
  | { state: 'failed'; error: KustomerError }
  | { state: 'unchanged' };

/** Loads one customer, edits its tags, saves them with one PATCH of `tags` only. */
export function CustomerEditor({ customerId }: { customerId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [tags, setTags] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const [tagProblem, setTagProblem] = useState<string | undefined>();
  const [save, setSave] = useState<Save>({ state: 'idle' });
  const [attempt, setAttempt] = useState(0);

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

  async function onSave() {
    if (!customer || save.state === 'saving') return;
    // What is still typed in "Add tag" is part of the edit.
    let next = tags;
    const typed = draft.trim();
    if (typed) {
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
    const changes = tagChanges(customer.tags, next);
    if (!changes.changed) {
      setSave({ state: 'unchanged' });
      return;
    }
    setSave({ state: 'saving' });
    const reply = await sendRequest({ type: 'customer.update', customerId: customer.id, changes: { tags: next } });
    if (reply.ok) {
      setLoad({ state: 'loaded', customer: reply.value });
      setTags(reply.value.tags);
      setSave({ state: 'saved', summary: changes.summary });
    } else {
      setSave({ state: 'failed', error: reply.error });
    }
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

  const saving = save.state === 'saving';
  return (
    <form
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
          if (save.state !== 'saving') setSave({ state: 'idle' });
        }}
        draft={draft}
        onDraftChange={setDraft}
        problem={tagProblem}
        onProblemChange={setTagProblem}
        disabled={saving}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={saving} aria-keyshortcuts="Control+S Meta+S">
          {saving ? 'Saving…' : 'Save'}
        </button>
        <span class="hint">Ctrl+S</span>
      </div>
      {save.state === 'saving' && <Notice tone="info">Saving…</Notice>}
      {save.state === 'saved' && (
        <Notice tone="success">
          Saved. {save.summary}
          {load.customer.rev !== undefined ? ` (revision ${load.customer.rev})` : ''}
        </Notice>
      )}
      {save.state === 'unchanged' && <Notice tone="info">Nothing to save: the tags are as loaded.</Notice>}
      {save.state === 'failed' && <ErrorNotice error={save.error} />}
    </form>
  );
}

