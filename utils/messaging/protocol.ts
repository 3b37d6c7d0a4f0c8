/**
 * The requests the background answers, as valibot schemas: every message is checked against
 * these on arrival (message-handler.ts). Only the background needs them at run time.
 */
import * as v from 'valibot';
import { CUSTOMER_ID_PATTERN } from '@/utils/kustomer/customer';
import { CustomerUpdateSchema } from '@/utils/kustomer/patch';
import { API_KEY_MAX_LENGTH } from '@/utils/kustomer/api-key';

const CustomerId = v.pipe(v.string(), v.regex(CUSTOMER_ID_PATTERN, 'a customer id is 24 hex characters'));
const ConversationId = v.pipe(v.string(), v.regex(CUSTOMER_ID_PATTERN, 'a conversation id is 24 hex characters'));
const TagId = v.pipe(v.string(), v.regex(CUSTOMER_ID_PATTERN, 'a tag id is 24 hex characters'));
const Org = v.pipe(v.string(), v.maxLength(63));
const ApiKey = v.pipe(v.string(), v.minLength(1), v.maxLength(API_KEY_MAX_LENGTH));

/** A draft is the agent's own typing: bounded, so a page of the extension cannot fill the disk. */
const DRAFT_MAX_CHARS = 512 * 1024;
const FormValue = v.union([v.string(), v.boolean()]);
/** The editor's unsaved edits of one customer (customer-draft.ts), as the popup hands them over. */
const Draft = v.pipe(
  v.strictObject({
    customerId: CustomerId,
    form: v.object({
      scalars: v.record(v.string(), v.string()),
      lists: v.record(v.string(), v.array(v.record(v.string(), FormValue))),
      tags: v.array(v.string()),
      sentiment: v.object({ polarity: v.string(), confidence: v.string() }),
      custom: v.array(v.object({ key: v.string(), value: FormValue })),
      originals: v.optional(v.record(v.string(), v.unknown())),
    }),
    tagDraft: v.string(),
    base: v.record(v.string(), v.unknown()),
    baseRev: v.optional(v.number()),
    // What a save of it sends, in Kustomer's values (dates as ISO text): values may still be invalid.
    changes: v.optional(v.record(v.string(), v.unknown())),
    savedAt: v.number(),
  }),
  v.check((draft) => JSON.stringify(draft).length <= DRAFT_MAX_CHARS, `a draft is at most ${DRAFT_MAX_CHARS / 1024} kB`),
);

export const RequestSchema = v.variant('type', [
  v.strictObject({ type: v.literal('settings.get') }),
  v.strictObject({ type: v.literal('settings.save'), org: Org, apiKey: v.optional(ApiKey) }),
  v.strictObject({ type: v.literal('settings.clear') }),
  v.strictObject({ type: v.literal('connection.test'), org: v.optional(Org), apiKey: v.optional(ApiKey) }),
  // `remember`: the editor opened on it, so it goes first among the recent customers.
  v.strictObject({ type: v.literal('customer.get'), customerId: CustomerId, remember: v.optional(v.literal(true)) }),
  v.strictObject({ type: v.literal('customer.metadata') }),
  v.strictObject({
    type: v.literal('customer.update'),
    customerId: CustomerId,
    changes: CustomerUpdateSchema,
    label: v.optional(v.pipe(v.string(), v.maxLength(256))),
  }),
  v.strictObject({ type: v.literal('outbox.list') }),
  v.strictObject({ type: v.literal('draft.get'), customerId: CustomerId }),
  v.strictObject({ type: v.literal('draft.save'), draft: Draft }),
  v.strictObject({ type: v.literal('draft.clear'), customerId: CustomerId }),
  // The org's tags, with names for a customer's tag ids; `refresh`: read the whole list again now.
  v.strictObject({ type: v.literal('tags.list'), ids: v.optional(v.pipe(v.array(TagId), v.maxLength(100))), refresh: v.optional(v.literal(true)) }),
  v.strictObject({ type: v.literal('tags.writeForm'), form: v.picklist(['ids', 'names']) }),
  v.strictObject({
    type: v.literal('customer.lookup'),
    by: v.picklist(['email', 'phone', 'externalId']),
    value: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  }),
  v.strictObject({ type: v.literal('conversation.customer'), conversationId: ConversationId }),
  v.strictObject({ type: v.literal('editor.open'), customerId: v.optional(CustomerId) }),
]);

export type Request = v.InferOutput<typeof RequestSchema>;
export type RequestType = Request['type'];

/** Just the `type` of a request: enough to decide who may send it, before validating the rest. */
export const RequestTypeSchema = v.object({ type: v.picklist(RequestSchema.options.map((o) => o.entries.type.literal)) });

/** The one request a content script answers (for the extension's own pages); its guard is `isPageContextRequest`. */
export const PageRequestSchema = v.strictObject({ type: v.literal('page.context') });

/** Requests a content script may make; everything else is for extension pages only. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set(['conversation.customer', 'editor.open']);

