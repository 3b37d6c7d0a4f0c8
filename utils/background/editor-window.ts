/**
 * Opens the editor: the toolbar popup where the browser allows `action.openPopup()`, else a small
 * popup window on `popup.html?customer={id}` (or the hand-over in `storage.session`). Background
 * only. Firefox allows openPopup only inside a user action and before any `await`: callers call
 * `openEditor` first thing in their listener.
 */
import { browser } from 'wxt/browser';
import { handOverTarget, type EditorTarget } from '@/utils/storage/editor-target';
import { isCustomerId } from '@/utils/kustomer/customer';

type Target = Omit<EditorTarget, 'at'>;

/**
 * @param known what to open when it is known at once (a link, a selection); it is handed over
 *   before the popup can read it.
 * @param later what to open, worked out after the fact, for the window the browser may need instead.
 */
export function openEditor(known: Target | undefined, later: () => Promise<Target | undefined> = async () => known): Promise<'popup' | 'window'> {
  const handed = known ? handOverTarget(known) : Promise.resolve();
  const popup = browser.action.openPopup(); // first, inside the user action
  return popup.then(
    async () => {
      await handed;
      return 'popup' as const;
    },
    async () => {
      await handed.catch(() => {});
      const target = known ?? (await later());
      if (target && target !== known) await handOverTarget(target);
      // From a tab's content script or address: checked before it goes into a URL, and encoded there.
      const id = target?.target?.kind === 'customer' && isCustomerId(target.target.id) ? target.target.id : undefined;
      await browser.windows.create({
        url: browser.runtime.getURL(`/popup.html${id ? `?customer=${encodeURIComponent(id)}` : ''}` as '/popup.html'),
        type: 'popup',
        width: 460,
        height: 640,
      });
      return 'window' as const;
    },
  );
}
