// What the sandbox org holds: customers, conversations and tags (customers hold tag ids), seeded
// from customers.mjs and restored by `reset()`; the resources the API gives for them; and how a
// validated PATCH changes a customer (item shapes, and the `arrays` setting's merge rules).
import { ADMIN_USER_ID, ORG_ID, seedConversations, seedCustomers } from './customers.mjs';
import { SANDBOX_ORG } from './keys.mjs';
import { maskAttributes } from './masking.mjs';
import { createTagStore } from './tags.mjs';

/**
 * @typedef {{ id: string, attributes: Record<string, any>, companyId: string | null, modifiedBy: string, relationships?: Record<string, unknown> }} CustomerRecord
 * @typedef {{ id: string, customerId: string, attributes: Record<string, any> }} Conversation
 */

/**
 * The org's data, read through `settings` (how tags read, which attributes are masked).
 * @param {import('./settings.mjs').SandboxSettings} settings
 */
export function createStore(settings) {
  /** @type {Map<string, CustomerRecord>} */
  const customers = new Map();
  /** @type {Map<string, Conversation>} */
  const conversations = new Map();

  const store = {
    customers,
    conversations,
    /** The org's tags; customers hold their ids. A reset forgets the tags that saves created. */
    tags: createTagStore({ extra: () => settings.extraTags }),
    reset,
    customerResource,
    conversationResource,
    findCustomer,
    /** The names of a customer's tags, in order. @param {string} id */
    tagNames: (id) => (customers.get(id)?.attributes.tags ?? []).map(tagName),
    /** @type {import('./agent-pages.mjs').AgentPageStore} */
    pageStore: {
      org: SANDBOX_ORG,
      customers: () => [...customers.values()].map(({ id, attributes }) => ({ id, attributes })),
      // The agent app shows tags by name.
      customer: (id) => {
        const attributes = customers.get(id)?.attributes;
        return attributes && { ...attributes, tags: (attributes.tags ?? []).map(tagName) };
      },
      conversation: (id) => conversations.get(id),
      conversationsOf: (customerId) => [...conversations.values()].filter((c) => c.customerId === customerId),
    },
  };

  function reset() {
    store.tags = createTagStore({ extra: () => settings.extraTags });
    customers.clear();
    for (const { id, attributes, relationships } of seedCustomers()) {
      // Seeds name their tags; Kustomer keeps the ids (a repeated name is a repeated id).
      attributes.tags = (attributes.tags ?? []).map((/** @type {string} */ name) => store.tags.idForName(name));
      customers.set(id, { id, attributes, companyId: null, modifiedBy: ADMIN_USER_ID, relationships });
    }
    conversations.clear();
    for (const conversation of seedConversations()) conversations.set(conversation.id, conversation);
  }

  /** The name of the tag a customer holds by id (the id itself when the org has no such tag). @param {string} id */
  const tagName = (id) => store.tags.get(id)?.name ?? id;

  /** A stored tag id as responses give it. @param {string} id */
  const readTag = (id) => (settings.tagsReadAs === 'ids' ? id : tagName(id));

  /** @param {string} id */
  function customerResource(id) {
    const record = customers.get(id);
    if (!record) return undefined;
    const attributes = structuredClone(record.attributes);
    attributes.tags = (attributes.tags ?? []).map(readTag);
    maskAttributes(attributes, settings.masked);
    /** @type {Record<string, unknown>} */
    const relationships = {
      org: { links: { self: `/v1/orgs/${ORG_ID}` }, data: { type: 'org', id: ORG_ID } },
      messages: { links: { self: `/v1/customers/${id}/messages` } },
      modifiedBy: { links: { self: `/v1/users/${record.modifiedBy}` }, data: { type: 'user', id: record.modifiedBy } },
      ...structuredClone(record.relationships),
    };
    if (record.companyId) {
      relationships.company = {
        links: { self: `/v1/companies/${record.companyId}` },
        data: { type: 'company', id: record.companyId },
      };
    }
    return { type: 'customer', id, attributes, relationships, links: { self: `/v1/customers/${id}` } };
  }

  /** @param {string} id */
  function conversationResource(id) {
    const conversation = conversations.get(id);
    if (!conversation) return undefined;
    const user = { links: { self: `/v1/users/${ADMIN_USER_ID}` }, data: { type: 'user', id: ADMIN_USER_ID } };
    return {
      type: 'conversation',
      id,
      attributes: structuredClone(conversation.attributes),
      relationships: {
        org: { links: { self: `/v1/orgs/${ORG_ID}` }, data: { type: 'org', id: ORG_ID } },
        customer: {
          links: { self: `/v1/customers/${conversation.customerId}` },
          data: { type: 'customer', id: conversation.customerId },
        },
        messages: { links: { self: `/v1/conversations/${id}/messages` } },
        createdBy: user,
        modifiedBy: user,
      },
      links: { self: `/v1/conversations/${id}` },
    };
  }

  /**
   * @param {'email'|'phone'|'externalId'} field
   * @param {string} value
   */
  function findCustomer(field, value) {
    /** @type {(attributes: Record<string, any>) => boolean} */
    const matches = {
      email: (/** @type {Record<string, any>} */ a) =>
        [...(a.emails ?? []), ...(a.sharedEmails ?? [])].some((e) => e.email.toLowerCase() === value.toLowerCase()),
      phone: (/** @type {Record<string, any>} */ a) =>
        digits(value) !== '' &&
        [...(a.phones ?? []), ...(a.sharedPhones ?? [])].some((p) => digits(p.phone) === digits(value)),
      externalId: (/** @type {Record<string, any>} */ a) =>
        a.externalId === value || (a.externalIds ?? []).some((/** @type {any} */ e) => e.externalId === value),
    }[field];
    for (const record of customers.values()) if (matches(record.attributes)) return record.id;
    return undefined;
  }

  return store;
}

