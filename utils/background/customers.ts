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

/** How long the org's custom attribute definitions, and a conversation's customer, are reused. */
const METADATA_TTL_MS = 10 * 60_000;
const CONVERSATION_TTL_MS = 10 * 60_000;
const CONVERSATIONS_KEPT = 500;

export interface CustomerDeps {
  clients: ClientSource;
  /** The customers the editor opened lately. */
  recent?: { remember(id: string, label: string): Promise<void> };
  tags?: TagDirectory;
}

export function customerHandlers({ clients, recent, tags }: CustomerDeps): Pick<Handlers, 'customer.get' | 'customer.metadata' | 'customer.lookup' | 'conversation.customer'> {
  /** The org's definitions as read with one credential (another may lack the metadata role). */
  let metadata: { org: string; key: string; at: number; value: CustomAttributeDefinition[] } | undefined;
  /** org/conversation id -> its customer: a conversation's customer does not change. */
  const conversations = new Map<string, { at: number; customerId: string }>();

  return {
    'customer.get': async (request) => {
      const client = await clients.api();
      if (!client.ok) return client;
      const result = await client.value.getCustomer(request.customerId);
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
