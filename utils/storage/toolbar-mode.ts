/**
 * How the toolbar button (and Alt+Shift+K, Alt+Shift+U, the page's badge) opens the editor: the
 * popup (default) or the side panel. An agent's preference, no secret: `storage.local`.
 */
import { storage } from 'wxt/utils/storage';

export type ToolbarMode = 'popup' | 'panel';

const toolbarMode = storage.defineItem<ToolbarMode>('local:toolbarOpens', { fallback: 'popup' });

export async function loadToolbarMode(): Promise<ToolbarMode> {
  return (await toolbarMode.getValue()) === 'panel' ? 'panel' : 'popup';
}

export const saveToolbarMode = (mode: ToolbarMode) => toolbarMode.setValue(mode);

/** Calls back whenever the mode changes (from any page). */
export const watchToolbarMode = (callback: (mode: ToolbarMode) => void) => toolbarMode.watch((mode) => callback(mode === 'panel' ? 'panel' : 'popup'));
