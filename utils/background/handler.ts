/**
 * The background's side of the message protocol, built in order: the Kustomer client (from the
 * saved credential), the outbox delivery that sends saves with it, then one handler per request
 * of the protocol table. Every message is checked for who sent it, then against its schema, once.
 * The only code that reads the API key.
 */
import * as v from 'valibot';
import type { CustomerDraft, DraftStore } from '@/utils/storage/drafts';
import { toFieldIssues } from '@/utils/kustomer/patch/validate';
import type { KustomerApi } from '@/utils/kustomer/client';
import type { Delivery } from '@/utils/outbox/delivery';
import { fail, ok, type Result } from '@/utils/kustomer/errors';
import { REQUESTS, isRequestType, type ReplyOf, type RequestOf, type RequestType } from '@/utils/messaging/protocol';
import { mayAsk, type ExtensionIdentity, type MessageSender } from '@/utils/messaging/senders';
import type { TagDirectory } from '@/utils/background/tag-list';
import { createClientSource, type ClientOptions, type CredentialStore } from '@/utils/background/client';
import { settingsHandlers } from '@/utils/background/settings';
import { signInHandlers } from '@/utils/background/sign-in';
import { NOT_MANAGED, type ManagedView } from '@/utils/storage/managed-settings';
import { customerHandlers } from '@/utils/background/customers';

export type { CredentialStore } from '@/utils/background/client';

/** One function per request type, answering with that request's reply type. */
export type Handlers = { [T in RequestType]: (request: RequestOf<T>) => Promise<Result<ReplyOf<T>>> };

export interface MessageHandlerDeps extends ExtensionIdentity {
  credentials: CredentialStore;
  /** Options for the Kustomer client other than org and key (tests shorten timeouts). */
  api?: ClientOptions;
  /** Saves go through the outbox (written down first, retried on passing failures). */
  outbox?: (api: () => Promise<Result<KustomerApi>>, fingerprint: () => Promise<string>) => Delivery;
  /** The agent's unsaved edits, written here so that closing the popup cannot cut a write short. */
  drafts?: DraftStore;
  /** The org's tag list. */
  tags?: TagDirectory;
  /** The customers the editor opened lately. */
  recent?: { remember(id: string, label: string): Promise<void> };
  /** Opens the editor (toolbar popup, else a window) on a customer. */
  openEditor?: (customerId: string | undefined) => Promise<'popup' | 'window'>;
  /** What the org deployed (storage.managed); nothing when absent. */
  managed?: () => Promise<ManagedView>;
}

export function createMessageHandler(deps: MessageHandlerDeps) {
  const clients = createClientSource(deps.credentials, deps.api);
  const delivery = deps.outbox?.(clients.api, clients.fingerprint);
  const managed = deps.managed ?? (async () => NOT_MANAGED);

  const handlers: Handlers = {
    ...settingsHandlers(deps.credentials, clients, managed),
    ...signInHandlers({
      credentials: deps.credentials,
      clients,
      managed,
      waiting: async () => (delivery ? (await delivery.list()).length : 0),
      signedIn: () => void delivery?.deliverDue(),
    }),
    ...customerHandlers({ clients, recent: deps.recent, tags: deps.tags }),
    'customer.update': async (request) => {
      if (delivery) return delivery.save(request.customerId, request.changes, request.label ?? request.customerId);
      const client = await clients.api();
      return client.ok ? client.value.updateCustomer(request.customerId, request.changes) : client;
    },
    'outbox.list': async () => ok(delivery ? await delivery.list() : []),
    'outbox.dismiss': async (request) => ok(delivery ? await delivery.dismissRefused(request.customerId) : []),
    'draft.get': async (request) => ok((await deps.drafts?.load(request.customerId)) ?? null),
    'draft.save': async (request) => {
      await deps.drafts?.save(request.draft as CustomerDraft);
      return ok(null);
    },
    'draft.clear': async (request) => {
      await deps.drafts?.clear(request.customerId);
      // The edits are gone: so is a save of them Kustomer refused (one still being tried stays).
      await delivery?.dismissRefused(request.customerId);
      return ok(null);
    },
    'tags.list': async (request) => {
      const client = await clients.api();
      if (!client.ok) return client;
      if (!deps.tags) return fail({ kind: 'forbidden', message: 'The tag list is not kept here.' });
      return deps.tags.list(client.value, await clients.fingerprint(), request.ids ?? [], request.refresh === true);
    },
    'tags.writeForm': async (request) => {
      const client = await clients.api();
      if (!client.ok) return client;
      await deps.tags?.setWriteForm(client.value.org, request.form);
      return ok(null);
    },
    'editor.open': async (request) => {
      if (!deps.openEditor) return fail({ kind: 'forbidden', message: 'The editor cannot be opened from here.' });
      return ok(await deps.openEditor(request.customerId));
    },
  };

  function answer<T extends RequestType>(type: T, request: RequestOf<T>): Promise<Result<ReplyOf<T>>> {
    return handlers[type](request);
  }

  return async function handleMessage(message: unknown, sender: MessageSender): Promise<Result<unknown>> {
    // Who asks comes first: a context that may not ask learns nothing about the protocol.
    const type: unknown = message !== null && typeof message === 'object' ? (message as { type?: unknown }).type : undefined;
    const known = isRequestType(type) ? type : undefined;
    if (!mayAsk(known && REQUESTS[known].from, sender, deps)) {
      return fail({ kind: 'forbidden', message: `${known ? `"${known}"` : 'This request'} is only answered for the extension's own pages.` });
    }
    if (!known) {
      return fail({ kind: 'invalid-request', message: `Refused a malformed request: ${typeof type === 'string' ? `no request is called "${type.slice(0, 64)}"` : 'it has no type'}`, issues: [{ path: 'type', message: 'not a request type' }] });
    }
    const parsed = v.safeParse(REQUESTS[known].schema, message);
    if (!parsed.success) {
      // A body's problems are reported on the body's own paths, as the editor shows them.
      const issues = toFieldIssues(parsed.issues).map((i) => (known === 'customer.update' ? { ...i, path: i.path.replace(/^changes\.?/, '') } : i));
      return fail({
        kind: 'invalid-request',
        message: `Refused a malformed request: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
        issues,
      });
    }
    try {
      return await answer(known, parsed.output as RequestOf<typeof known>);
    } catch (error) {
      // Storage failures and the like: say what failed without echoing any secret.
      return fail({ kind: 'network', message: `The extension could not complete "${known}": ${error instanceof Error ? error.name : 'unknown error'}.` });
    }
  };
}
