/** Kustomer's rules for one tag, as the agent types it (no schema library). */
import { MAX_TAG_LENGTH, MAX_TAGS, show, TAG_CHAR, TAG_FIRST_CHAR } from './formats';

/** Why `tag` is not a valid Kustomer tag, or undefined when it is. Same verdict as TAG_PATTERN. */
export function tagProblem(tag: string): string | undefined {
  if (tag.length === 0) return 'Tag cannot be empty';
  const chars = [...tag];
  if (chars.length > MAX_TAG_LENGTH) return `Tag ${show(tag)} is too long: at most ${MAX_TAG_LENGTH} characters`;
  if (!TAG_FIRST_CHAR.test(chars[0]!)) return `Tag ${show(tag)} must start with a letter, digit or one of _ / < > - .`;
  const bad = chars.find((c) => !TAG_CHAR.test(c));
  if (bad !== undefined) {
    return `Tag ${show(tag)} has ${show(bad)}: tags may only use letters, digits, spaces and _ / < > - .`;
  }
  return undefined;
}

/**
 * The inline error for adding `tag` to `existing`, or undefined when it may be added.
 * A tag that differs from an existing one only in letter case counts as a duplicate.
 */
export function validateTag(tag: string, existing: readonly string[]): string | undefined {
  const problem = tagProblem(tag);
  if (problem) return problem;
  if (existing.includes(tag)) return `Tag ${show(tag)} is already added`;
  const lower = tag.toLowerCase();
  const similar = existing.find((t) => t.toLowerCase() === lower);
  if (similar !== undefined) return `Tag ${show(tag)} is already added as ${show(similar)}`;
  if (existing.length >= MAX_TAGS) return `At most ${MAX_TAGS} tags`;
  return undefined;
}
