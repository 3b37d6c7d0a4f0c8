/** What Save will send, one line per changed field, visible before saving. */
export function ChangeSummary({ lines }: { lines: string[] }) {
  if (lines.length === 0) return <p class="summary summary-empty">No changes yet.</p>;
  return (
    <details class="summary" open={lines.length <= 4}>
      <summary>
        {lines.length} {lines.length === 1 ? 'change' : 'changes'} to save
      </summary>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </details>
  );
}
