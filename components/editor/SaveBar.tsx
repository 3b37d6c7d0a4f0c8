/** The bar under the editor: what will be sent, what to fix first, Save and Undo, and how the last save went. */
import type { TagOutcome } from '@/utils/editor/tag-check';
import { ChangeSummary } from '@/components/editor/ChangeSummary';
import { ErrorNotice } from '@/components/shared/ErrorNotice';
import type { Save } from '@/components/editor/session';

interface Props {
  /** The change summary: one line per field that will be sent. */
  lines: string[];
  issues: Map<string, string>;
  save: Save;
  /** The customer's revision as Kustomer now holds it. */
  rev: number | undefined;
  canUndo: boolean;
  onUndo(): void;
  tagOutcome: TagOutcome | undefined;
  onPutTagsRight(fix: NonNullable<TagOutcome['fix']>): void;
}

export function SaveBar({ lines, issues, save, rev, canUndo, onUndo, tagOutcome, onPutTagsRight }: Props) {
  const busy = save.state === 'saving';
  const problems = issues.size;
  return (
    <div class="savebar">
      <ChangeSummary lines={lines} />
      {problems > 0 && (
        <p class="problem" id="save-problems">
          {problems === 1 ? '1 problem' : `${problems} problems`} to fix before saving: {[...issues.values()][0]}
        </p>
      )}
      <div class="actions">
        <button
          type="submit"
          class="primary"
          aria-disabled={busy ? 'true' : undefined}
          aria-describedby={problems > 0 ? 'save-problems' : undefined}
          aria-keyshortcuts="Control+S Meta+S"
        >
          {busy ? 'Saving…' : 'Save'}
        </button>
        {canUndo && save.state === 'saved' && (
          <button type="button" onClick={onUndo}>
            Undo
          </button>
        )}
        <span class="hint">Ctrl+S saves · Esc reverts a field, then closes</span>
      </div>
      <div role="status" aria-live="polite">
        {save.state === 'saving' && <p class="notice notice-info">Saving…</p>}
        {save.state === 'saved' && (
          <p class="notice notice-success">
            Saved{rev !== undefined ? ` (revision ${rev})` : ''}: {save.lines.join('; ')}
          </p>
        )}
        {save.state === 'saved' && save.warning && <p class="notice notice-warning">{save.warning}</p>}
        {save.state === 'saved' && tagOutcome && (
          <p class="notice notice-warning tag-outcome">
            {tagOutcome.message}{' '}
            {tagOutcome.fix && (
              <button type="button" onClick={() => onPutTagsRight(tagOutcome.fix!)}>
                {tagOutcome.fix.form === 'names' ? 'Send the tags by name' : 'Send the tags by id'}
              </button>
            )}
          </p>
        )}
        {save.state === 'undone' && <p class="notice notice-success">Undone: the previous values are back in Kustomer.</p>}
        {save.state === 'unchanged' && <p class="notice notice-info">Nothing to save: everything is as loaded.</p>}
      </div>
      {save.state === 'failed' && <ErrorNotice error={save.error} />}
    </div>
  );
}
