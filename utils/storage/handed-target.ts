/**
 * The popup's side of the hand-over (editor-target.ts): read and taken at open with the browser's
 * own `storage.session`, in the form the background's storage item writes it. One read, nothing
 * to load first: WXT's storage library would be three chunks fetched one after another here.
 */
import { browser } from '@/utils/extension-api';
import { isRecord } from '@/utils/plain-data';
import type { EditorTarget } from '@/utils/storage/editor-target';

/** The hand-over's key in `storage.session`. */
export const EDITOR_TARGET_KEY = 'editorTarget';

/** A hand-over older than this is stale (the popup was not opened by it). */
const FRESH_MS = 30_000;

/** The target handed over for this opening, if any; taken once. */
export async function takeHandedTarget(): Promise<EditorTarget | undefined> {
  const stored = (await browser.storage.session.get(EDITOR_TARGET_KEY))[EDITOR_TARGET_KEY];
  if (!isRecord(stored) || typeof stored.at !== 'number') return undefined;
  await browser.storage.session.remove(EDITOR_TARGET_KEY);
  return Date.now() - stored.at < FRESH_MS ? (stored as unknown as EditorTarget) : undefined;
}
