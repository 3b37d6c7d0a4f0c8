/**
 * Opens the editor: the toolbar popup where the browser allows `action.openPopup()`, else a small
 * popup window on `popup.html?customer={id}`. Background only.
 */
import { browser } from 'wxt/browser';

export async function openEditor(customerId: string | undefined): Promise<'popup' | 'window'> {
  try {
    await browser.action.openPopup();
    return 'popup';
  } catch {
    // Not allowed here (no focused window, or outside a user action in Firefox): a window instead.
  }
  const query = customerId ? `?customer=${customerId}` : '';
  await browser.windows.create({ url: browser.runtime.getURL(`/popup.html${query}` as '/popup.html'), type: 'popup', width: 460, height: 640 });
  return 'window';
}
