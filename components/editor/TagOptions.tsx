/**
 * The listbox under "Add tag": a separate chunk, loaded on the first keystroke there (most openings
 * never type a tag). Re-exports the matching, so the editor gets both with one import.
 */
import type { Suggestions } from '@/utils/editor/tag-suggestions';

export { indexTags, suggestTags } from '@/utils/editor/tag-suggestions';

interface TagOptionsProps {
  id: string;
  suggestions: Suggestions;
  /** The org's list is still on its way: nothing to pick yet. */
  loading: boolean;
  onPick(index: number): void;
}

export const optionId = (listId: string, index: number) => `${listId}-${index}`;

export function TagOptions({ id, suggestions, loading, onPick }: TagOptionsProps) {
  return (
    <ul id={id} role="listbox" class="tag-options" aria-label="Tags to add">
      {loading ? (
        <li role="option" aria-disabled="true" aria-selected="false" class="tag-option tag-option-note">
          Loading tags…
        </li>
      ) : (
        suggestions.options.map((option, i) => (
          <li
            key={option.kind === 'tag' ? option.tag.id : 'new'}
            id={optionId(id, i)}
            role="option"
            aria-selected={i === suggestions.highlighted ? 'true' : 'false'}
            class={i === suggestions.highlighted ? 'tag-option tag-option-active' : 'tag-option'}
            // The input keeps the focus: pick on mousedown, before it would blur.
            onMouseDown={(event) => {
              event.preventDefault();
              onPick(i);
            }}
          >
            {option.kind === 'tag' ? option.tag.name : `Add new tag "${option.name}"`}
          </li>
        ))
      )}
    </ul>
  );
}
