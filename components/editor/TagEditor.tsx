import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_TAGS } from '@/utils/kustomer/patch/formats';
import { validateTag } from '@/utils/kustomer/patch/tags';
import { deepEqual } from '@/utils/plain-data';
import type { Suggestions, TagIndex } from '@/utils/editor/tag-suggestions';
import type { TagInfo } from '@/utils/kustomer/tags';
import type * as Options from '@/components/editor/TagOptions';
import { useLazy } from '@/components/shared/lazy';

/** How one of the customer's tags shows. */
export interface TagLabel {
  text: string;
  /** The full id, for a tag Kustomer gave as an id. */
  title?: string;
  /** The accessible name of its remove button. */
  remove: string;
  /** Why it cannot be saved back as it is, or that Kustomer does not know it. */
  note?: string;
}

/** The org's tags as the editor has them. */
export interface TagChoices {
  state: 'loading' | 'ready' | 'denied' | 'paused' | 'failed';
  tags: readonly TagInfo[];
}

interface TagEditorProps {
  tags: readonly string[];
  /** Tags as loaded, to mark what is new and to give back unchanged. */
  savedTags: readonly string[];
  label(tag: string): TagLabel;
  onChange(tags: string[]): void;
  /** What is typed but not yet a tag: kept by the owner so Save can include it. */
  draft: string;
  onDraftChange(draft: string): void;
  /** Problem with the draft, set by the owner when Save could not add it. */
  problem?: string;
  onProblemChange(problem: string | undefined): void;
  choices: TagChoices;
  /** The string a tag picked from the org's list is added as (its id or its name). */
  pick(tag: TagInfo): string;
  /** A line about the tags as a whole (the list could not be read, too many tags, …). */
  note?: string;
  onRefresh(): void;
  /** While saving: everything stays focusable, nothing changes. */
  busy?: boolean;
  /** Why the tags cannot be edited at all, when they cannot (masked by Kustomer). */
  locked?: string;
}

const LIST_ID = 'tag-options';
const unique = (tags: readonly string[]) => [...new Set(tags)];

/**
 * Tags as chips, and "Add tag" as a combobox over the org's tags: type, arrows to move, Enter or
 * Tab adds the highlighted one (or the typed text as a new tag), Esc closes the list; comma adds
 * what is typed; Backspace on an empty input removes the last tag.
 */
