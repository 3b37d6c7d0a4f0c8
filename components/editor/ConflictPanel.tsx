/** The customer changed in Kustomer while the agent was editing: both sides, and one action to go on. */
export function ConflictPanel({
  theirs,
  mine,
  onReapply,
  onDiscard,
  busy,
}: {
  theirs: string[];
  mine: string[];
  onReapply(): void;
  onDiscard(): void;
  busy: boolean;
}) {
  return (
    <section class="conflict" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">This customer changed in Kustomer while you were editing</h2>
      <div class="conflict-sides">
        <div>
          <h3>Changed in Kustomer</h3>
          <ul>{theirs.length ? theirs.map((line) => <li key={line}>{line}</li>) : <li>(only its revision)</li>}</ul>
        </div>
        <div>
          <h3>Your edits</h3>
          <ul>
            {mine.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      </div>
      <p>Nothing was overwritten. The form shows Kustomer's current values with your edits on top; nothing is saved until you say so.</p>
      <div class="actions">
        <button type="button" class="primary" onClick={onReapply} aria-disabled={busy ? 'true' : undefined}>
          Re-apply my edits and save
        </button>
        <button type="button" onClick={onDiscard}>
          Discard my edits
        </button>
      </div>
    </section>
  );
}
