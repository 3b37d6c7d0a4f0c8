import { useRef } from 'preact/hooks';
import { MAX_TAGS, validateTag } from '@/utils/customer-update';

interface TagEditorProps {
  tags: readonly string[];
  /** Tags as loaded, to mark what is new. */
  savedTags: readonly string[];
  onChange(tags: string[]): void;
  /** What is typed but not yet a tag: kept by the owner so Save can include it. */
  draft: string;
  onDraftChange(draft: string): void;
  /** Problem with the draft, set by the owner when Save could not add it. */
  problem?: string;
  onProblemChange(problem: string | undefined): void;
  /** While saving: everything stays focusable, nothing changes. */
  busy?: boolean;
  /** Why the tags cannot be edited at all, when they cannot. */
  locked?: string;
}

/** Tags as chips: type and Enter (or comma) adds, Backspace on an empty input removes the last. */
export function TagEditor(props: TagEditorProps) {
  const { tags, savedTags, onChange, busy, locked, problem, draft: text, onDraftChange: setText, onProblemChange: setProblem } = props;
  const input = useRef<HTMLInputElement>(null);
  const frozen = busy || locked !== undefined;

  function add(raw: string): boolean {
    const tag = raw.trim();
    if (tag === '') return true;
    const error = validateTag(tag, tags);
    setProblem(error);
    if (error) return false;
    onChange([...tags, tag]);
    return true;
  }

  function remove(tag: string) {
    if (frozen) return;
    setProblem(undefined);
    onChange(tags.filter((t) => t !== tag));
    input.current?.focus(); // the × that had focus is gone
  }

  function onKeyDown(event: KeyboardEvent) {
    if (frozen) return;
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      if (add(text)) setText('');
    } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
      event.preventDefault();
      remove(tags[tags.length - 1]!);
    }
  }

  function onInput(event: Event) {
    const value = (event.currentTarget as HTMLInputElement).value;
    // A pasted "a, b, c" becomes three tags; whatever is refused stays in the input.
    if (value.includes(',')) {
      const parts = value.split(',');
      const last = parts.pop() ?? '';
      const kept: string[] = [];
      let next = [...tags];
      let firstProblem: string | undefined;
      for (const part of parts) {
        const tag = part.trim();
        if (!tag) continue;
        const error = validateTag(tag, next);
        if (error) {
          firstProblem ??= error;
          kept.push(part);
        } else next = [...next, tag];
      }
      if (next.length !== tags.length) onChange(next);
      setProblem(firstProblem);
      setText([...kept, last].join(','));
      return;
    }
    setText(value);
    if (problem) setProblem(undefined);
  }

  return (
    <div class="tags">
      <ul class="tag-list" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} class={savedTags.includes(tag) ? 'tag' : 'tag tag-new'}>
            <span class="tag-text">{tag}</span>
            {locked === undefined && (
              <button
                type="button"
                class="tag-remove"
                aria-label={`Remove tag ${tag}`}
                title={`Remove tag ${tag}`}
                onClick={() => remove(tag)}
                aria-disabled={busy ? 'true' : undefined}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      <div class="field">
        <div class="field-head">
          <label class="field-label" for="add-tag">
            Add tag
          </label>
          <span class="count" title={`At most ${MAX_TAGS} tags`}>
            {tags.length}/{MAX_TAGS}
          </span>
        </div>
        <input
          id="add-tag"
          ref={input}
          type="text"
          value={text}
          onInput={onInput}
          onKeyDown={onKeyDown}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby="tag-problem"
          placeholder={locked === undefined ? 'Type a tag and press Enter' : ''}
          autoComplete="off"
          spellcheck={false}
          readOnly={frozen}
          autoFocus={locked === undefined}
        />
      </div>
      <p id="tag-problem" class={locked ? 'help' : 'problem'} aria-live="assertive">
        {locked ?? problem ?? ''}
      </p>
    </div>
  );
}
