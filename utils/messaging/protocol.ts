/**
 * The message protocol, in one table: per request, its valibot schema, who may send it, and the
 * type of its reply. The background's dispatch and `sendRequest` are both typed from it, so a
 * handler that answers the wrong thing does not compile. Every message is checked against its
 * schema on arrival (background/handler.ts); only the background imports this module at run time
 * (pages import its types only: no schema library in the popup or the content script).
 */
import * as v from 'valibot';
import type { ManagedView } from '@/utils/storage/managed-settings';
import { CUSTOMER_ID_PATTERN, type Customer } from '@/utils/kustomer/customer';
import { CustomerUpdateBodySchema } from '@/utils/kustomer/patch/validate';
import { API_KEY_MAX_LENGTH } from '@/utils/kustomer/api-key';
import type { CustomAttributeDefinition } from '@/utils/kustomer/metadata';
import type { Result } from '@/utils/kustomer/errors';
import type { CustomerDraft } from '@/utils/storage/drafts';
import type { OutboxEntry } from '@/utils/outbox/entries';
import type { TagListView } from '@/utils/background/tag-list';
import type { MayAsk } from '@/utils/messaging/senders';

const CustomerId = v.pipe(v.string(), v.regex(CUSTOMER_ID_PATTERN, 'a customer id is 24 hex characters'));
const ConversationId = v.pipe(v.string(), v.regex(CUSTOMER_ID_PATTERN, 'a conversation id is 24 hex characters'));
const TagId = v.pipe(v.string(), v.regex(CUSTOMER_ID_PATTERN, 'a tag id is 24 hex characters'));
const Org = v.pipe(v.string(), v.maxLength(63));
const ApiKey = v.pipe(v.string(), v.minLength(1), v.maxLength(API_KEY_MAX_LENGTH));
const ClientId = v.pipe(v.string(), v.trim(), v.minLength(1, 'the client id is empty'), v.maxLength(256));
const ClientSecret = v.pipe(v.string(), v.maxLength(1024));
const AuthCode = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const PkceVerifier = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._~-]{43,128}$/, 'a PKCE verifier is 43 to 128 URL-safe characters'));
const RedirectUri = v.pipe(v.string(), v.maxLength(2048), v.regex(/^https:\/\/[^\s/?#]+\/$/, "the redirect is the extension's https://…/ address"));

/** A draft is the agent's own typing: bounded, so a page of the extension cannot fill the disk. */
const DRAFT_MAX_CHARS = 512 * 1024;
const FormValue = v.union([v.string(), v.boolean()]);
/** The editor's unsaved edits of one customer (storage/drafts.ts), as the popup hands them over. */
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

export interface SettingsView {
  org: string | undefined;
  hasApiKey: boolean;
  /** The organization named inside the saved key, when it names one. */
  keyOrg: string | undefined;
  /** The agent signed in with Kustomer (their own name on every edit), when one is. */
  signedIn?: { name: string; email: string };
  /** The OAuth app's client id last signed in with (kept after signing out, for signing in again). */
  clientId?: string;
  /** What the org deployed (values, which are locked, what was ignored), when it deployed anything. */
  managed?: ManagedView;
}

export interface ConnectionReport {
  host: string;
  orgReached: boolean;
  keyAccepted: boolean;
  message: string;
}

/** One row: who may send the request, its schema, and (as a type only) what it gets back. */
interface Row<S extends v.GenericSchema, R> {
  from: MayAsk;
  schema: S;
  /** Never set: carries the reply's type. */
  reply?: R;
}
const row =
  <R>() =>
  <S extends v.GenericSchema>(from: MayAsk, schema: S): Row<S, R> => ({ from, schema });
const request = <T extends string, E extends v.ObjectEntries = {}>(type: T, entries?: E) =>
  v.strictObject({ type: v.literal(type), ...(entries ?? ({} as E)) });

export const REQUESTS = {
  'settings.get': row<SettingsView>()('extension page', request('settings.get')),
  'settings.save': row<SettingsView>()('extension page', request('settings.save', { org: Org, apiKey: v.optional(ApiKey) })),
  'settings.clear': row<SettingsView>()('extension page', request('settings.clear')),
  // Signing in: the settings page ran the auth window; the background exchanges the code it brought back.
  'auth.complete': row<SettingsView>()(
    'extension page',
    request('auth.complete', { org: Org, clientId: ClientId, clientSecret: v.optional(ClientSecret), code: AuthCode, verifier: PkceVerifier, redirectUri: RedirectUri }),
  ),
  'auth.signOut': row<SettingsView & { waiting: number }>()('extension page', request('auth.signOut')),
  'connection.test': row<ConnectionReport>()('extension page', request('connection.test', { org: v.optional(Org), apiKey: v.optional(ApiKey) })),
  // `remember`: the editor opened on it, so it goes first among the recent customers.
  'customer.get': row<Customer>()('extension page', request('customer.get', { customerId: CustomerId, remember: v.optional(v.literal(true)) })),
  'customer.metadata': row<CustomAttributeDefinition[]>()('extension page', request('customer.metadata')),
  'customer.update': row<Customer>()(
    'extension page',
    request('customer.update', { customerId: CustomerId, changes: CustomerUpdateBodySchema, label: v.optional(v.pipe(v.string(), v.maxLength(256))) }),
  ),
  'customer.lookup': row<Customer[]>()(
    'extension page',
    request('customer.lookup', { by: v.picklist(['email', 'phone', 'externalId']), value: v.pipe(v.string(), v.minLength(1), v.maxLength(256)) }),
  ),
  'outbox.list': row<OutboxEntry[]>()('extension page', request('outbox.list')),
  // A refused save let go of (its edits stay the customer's draft); answers with what is left.
  'outbox.dismiss': row<OutboxEntry[]>()('extension page', request('outbox.dismiss', { customerId: CustomerId })),
  'draft.get': row<CustomerDraft | null>()('extension page', request('draft.get', { customerId: CustomerId })),
  'draft.save': row<null>()('extension page', request('draft.save', { draft: Draft })),
  'draft.clear': row<null>()('extension page', request('draft.clear', { customerId: CustomerId })),
  // The org's tags, with names for a customer's tag ids; `refresh`: read the whole list again now.
  'tags.list': row<TagListView>()(
    'extension page',
    request('tags.list', { ids: v.optional(v.pipe(v.array(TagId), v.maxLength(100))), refresh: v.optional(v.literal(true)) }),
  ),
  'tags.writeForm': row<null>()('extension page', request('tags.writeForm', { form: v.picklist(['ids', 'names']) })),
  'conversation.customer': row<string>()('content script', request('conversation.customer', { conversationId: ConversationId })),
  'editor.open': row<'popup' | 'window' | 'panel'>()('content script', request('editor.open', { customerId: v.optional(CustomerId) })),
} satisfies { [T in string]: Row<v.StrictObjectSchema<{ type: v.LiteralSchema<T, undefined> } & v.ObjectEntries, undefined>, unknown> };

type Requests = typeof REQUESTS;
export type RequestType = keyof Requests;
export type RequestOf<T extends RequestType> = v.InferOutput<Requests[T]['schema']>;
export type Request = { [T in RequestType]: RequestOf<T> }[RequestType];
export type ReplyOf<T extends RequestType> = Requests[T] extends Row<v.GenericSchema, infer R> ? R : never;
export type Reply<T extends RequestType> = Result<ReplyOf<T>>;

export const REQUEST_TYPES = Object.keys(REQUESTS) as RequestType[];
export const isRequestType = (type: unknown): type is RequestType => typeof type === 'string' && Object.hasOwn(REQUESTS, type);

/** The one request a content script answers (for the extension's own pages); its guard is `isPageContextRequest`. */
export const PageRequestSchema = request('page.context');