/** @typedef {ReturnType<typeof createStore>} Store */

// ---------------------------------------------------------------------------------------
// Applying an update

/**
 * How two items of an array attribute are "the same" when `arrays` is 'merge': a sent item
 * replaces the stored item it matches, the others are appended.
 * @type {Record<string, (item: any) => string>}
 */
const ITEM_IDENTITY = {
  emails: (e) => e.email.toLowerCase(),
  sharedEmails: (e) => e.email.toLowerCase(),
  phones: (p) => digits(p.phone),
  sharedPhones: (p) => digits(p.phone),
  whatsapps: (p) => digits(p.phone),
  externalIds: (e) => e.externalId,
  sharedExternalIds: (e) => e.externalId,
  socials: (s) => `${s.type}:${s.username}`,
  sharedSocials: (s) => `${s.type}:${s.username}`,
  urls: (u) => u.url,
};

/**
 * Stores array items in the shape Kustomer reads them back: contact items get `verified`
 * (false unless sent), a `type` ('other' unless sent) and `id: null`.
 * @param {string} field
 * @param {any} item
 */
function storedItem(field, item) {
  switch (field) {
    case 'emails':
    case 'sharedEmails':
      return { email: item.email, verified: item.verified ?? false, type: item.type ?? 'other', id: null };
    case 'phones':
    case 'sharedPhones':
      return { phone: item.phone, verified: item.verified ?? false, type: item.type ?? 'other', id: null };
    case 'externalIds':
    case 'sharedExternalIds':
      return { externalId: item.externalId, verified: item.verified ?? false, id: null };
    default:
      return item;
  }
}

/**
 * Applies a validated PATCH body: sent fields change, others stay; `null` clears a field;
 * `custom` is merged key by key; arrays replace or merge per the `arrays` setting.
 * @param {{ attributes: Record<string, any>, companyId: string | null }} record
 * @param {Record<string, any>} update
 * @param {'replace'|'merge'} arrays
 */
export function applyUpdate(record, update, arrays) {
  const attributes = record.attributes;
  for (const [field, value] of Object.entries(update)) {
    if (field === 'rev') continue;
    if (field === 'company') {
      record.companyId = value;
    } else if (field === 'custom') {
      attributes.custom = { ...attributes.custom, ...value };
    } else if (Array.isArray(value)) {
      const items = value.map((item) => storedItem(field, item));
      attributes[field] = arrays === 'merge' ? mergeItems(attributes[field] ?? [], items, field) : items;
    } else {
      attributes[field] = value;
    }
  }
  if ('name' in update) {
    attributes.displayName = attributes.name ?? attributes.emails?.[0]?.email ?? attributes.phones?.[0]?.phone ?? '';
  }
  const now = new Date().toISOString();
  if (typeof attributes.rev === 'number') attributes.rev += 1; // a document without one stays so
  attributes.modifiedAt = now;
  attributes.updatedAt = now;
}

/**
 * @param {unknown[]} stored
 * @param {unknown[]} sent
 * @param {string} field
 */
function mergeItems(stored, sent, field) {
  const identity = ITEM_IDENTITY[field] ?? ((/** @type {unknown} */ item) => JSON.stringify(item));
  const merged = [...stored];
  for (const item of sent) {
    const index = merged.findIndex((existing) => identity(existing) === identity(item));
    if (index >= 0) merged[index] = item;
    else merged.push(item);
  }
  return merged;
}

/** @param {string} value */
function digits(value) {
  return String(value).replace(/\D/g, '');
}
