/** What a tag edit changes, for the "Saved." line and, later, the summary before saving. */
export function tagChanges(before: readonly string[], after: readonly string[]) {
  const added = after.filter((tag) => !before.includes(tag));
  const removed = before.filter((tag) => !after.includes(tag));
  const reordered = added.length === 0 && removed.length === 0 && before.join('\n') !== after.join('\n');
  const parts = [
    added.length ? `Added ${added.join(', ')}.` : '',
    removed.length ? `Removed ${removed.join(', ')}.` : '',
    reordered ? 'Tags reordered.' : '',
  ].filter(Boolean);
  return { added, removed, changed: parts.length > 0, summary: parts.join(' ') };
}
