/**
 * A customer in Kustomer's own values: the body the editor can change (what
 * `PATCH /v1/customers/{id}` takes), what Kustomer holds after an update, and whether it holds a
 * save already. Dates stay the ISO text Kustomer gave and are compared as the instants they name,
 * so no answer here depends on the time zone it is worked out in (the background's, the popup's).
 */
import { deepEqual, isRecord } from '@/utils/plain-data';
import { LIST_FIELDS, LIST_SPECS, SCALAR_FIELDS, SCALAR_SPECS, type ListField, type ScalarField } from '@/utils/fields';
import type { Customer } from '@/utils/kustomer/customer';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import { customAttributeKind } from '@/utils/kustomer/patch/custom';
import { isDateTime } from '@/utils/kustomer/patch/formats';
import { isTagId } from '@/utils/kustomer/tags';

/** A customer's body: CustomerUpdate's shape, as plain data. */
type Body = Record<string, unknown>;

const isScalar = (key: string): key is ScalarField => (SCALAR_FIELDS as readonly string[]).includes(key);
const isList = (key: string): key is ListField => (LIST_FIELDS as readonly string[]).includes(key);

/** Lists whose items Kustomer lets carry `verified` (the others' schemas refuse it). */
export const VERIFIABLE: ReadonlySet<ListField> = new Set(['emails', 'sharedEmails', 'phones', 'sharedPhones', 'whatsapps', 'socials', 'sharedSocials', 'externalIds', 'sharedExternalIds']);

// ---------------------------------------------------------------------------------------------
// The body

/** An item as Kustomer holds it, cut to what an update sends: its parts (not its `id`), and `verified` where the list takes it. */
function heldItem(field: ListField, item: unknown): Body {
  const source = isRecord(item) ? item : {};
  const out: Body = {};
  for (const part of LIST_SPECS[field].parts) {
    const value = source[part.key];
    if (value !== undefined && value !== null && value !== '') out[part.key] = value;
  }
  if (typeof source.verified === 'boolean' && VERIFIABLE.has(field)) out.verified = source.verified;
  return out;
}

/**
 * The attributes of `customer` the editor can change, as Kustomer holds them: one-value fields
 * as given (dates as ISO text), every list (empty when there is none) item by item, the tags,
 * the sentiment, and the custom attributes whose names say their type.
 */
export function customerBody(customer: Customer): Body {
  const a = customer.attributes;
  const body: Body = {};
  for (const key of SCALAR_FIELDS) if (a[key] !== undefined) body[key] = a[key];
  for (const key of LIST_FIELDS) {
    const items = Array.isArray(a[key]) ? (a[key] as unknown[]) : [];
    body[key] = items.map((item) => heldItem(key, item)).filter((item) => Object.keys(item).length > 0);
  }
  body.tags = [...customer.tags];
  const given = isRecord(a.sentiment) ? a.sentiment : {};
  const sentiment = Object.fromEntries(['polarity', 'confidence'].filter((k) => given[k] !== undefined && given[k] !== null).map((k) => [k, given[k]]));
  if (Object.keys(sentiment).length) body.sentiment = sentiment;
  const custom = isRecord(a.custom) ? a.custom : {};
  body.custom = Object.fromEntries(Object.entries(custom).filter(([key]) => customAttributeKind(key) !== undefined));
  return body;
}

/** A body as Kustomer holds it after applying `update`: fields replaced, `custom` merged key by key. */
export function applyUpdate(body: Body, update: Partial<CustomerUpdate>): Body {
  const out: Body = { ...body };
  for (const [key, value] of Object.entries(update)) {
    if (key === 'rev') continue;
    out[key] = key === 'custom' ? { ...(body.custom as Body), ...(value as Body) } : value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comparing Kustomer's values

const DATE_TIME = /^(\d{4}-\d\d-\d\d)[T\s](\d\d:\d\d:\d\d)(?:\.(\d+))?(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)$/i;

/**
 * The instant an RFC 3339 date-time names, as UTC text keeping every fractional digit given
 * (`2024-03-31T03:30:00.1230+02:00` → `2024-03-31T01:30:00.123Z`); any other value as it is. Read
 * from the text and its offset alone, never in a local time zone.
 */
export function asInstant(value: unknown): unknown {
  if (typeof value !== 'string' || !isDateTime(value)) return value;
  const m = DATE_TIME.exec(value);
  if (!m) return value;
  const utc = Date.parse(`${m[1]}T${m[2]}Z`); // a leap second (:60) stays text
  if (Number.isNaN(utc)) return value;
  const offset = m[4] ? 0 : (m[5] === '-' ? -1 : 1) * (Number(m[6]) * 60 + Number(m[7] ?? 0)) * 60_000;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${new Date(utc - offset).toISOString().slice(0, -5)}${fraction ? `.${fraction}` : ''}Z`;
}

/** Kustomer's value of one field ready to compare: dates as instants, empty text as no value. */
function comparable(key: string, value: unknown): unknown {
  if (value === undefined || value === '') return null;
  if (isScalar(key)) return SCALAR_SPECS[key].kind === 'date-time' ? asInstant(value) : value;
  if (isList(key) && Array.isArray(value)) {
    const dated = LIST_SPECS[key].parts.filter((p) => p.kind === 'date-time').map((p) => p.key);
    if (dated.length === 0) return value;
    return value.map((item) => (isRecord(item) ? { ...item, ...Object.fromEntries(dated.filter((k) => k in item).map((k) => [k, asInstant(item[k])])) } : item));
  }
  return value;
}

/** A custom attribute's value ready to compare: dates as instants, empty text as no value. */
function comparableCustom(name: string, value: unknown): unknown {
  if (value === undefined || value === '') return null;
  return customAttributeKind(name) === 'date-time' ? asInstant(value) : value;
}

/**
 * Whether Kustomer already holds every value of `changes` (a replay after an unknown outcome),
 * judged on Kustomer's values: a date is held when the same instant is, however it is written
 * (`…01:30:00.123Z`, `…03:30:00.123+02:00`), and not when only the minute is. Tags are compared
 * as tags: a name sent is held when a tag of that name is (Kustomer gives ids; `tagNames` names
 * them), an id sent when that id is.
 */
export function alreadyApplied(customer: Customer, changes: Partial<CustomerUpdate>, tagNames: Record<string, string> = {}): boolean {
  const held = customerBody(customer);
  const { tags, rev: _rev, ...rest } = changes;
  for (const [key, sent] of Object.entries(rest)) {
    if (sent === undefined) continue; // nothing sent
    if (key === 'custom') {
      const mine = isRecord(held.custom) ? held.custom : {};
      for (const [name, value] of Object.entries(isRecord(sent) ? sent : {})) {
        if (!deepEqual(comparableCustom(name, mine[name]), comparableCustom(name, value))) return false;
      }
    } else if (!deepEqual(comparable(key, held[key]), comparable(key, sent))) return false;
  }
  if (tags === undefined) return true;
  const asTag = (t: string) => (isTagId(t) ? (tagNames[t] ?? t) : t).toLowerCase();
  const heldTags = new Set(customer.tags.map(asTag));
  const sentTags = new Set(tags.map(asTag));
  return heldTags.size === sentTags.size && [...sentTags].every((t) => heldTags.has(t));
}
