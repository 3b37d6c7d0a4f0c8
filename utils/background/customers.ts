/**
 * The customer requests: reading one (and noting it in Recent), the org's custom attribute
 * definitions, lookups, and a conversation's customer, with the caches that spare the org's API
 * budget.
 */
import { customerLabel } from '@/utils/kustomer/customer';
import { ok } from '@/utils/kustomer/errors';
import type { CustomAttributeDefinition } from '@/utils/kustomer/metadata';
import { tagFormOf } from '@/utils/kustomer/tags';
import type { Handlers } from '@/utils/background/handler';
import type { ClientSource } from '@/utils/background/client';
import type { TagDirectory } from '@/utils/background/tag-list';
import type { KustomerApi } from '@/utils/kustomer/client';

/** How long the org's custom attribute definitions, and a conversation's customer, are reused. */
const METADATA_TTL_MS = 10 * 60_000;
const CONVERSATION_TTL_MS = 10 * 60_000;
const CONVERSATIONS_KEPT = 500;
/** A customer read ahead of the editor (the shortcut, while the popup opens) serves it this long. */
const PREFETCH_FRESH_MS = 5_000;

export interface CustomerDeps {
  clients: ClientSource;
  /** The customers the editor opened lately. */
  recent?: { remember(id: string, label: string): Promise<void> };
  tags?: TagDirectory;
}

export function customerHandlers({ clients, recent, tags }: CustomerDeps): Pick<Handlers, 'customer.get' | 'customer.metadata' | 'customer.lookup' | 'conversation.customer'> & { prefetch(customerId: string): void } {
  /** The org's definitions as read with one credential (another may lack the metadata role). */
  let metadata: { org: string; key: string; at: number; value: CustomAttributeDefinition[] } | undefined;
  /** org/conversation id -> its customer: a conversation's customer does not change. */
  const conversations = new Map<string, { at: number; customerId: string }>();
  /** The one customer read ahead, by org and id, while it is fresh. */
  let ahead: { id: string; at: number; read: Promise<{ org: string; result: Awaited<ReturnType<KustomerApi['getCustomer']>> } | undefined> } | undefined;

  return {
    /** Reads a customer the editor is about to open on (the shortcut fired): the popup then finds it read. */
    prefetch(customerId) {
      const read = clients.api().then(async (client) => (client.ok ? { org: client.value.org, result: await client.value.getCustomer(customerId) } : undefined));
      ahead = { id: customerId, at: Date.now(), read: read.catch(() => undefined) };
    },
    'customer.get': async (request) => {
      const client = await clients.api();
      if (!client.ok) return client;
      const early = ahead?.id === request.customerId && Date.now() - ahead.at < PREFETCH_FRESH_MS ? ahead : undefined;
      if (early) ahead = undefined; // served once
      const read = early && (await early.read);
      const result = read && read.org === client.value.org ? read.result : await client.value.getCustomer(request.customerId);
      // Written here, not by the popup: it may be closed the moment the customer shows.
      if (result.ok && request.remember) void recent?.remember(result.value.id, customerLabel(result.value)).catch(() => {});
      if (result.ok) void tags?.noteReadForm(client.value.org, tagFormOf(result.value.tags)).catch(() => {});
      return result;
    },
    'customer.metadata': async () => {
      const client = await clients.api();
      if (!client.ok) return client;
      const key = await clients.fingerprint();
      if (metadata && metadata.org === client.value.org && metadata.key === key && Date.now() - metadata.at < METADATA_TTL_MS) return ok(metadata.value);
      const result = await client.value.getCustomerMetadata();
      if (result.ok) metadata = { org: client.value.org, key, at: Date.now(), value: result.value };
      return result;
    },
    'customer.lookup': async (request) => {
      const client = await clients.api();
      return client.ok ? client.value.findCustomers(request.by, request.value.trim()) : client;
    },
    'conversation.customer': async (request) => {
      const client = await clients.api();
      if (!client.ok) return client;
      const key = `${client.value.org}/${request.conversationId}`;
      const known = conversations.get(key);
      if (known && Date.now() - known.at < CONVERSATION_TTL_MS) return ok(known.customerId);
      const result = await client.value.getConversationCustomerId(request.conversationId);
      if (result.ok) {
        if (conversations.size > CONVERSATIONS_KEPT) conversations.clear();
        conversations.set(key, { at: Date.now(), customerId: result.value });
      }
      return result;
    },
  };
}
