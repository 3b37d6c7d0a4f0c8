/**
 * The customer the editor should open on, handed from the background (context menu, keyboard
 * command) to the popup through `storage.session`: extension pages only, never a content script.
 * The background writes it with WXT's storage item; the popup takes it with one plain read
 * (handed-target.ts), so that no storage chunk stands between the shortcut and the customer.
 */
import { storage } from 'wxt/utils/storage';
import type { SelectionTarget } from '@/utils/detect/selection';
import { EDITOR_TARGET_KEY } from '@/utils/storage/handed-target';

export interface EditorTarget {
  /** What was pointed at; undefined when nothing usable was (the popup then offers search). */
  target: SelectionTarget | undefined;
  /** Where it came from, to say so in the popup. */
  source: 'link' | 'selection' | 'page' | 'command';
  /** Text the agent pointed at that was not recognised, shown in the search box. */
  text?: string;
  /** Epoch milliseconds. */
  at: number;
}

const handed = storage.defineItem<EditorTarget>(`session:${EDITOR_TARGET_KEY}`);

export function handOverTarget(target: Omit<EditorTarget, 'at'>): Promise<void> {
  return handed.setValue({ ...target, at: Date.now() });
}