export function TagEditor(props: TagEditorProps) {
  const { tags, savedTags, label, busy, locked, problem, draft: text, onDraftChange: setText, onProblemChange: setProblem, choices, pick } = props;
  const input = useRef<HTMLInputElement>(null);
  const frozen = busy || locked !== undefined;
  const [options, loadOptions] = useLazy<typeof Options>(() => import('@/components/editor/TagOptions'));
  const [open, setOpen] = useState(true);
  const [moved, setMoved] = useState<{ text: string; index: number } | undefined>();
  /** Enter pressed while the org's list was still on its way, with the text it was pressed on. */
  const pendingEnter = useRef<string | undefined>(undefined);
  const index = useRef<{ from: readonly TagInfo[]; index: TagIndex } | undefined>(undefined);
  const shown = unique(tags);

  // What is taken: the ids on the customer and the names they show as.
  const taken = new Set<string>();
  for (const tag of shown) {
    taken.add(tag);
    taken.add(label(tag).text.toLowerCase());
  }
  const listed = choices.state === 'ready' || choices.state === 'paused' || choices.state === 'denied' || choices.state === 'failed';
  let suggestions: Suggestions = { options: [], highlighted: -1 };
  if (options && text.trim()) {
    if (choices.tags.length && index.current?.from !== choices.tags) index.current = { from: choices.tags, index: options.indexTags(choices.tags) };
    suggestions = options.suggestTags(text, choices.tags.length ? index.current!.index : undefined, taken);
    if (moved?.text === text && moved.index < suggestions.options.length) suggestions = { ...suggestions, highlighted: moved.index };
  }
  const loading = !options || !listed;
  const expanded = open && text.trim() !== '' && options !== undefined && (loading || suggestions.options.length > 0);

  /** The agent's change of tags: duplicates go; back to what was loaded, the tags are as loaded. */
  function commit(next: string[]) {
    const deduped = unique(next);
    const same = deepEqual(deduped, unique(savedTags));
    props.onChange(same ? [...savedTags] : deduped);
  }

  function add(value: string, shownAs: string): boolean {
    const error = validateTag(value, shown) ?? (taken.has(shownAs.toLowerCase()) ? `Tag "${shownAs}" is already added` : undefined);
    setProblem(error);
    if (error) return false;
    commit([...shown, value]);
    return true;
  }

  /** A name typed whole: the org's tag of that name (any case) when the list has it, else a new tag. */
  function resolve(name: string): [string, string] {
    const lower = name.toLowerCase();
    const known = choices.tags.find((t) => t.name.toLowerCase() === lower);
    return known ? [pick(known), known.name] : [name, name];
  }

  function addOption(i: number): boolean {
    const option = suggestions.options[i];
    if (!option) return false;
    const ok = option.kind === 'tag' ? add(pick(option.tag), option.tag.name) : add(option.name, option.name);
    if (ok) {
      setText('');
      setMoved(undefined);
    }
    return ok;
  }

  /** Enter on what is typed: the highlighted option, else the text as typed (or why it cannot be added). */
  function addTyped() {
    if (suggestions.highlighted >= 0) addOption(suggestions.highlighted);
    else add(...resolve(text.trim()));
  }

  // The list arrived: an Enter pressed meanwhile takes effect now, if the text is still what it was.
  useEffect(() => {
    const typed = pendingEnter.current;
    if (loading || typed === undefined) return;
    pendingEnter.current = undefined;
    if (typed !== text || !text.trim() || frozen) return;
    addTyped();
  }, [loading]);

  function remove(tag: string) {
    if (frozen) return;
    setProblem(undefined);
    commit(shown.filter((t) => t !== tag));
    input.current?.focus(); // the × that had focus is gone
  }

  function onKeyDown(event: KeyboardEvent) {
    if (frozen) return;
    const count = suggestions.options.length;
    if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      event.stopPropagation(); // the list closes; the next Esc is the editor's
      setOpen(false);
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && text.trim()) {
      event.preventDefault();
      setOpen(true);
      if (!count) return;
      const step = event.key === 'ArrowDown' ? 1 : count - 1;
      setMoved({ text, index: (Math.max(0, suggestions.highlighted) + step) % count });
    } else if (event.key === 'Enter' || (event.key === 'Tab' && text.trim())) {
      if (event.key === 'Enter' || count) event.preventDefault();
      // Until the org's list is there, Enter waits: the tag may be one of the org's.
      if (loading) {
        if (event.key === 'Enter' && text.trim()) pendingEnter.current = text;
        return;
      }
      if (suggestions.highlighted >= 0 || (event.key === 'Enter' && text.trim())) addTyped();
    } else if (event.key === 'Backspace' && text === '' && shown.length > 0) {
      event.preventDefault();
      remove(shown[shown.length - 1]!);
    }
  }

  function onInput(event: Event) {
    const value = (event.currentTarget as HTMLInputElement).value;
    loadOptions();
    setOpen(true);
    setMoved(undefined);
    // A pasted "a, b, c" becomes three tags; whatever is refused stays in the input.
    if (value.includes(',')) {
      const parts = value.split(',');
      const last = parts.pop() ?? '';
      const kept: string[] = [];
      let next = [...shown];
      let firstProblem: string | undefined;
      for (const part of parts) {
        const typed = part.trim();
        if (!typed) continue;
        const [tag, name] = resolve(typed);
        const error = validateTag(tag, next) ?? (next.some((t) => t === tag || label(t).text.toLowerCase() === name.toLowerCase()) ? `Tag "${name}" is already added` : undefined);
        if (error) {
          firstProblem ??= error;
          kept.push(part);
        } else next = [...next, tag];
      }
      if (next.length !== shown.length) commit(next);
      setProblem(firstProblem);
      setText([...kept, last].join(','));
      return;
    }
    setText(value);
    if (problem) setProblem(undefined);
  }

  const highlightedId = expanded && !loading && suggestions.highlighted >= 0 ? `${LIST_ID}-${suggestions.highlighted}` : undefined;
  return (
    <div class="tags">
      <ul class="tag-list" aria-label="Tags">
        {shown.map((tag) => {
          const { text: name, title, remove: removeLabel, note } = label(tag);
          return (
            <li key={tag} class={savedTags.includes(tag) ? 'tag' : 'tag tag-new'} title={title}>
              <span class="tag-text">{name}</span>
              {note && <span class="tag-note">{note}</span>}
              {locked === undefined && (
                <button
                  type="button"
                  class="tag-remove"
                  aria-label={removeLabel}
                  title={removeLabel}
                  onClick={() => remove(tag)}
                  aria-disabled={busy ? 'true' : undefined}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <div class="field">
        <div class="field-head">
          <label class="field-label" for="add-tag">
            Add tag
          </label>
          <span class="count" title={`At most ${MAX_TAGS} tags`}>
            {shown.length}/{MAX_TAGS}
          </span>
          {locked === undefined && (
            <button type="button" class="link" onClick={props.onRefresh} disabled={choices.state === 'loading'}>
              Refresh tags
            </button>
          )}
        </div>
        <input
          id="add-tag"
          ref={input}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded ? 'true' : 'false'}
          aria-controls={expanded ? LIST_ID : undefined}
          aria-activedescendant={highlightedId}
          value={text}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby="tag-problem"
          placeholder={locked === undefined ? 'Type a tag and press Enter' : ''}
          autoComplete="off"
          spellcheck={false}
          readOnly={frozen}
          autoFocus={locked === undefined}
        />
        {expanded && options && <options.TagOptions id={LIST_ID} suggestions={suggestions} loading={loading} onPick={addOption} />}
      </div>
      <p id="tag-problem" class={locked || (!problem && props.note) ? 'help' : 'problem'} aria-live="assertive">
        {locked ?? problem ?? props.note ?? ''}
      </p>
    </div>
  );
}
