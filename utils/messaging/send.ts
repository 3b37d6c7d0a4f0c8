/**
 * How the extension's pages send a request to the background: typed from the protocol table
 * (protocol.ts, imported for its types only), so a request gets back exactly its reply type.
 * Replies are `Result`s and never carry the API key.
 */
import { browser } from '@/utils/extension-api';
import type { Reply, RequestOf, RequestType } from '@/utils/messaging/protocol';

export type { ConnectionReport, Reply, Request, RequestType, SettingsView } from '@/utils/messaging/protocol';

/** Sends a request to the background and returns its reply; a broken channel becomes an error. */
export async function sendRequest<T extends RequestType>(request: RequestOf<T> & { type: T }): Promise<Reply<T>> {
  try {
    const reply = (await browser.runtime.sendMessage(request)) as Reply<T> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return { ok: false, error: { kind: 'invalid-response', message: 'The extension background did not answer.' } };
  } catch (error) {
    return {
      ok: false,
      error: {
        kind: 'network',
        message: `The extension background could not be reached (${error instanceof Error ? error.message : String(error)}).`,
      },
    };
  }
}
