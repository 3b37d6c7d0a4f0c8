/**
 * The read model of a Kustomer customer, from `GET /v1/customers/{id}` and friends (JSON:API:
 * `{data: {type: 'customer', id, attributes, relationships, links}}`).
 *
 * Parsed leniently: whatever Kustomer sends is kept in `attributes` (as JSON would carry it),
 * the few typed fields fall back to defaults when missing or of the wrong type, and nothing
 * here throws. Every value is plain JSON data, so it crosses extension messaging unchanged.
 */
import { isRecord } from '@/utils/plain-data';

export interface CustomerEmail {
  email: string;
  type?: string;
  verified?: boolean;
}

export interface CustomerPhone {
  phone: string;
  type?: string;
  verified?: boolean;
}

export interface Customer {
  id: string;
  rev: number | undefined;
  name: string | undefined;
  displayName: string | undefined;
  emails: CustomerEmail[];
  phones: CustomerPhone[];
  /** As Kustomer sent them: tag ids (24 hex) in its examples, maybe names. */
  tags: string[];
  /** Every attribute exactly as Kustomer sent it. */
  attributes: Record<string, unknown>;
}

/** Kustomer ids: 24 lowercase hex characters (ObjectId style). */
export const CUSTOMER_ID_PATTERN = /^[0-9a-f]{24}$/;

export function isCustomerId(s: string): boolean {
  return typeof s === 'string' && CUSTOMER_ID_PATTERN.test(s);
}

/** An id as Kustomer sent it, lower-cased; undefined unless it is 24 hex characters. */
function readId(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length !== 24) return undefined;
  const id = value.toLowerCase();
  return CUSTOMER_ID_PATTERN.test(id) ? id : undefined;
}

type JsonRecord = Record<string, unknown>;

/** `record[key]`, or undefined when reading it fails (a throwing getter or proxy). */
function get(record: unknown, key: string): unknown {
  if (!isRecord(record)) return undefined;
  try {
    return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
  } catch {
    return undefined;
  }
}

const MAX_DEPTH = 64;

/**
 * A copy of `value` as JSON would carry it: strings, finite numbers, booleans, null, arrays and
 * plain objects. Values JSON drops (undefined, functions, symbols, bigints, cycles, nesting
 * deeper than 64) are left out of objects and become null in arrays, as JSON.stringify does.
 * Data that came from JSON.parse is copied unchanged.
 */
function toJson(value: unknown, depth: number, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH || ancestors.has(value)) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        let item: unknown;
        try {
          item = toJson(value[i], depth + 1, ancestors);
        } catch {
          item = undefined;
        }
        out.push(item === undefined ? null : item);
      }
      return out;
    }
    const out: JsonRecord = {};
    for (const key of Object.keys(value)) {
      let item: unknown;
      try {
        item = toJson((value as JsonRecord)[key], depth + 1, ancestors);
      } catch {
        item = undefined;
      }
      if (item === undefined) continue;
      // defineProperty: a key named "__proto__" stays a plain key.
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Email or phone entries: the value under `key`, with `type` and `verified` when well typed. */
function readContacts<K extends 'email' | 'phone'>(value: unknown, key: K): ({ [P in K]: string } & { type?: string; verified?: boolean })[] {
  if (!Array.isArray(value)) return [];
  const out: ({ [P in K]: string } & { type?: string; verified?: boolean })[] = [];
  for (const item of value) {
    const address = typeof item === 'string' ? item : get(item, key);
    if (typeof address !== 'string' || address.trim() === '') continue;
    const entry = { [key]: address } as { [P in K]: string } & { type?: string; verified?: boolean };
    const type = get(item, 'type');
    const verified = get(item, 'verified');
    if (typeof type === 'string') entry.type = type;
    if (typeof verified === 'boolean') entry.verified = verified;
    out.push(entry);
  }
  return out;
}

function readTags(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((tag): tag is string => typeof tag === 'string' && tag !== '');
}

/**
 * One customer resource (the `data` object of a document), or undefined when it has no
 * valid id or says it is something other than a customer. Never throws.
 */
export function parseCustomerResource(resource: unknown): Customer | undefined {
  try {
    if (!isRecord(resource)) return undefined;
    const id = readId(get(resource, 'id'));
    if (!id) return undefined;
    const type = get(resource, 'type');
    if (type !== undefined && type !== 'customer') return undefined;
    const raw = get(resource, 'attributes');
    const copied = isRecord(raw) ? toJson(raw, 0, new Set()) : undefined;
    const attributes: JsonRecord = isRecord(copied) ? copied : {};
    const rev = attributes.rev;
    return {
      id,
      rev: typeof rev === 'number' && Number.isFinite(rev) ? rev : undefined,
      name: optionalString(attributes.name),
      displayName: optionalString(attributes.displayName),
      emails: readContacts(attributes.emails, 'email'),
      phones: readContacts(attributes.phones, 'phone'),
      tags: readTags(attributes.tags),
      attributes,
    };
  } catch {
    return undefined;
  }
}

/** The customer of a `{data: {...}}` document (a one-item `data` list is taken too). */
export function parseCustomer(document: unknown): Customer | undefined {
  try {
    const data = get(document, 'data');
    if (Array.isArray(data)) return data.length === 1 ? parseCustomerResource(data[0]) : undefined;
    return parseCustomerResource(data);
  } catch {
    return undefined;
  }
}

/**
 * The customers of a lookup or search document: `data` as one object or a list. Entries
 * that are not customers are skipped, and so are repeats of an id.
 */
export function parseCustomerList(document: unknown): Customer[] {
  try {
    const data = get(document, 'data');
    const items: unknown[] = Array.isArray(data) ? data : data === undefined ? [] : [data];
    const seen = new Set<string>();
    const out: Customer[] = [];
    for (const item of items) {
      const customer = parseCustomerResource(item);
      if (!customer || seen.has(customer.id)) continue;
      seen.add(customer.id);
      out.push(customer);
    }
    return out;
  } catch {
    return [];
  }
}

/** The customer id of a `GET /v1/conversations/{id}` document (`data.relationships.customer.data.id`). */
export function parseConversationCustomerId(document: unknown): string | undefined {
  const related = get(get(get(get(document, 'data'), 'relationships'), 'customer'), 'data');
  const type = get(related, 'type');
  if (type !== undefined && type !== 'customer') return undefined;
  return readId(get(related, 'id'));
}

const nonBlank = (s: string | undefined): s is string => typeof s === 'string' && s.trim() !== '';

/** What to call the customer: name, else display name, else first email, else first phone, else id. */
export function customerLabel(c: Customer): string {
  if (nonBlank(c.name)) return c.name.trim();
  if (nonBlank(c.displayName)) return c.displayName.trim();
  const email = c.emails.find((e) => nonBlank(e.email))?.email;
  if (email) return email.trim();
  const phone = c.phones.find((p) => nonBlank(p.phone))?.phone;
  if (phone) return phone.trim();
  return c.id;
}
