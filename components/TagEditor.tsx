import { validateTag } from '@/utils/customer-update';

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
  disabled?: boolean;
}

/** Tags as chips: type and Enter (or comma) adds, Backspace on an empty input removes the last. */
export function TagEditor(props: TagEditorProps) {
  const { tags, savedTags, onChange, disabled, problem } = props;
  const text = props.draft;
  const setText = props.onDraftChange;
  const setProblem = props.onProblemChange;

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
    setProblem(undefined);
    onChange(tags.filter((t) => t !== tag));
  }

  function onKeyDown(event: KeyboardEvent) {
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
            <button
              type="button"
              class="tag-remove"
              aria-label={`Remove tag ${tag}`}
              title={`Remove tag ${tag}`}
              onClick={() => remove(tag)}
              disabled={disabled}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <label class="field">
        <span class="field-label">Add tag</span>
        <input
          type="text"
          value={text}
          onInput={onInput}
          onKeyDown={onKeyDown}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby="tag-problem"
          placeholder="Type a tag and press Enter"
          autoComplete="off"
          spellcheck={false}
          disabled={disabled}
          autoFocus
        />
      </label>
      <p id="tag-problem" class="problem" role={problem ? 'alert' : undefined}>
        {problem ?? ''}
      </p>
    </div>
  );
}
