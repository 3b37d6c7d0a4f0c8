/**
 * What "Add tag" offers as the agent types: the org's tags that match, best first, and last the
 * typed text as a new tag. Pure, and fast enough for thousands of tags on every keystroke.
 */
import type { TagInfo } from '@/utils/kustomer/tags';

export const MAX_SHOWN = 8;

export type TagOption = { kind: 'tag'; tag: TagInfo } | { kind: 'new'; name: string };

export interface Suggestions {
  options: TagOption[];
  /** Index of the option Enter or Tab adds. */
  highlighted: number;
}

/** The org's tags ready for matching (lower-cased once, not per keystroke). */
export interface TagIndex {
  tags: readonly TagInfo[];
  lower: readonly string[];
}

/** Sorted by name once, so that matches come out in alphabetical order (`renewal` before `renewal-q3`). */
export function indexTags(tags: readonly TagInfo[]): TagIndex {
  const sorted = tags.map((tag) => ({ tag, lower: tag.name.toLowerCase() })).sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
  return { tags: sorted.map((t) => t.tag), lower: sorted.map((t) => t.lower) };
}

/**
 * For `typed`: the exact case-insensitive match, then prefix matches, then other matches (each in
 * alphabetical order, at most 8 in all), then "Add new tag" unless the exact match exists. Tags in `taken` (ids and lower-cased
 * names already on the customer) are not offered. The highlighted option is the exact match, else
 * the first prefix match, else the new tag. `list` false: the org's list is not there, only the new
 * tag is offered.
 */
export function suggestTags(typed: string, index: TagIndex | undefined, taken: ReadonlySet<string>): Suggestions {
  const query = typed.trim();
  const q = query.toLowerCase();
  if (q === '') return { options: [], highlighted: -1 };
  let exact: TagInfo | undefined;
  const prefix: TagInfo[] = [];
  const other: TagInfo[] = [];
  if (index) {
    const { tags, lower } = index;
    for (let i = 0; i < tags.length; i++) {
      const name = lower[i]!;
      const at = name.indexOf(q);
      if (at < 0) continue;
      const tag = tags[i]!;
      if (taken.has(tag.id) || taken.has(name)) continue;
      if (name.length === q.length) exact = tag;
      else if (at === 0) {
        if (prefix.length < MAX_SHOWN) prefix.push(tag);
      } else if (other.length < MAX_SHOWN) other.push(tag);
    }
  }
  const found = [...(exact ? [exact] : []), ...prefix, ...other].slice(0, MAX_SHOWN);
  const options: TagOption[] = found.map((tag) => ({ kind: 'tag', tag }));
  if (!exact && !taken.has(q)) options.push({ kind: 'new', name: query });
  const highlighted = exact || prefix.length ? 0 : options.length - 1;
  return { options, highlighted };
}
