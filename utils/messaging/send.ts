/**
 * The one message protocol between the extension's pages, its content script and the
 * background: what each request gets back, and how pages send one. Requests are validated on
 * arrival with `message-schema.ts`; replies are `Result`s and never carry the API key.
 */
import { browser } from '@/utils/extension-api';
import type { Customer } from '@/utils/kustomer/customer';
import type { CustomerDraft } from '@/utils/storage/drafts';
import type { CustomAttributeDefinition } from '@/utils/kustomer/metadata';
import type { Result } from '@/utils/kustomer/errors';
import type { Request, RequestType } from '@/utils/messaging/protocol';
import type { OutboxEntry } from '@/utils/outbox/entries';
import type { TagListView } from '@/utils/background/tag-list';

export type { Request, RequestType } from '@/utils/messaging/protocol';

export interface SettingsView {
  org: string | undefined;
  hasApiKey: boolean;
  /** The organization named inside the saved key, when it names one. */
  keyOrg: string | undefined;
}

export interface ConnectionReport {
  host: string;
  orgReached: boolean;
  keyAccepted: boolean;
  message: string;
}

export interface ReplyTypes {
  'settings.get': SettingsView;
  'settings.save': SettingsView;
  'settings.clear': SettingsView;
  'connection.test': ConnectionReport;
  'customer.get': Customer;
  'customer.metadata': CustomAttributeDefinition[];
  'customer.update': Customer;
  'outbox.list': OutboxEntry[];
  'draft.get': CustomerDraft | null;
  'draft.save': null;
  'draft.clear': null;
  'tags.list': TagListView;
  'tags.writeForm': null;
  'customer.lookup': Customer[];
  'conversation.customer': string;
  'editor.open': 'popup' | 'window';
}

export type Reply<T extends RequestType> = Result<ReplyTypes[T]>;

/** Sends a request to the background and returns its reply; a broken channel becomes an error. */
export async function sendRequest<T extends RequestType>(
  request: Extract<Request, { type: T }>,
): Promise<Reply<T>> {
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

