import { browser } from '@/utils/extension-api';
import type { KustomerError } from '@/utils/kustomer/errors';
import { Notice } from '@/components/shared/Notice';

/** An error as the agent should read it: the sentence, the way forward, and Kustomer's raw answer on demand. */
export function ErrorNotice({ error, settingsLink = true }: { error: KustomerError; settingsLink?: boolean }) {
  const needsSettings =
    settingsLink &&
    (error.kind === 'no-key' || error.kind === 'no-org' || error.status === 401);
  return (
    <div class="error">
      <Notice tone="error">{error.message}</Notice>
      {error.issues && error.issues.length > 0 && (
        <ul class="issues">
          {error.issues.map((issue) => (
            <li key={issue.path + issue.message}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      )}
      {needsSettings && (
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Open settings
        </button>
      )}
      {error.raw && (
        <details>
          <summary>Kustomer's answer</summary>
          <pre>{error.raw}</pre>
        </details>
      )}
    </div>
  );
}
