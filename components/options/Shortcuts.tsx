import { useEffect, useState } from 'preact/hooks';
import { browser } from '@/utils/extension-api';

interface Command {
  name?: string;
  description?: string;
  shortcut?: string;
}

const NAMES: Record<string, string> = {
  _execute_action: 'Open the editor (toolbar popup)',
  'update-customer': "Update the current page's customer",
};

/** The extension's keyboard shortcuts as the browser has them now, and where to change them. */
export function Shortcuts() {
  const [commands, setCommands] = useState<Command[] | undefined>();
  /** False when the toolbar button is not pinned: the browser then moves it in before each popup opens. */
  const [onToolbar, setOnToolbar] = useState<boolean | undefined>();
  useEffect(() => {
    void browser.commands.getAll().then(setCommands, () => setCommands([]));
    const action = browser.action as typeof browser.action & { getUserSettings?: () => Promise<{ isOnToolbar?: boolean }> };
    void action.getUserSettings?.().then((s) => setOnToolbar(s.isOnToolbar), () => {});
  }, []);
  const firefox = navigator.userAgent.includes('Firefox');
  return (
    <section aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl class="shortcuts">
        {(commands ?? []).map((c) => (
          <div key={c.name}>
            <dt>{NAMES[c.name ?? ''] ?? c.description ?? c.name}</dt>
            <dd>{c.shortcut ? <kbd>{c.shortcut}</kbd> : 'not set'}</dd>
          </div>
        ))}
      </dl>
      {onToolbar === false && (
        <p class="help pin-hint">
          Pin Kustomer Customer Updater to the toolbar (the puzzle-piece menu, then the pin): the shortcuts then open the editor about
          0.3 s sooner, because the browser no longer moves the button into the toolbar first.
        </p>
      )}
      <p class="help">
        {firefox ? (
          'To change them: about:addons, the gear menu, "Manage Extension Shortcuts".'
        ) : (
          <>
            To change them:{' '}
            <button type="button" class="link" onClick={() => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' })}>
              chrome://extensions/shortcuts
            </button>
            .
          </>
        )}
      </p>
    </section>
  );
}
