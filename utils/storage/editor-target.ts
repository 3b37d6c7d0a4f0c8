/**
 * The customer the editor should open on, handed from the background (context menu, keyboard
 * command) to the popup through `storage.session`: extension pages only, never a content script.
 */
import { storage } from 'wxt/utils/storage';
import type { SelectionTarget } from '@/utils/detect/selection';

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

const handed = storage.defineItem<EditorTarget>('session:editorTarget');
/** A hand-over older than this is stale (the popup was not opened by it). */
const FRESH_MS = 30_000;

export function handOverTarget(target: Omit<EditorTarget, 'at'>): Promise<void> {
  return handed.setValue({ ...target, at: Date.now() });
}

/** The target handed over for this opening, if any; taken once. */
export async function takeHandedTarget(): Promise<EditorTarget | undefined> {
  const stored = await handed.getValue();
  if (!stored || typeof stored !== 'object') return undefined;
  await handed.removeValue();
  return Date.now() - stored.at < FRESH_MS ? stored : undefined;
}
