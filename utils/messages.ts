/**
 * The one message protocol between the extension's pages, its content script and the
 * background. Every request is validated on arrival; replies are `Result`s and never carry
 * the API key.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { CUSTOMER_ID_PATTERN, type Customer } from './customer';
import { CustomerUpdateSchema } from './customer-update';
import { API_KEY_MAX_LENGTH } from './api-key';
import type { Result } from './kustomer-error';

const CustomerId = v.pipe(v.string(), v.regex(CUSTOMER_ID_PATTERN, 'a customer id is 24 hex characters'));
const ConversationId = v.pipe(v.string(), v.regex(CUSTOMER_ID_PATTERN, 'a conversation id is 24 hex characters'));
const Org = v.pipe(v.string(), v.maxLength(63));
const ApiKey = v.pipe(v.string(), v.minLength(1), v.maxLength(API_KEY_MAX_LENGTH));

export const RequestSchema = v.variant('type', [
  v.strictObject({ type: v.literal('settings.get') }),
  v.strictObject({ type: v.literal('settings.save'), org: Org, apiKey: v.optional(ApiKey) }),
  v.strictObject({ type: v.literal('settings.clear') }),
  v.strictObject({ type: v.literal('connection.test'), org: v.optional(Org), apiKey: v.optional(ApiKey) }),
  v.strictObject({ type: v.literal('customer.get'), customerId: CustomerId }),
  v.strictObject({ type: v.literal('customer.update'), customerId: CustomerId, changes: CustomerUpdateSchema }),
  v.strictObject({
    type: v.literal('customer.lookup'),
    by: v.picklist(['email', 'phone', 'externalId']),
    value: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  }),
  v.strictObject({ type: v.literal('conversation.customer'), conversationId: ConversationId }),
]);

export type Request = v.InferOutput<typeof RequestSchema>;
export type RequestType = Request['type'];

/** Just the `type` of a request: enough to decide who may send it, before validating the rest. */
export const RequestTypeSchema = v.object({ type: v.picklist(RequestSchema.options.map((o) => o.entries.type.literal)) });

/** Requests a content script may make; everything else is for extension pages only. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set(['conversation.customer']);

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
  'customer.update': Customer;
  'customer.lookup': Customer[];
  'conversation.customer': string;
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

