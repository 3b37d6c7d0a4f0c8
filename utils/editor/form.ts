/**
 * The editor's model of a customer: what the agent sees in the inputs (text as typed) and how it
 * becomes an update body. Both the loaded customer and the edited form pass through the same
 * conversion, so only real edits show up as changes (`changesBetween`).
 */
import type { Customer } from '@/utils/kustomer/customer';
import { VERIFIABLE } from '@/utils/kustomer/apply';
import { customAttributeKind } from '@/utils/kustomer/patch/custom';
import { LIST_FIELDS, LIST_SPECS, NOT_NULLABLE, SCALAR_FIELDS, SCALAR_SPECS, type ListField, type PartSpec, type ScalarField } from '@/utils/fields';
import { isoToLocalInput, localInputToIso } from '@/utils/editor/dates';
import { isRecord } from '@/utils/plain-data';

export type FormItem = Record<string, string | boolean>;
export type CustomValue = string | boolean;

export interface CustomerForm {
  scalars: Record<ScalarField, string>;
  lists: Record<ListField, FormItem[]>;
  tags: string[];
  sentiment: { polarity: string; confidence: string };
  custom: { key: string; value: CustomValue }[];
  /**
   * Values as Kustomer gave them where the input shows them changed (a date-time in local time to
   * the second, a list of ids as text), by field (`birthdayAt`, `custom.lastOrderAt`): while the
   * input still shows what was loaded, the body carries the value exactly as it was.
   */
  originals?: Record<string, unknown>;
}

/** A body in progress: CustomerUpdate's shape, with values that may still be invalid. */
export type Body = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Customer -> form

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';

function partText(part: PartSpec, value: unknown): string {
  return part.kind === 'date-time' ? isoToLocalInput(value) : text(value);
}

/** The key under which a row keeps its main value as loaded (not a part: never sent). */
export const LOADED = '@loaded';

const mainPart = (field: ListField) => LIST_SPECS[field].parts.find((p) => p.main)?.key;

function formItem(field: ListField, item: unknown): FormItem {
  const source = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
  const out: FormItem = {};
  for (const part of LIST_SPECS[field].parts) out[part.key] = partText(part, source[part.key]);
  const main = mainPart(field);
  if (main !== undefined) out[LOADED] = out[main] ?? '';
  if (typeof source.verified === 'boolean' && VERIFIABLE.has(field)) out.verified = source.verified;
  return out;
}

function customFormValue(key: string, value: unknown): CustomValue {
  const kind = customAttributeKind(key);
  if (kind === 'boolean') return value === true;
  if (kind === 'date-time') return isoToLocalInput(value);
  if (kind === 'id' && Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ');
  return text(value);
}

export function formFromCustomer(customer: Customer): CustomerForm {
  const a = customer.attributes;
  const scalars = {} as Record<ScalarField, string>;
  const originals: Record<string, unknown> = {};
  for (const key of SCALAR_FIELDS) {
    const dated = SCALAR_SPECS[key].kind === 'date-time';
    scalars[key] = dated ? isoToLocalInput(a[key]) : text(a[key]);
    if (dated && typeof a[key] === 'string') originals[key] = a[key];
  }
  const lists = {} as Record<ListField, FormItem[]>;
  for (const key of LIST_FIELDS) lists[key] = Array.isArray(a[key]) ? a[key].map((item) => formItem(key, item)) : [];
  const sentiment = a.sentiment && typeof a.sentiment === 'object' ? (a.sentiment as Record<string, unknown>) : {};
  const custom = isRecord(a.custom) ? Object.entries(a.custom) : [];
  return {
    scalars,
    lists,
    tags: [...customer.tags],
    sentiment: { polarity: text(sentiment.polarity), confidence: text(sentiment.confidence) },
    custom: custom
      .filter(([key]) => customAttributeKind(key) !== undefined)
      .map(([key, value]) => {
        const kind = customAttributeKind(key);
        if (kind === 'date-time' || kind === 'id') originals[`custom.${key}`] = value;
        return { key, value: customFormValue(key, value) };
      }),
    originals,
  };
}

// ---------------------------------------------------------------------------------------------
// Form -> body

/** A number as typed; text that is no number is passed on for the schema to refuse. */
function numberOrText(value: string): number | string {
  const trimmed = value.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : trimmed;
}

function bodyItem(field: ListField, item: FormItem): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const part of LIST_SPECS[field].parts) {
    const value = item[part.key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    out[part.key] = part.kind === 'number' ? numberOrText(value) : part.kind === 'date-time' ? localInputToIso(value) : value.trim();
  }
  if (Object.keys(out).length === 0) return undefined; // a row left empty is no item
  // "Verified" was said of the address as loaded: it goes with that address, not a new one.
  const main = mainPart(field);
  const same = main === undefined || String(item[LOADED] ?? '').trim() === String(item[main] ?? '').trim();
  if (typeof item.verified === 'boolean' && VERIFIABLE.has(field) && same) {
    out.verified = item.verified;
  }
  return out;
}

export function customBodyValue(key: string, value: CustomValue): unknown {
  const kind = customAttributeKind(key);
  if (kind === 'boolean') return value === true;
  const typed = typeof value === 'string' ? value.trim() : '';
  if (typed === '') return null;
  if (kind === 'number') return numberOrText(typed);
  if (kind === 'date-time') return localInputToIso(typed);
  // …Id attributes reference other objects: "a, b" is a list of two ids.
  if (kind === 'id' && typed.includes(',')) return typed.split(',').map((id) => id.trim()).filter(Boolean);
  return typed;
}

/** The loaded value while the input still shows it, else the value the input gives. */
function unlessUnchanged(original: unknown, shown: string, converted: unknown): unknown {
  return original !== undefined && shown === converted ? original : undefined;
}

export function bodyFromForm(form: CustomerForm): Body {
  return formBody(form).body;
}

/**
 * The body, and for each list which form row each body item came from (rows left empty are no
 * items), so that a problem at `emails.1.email` can be shown on the right row.
 */
export function formBody(form: CustomerForm): { body: Body; rows: Record<ListField, number[]> } {
  const body: Body = {};
  const rows = {} as Record<ListField, number[]>;
  const originals = form.originals ?? {};
  for (const key of SCALAR_FIELDS) {
    const value = form.scalars[key].trim();
    if (value === '') body[key] = NOT_NULLABLE.has(key) ? undefined : null;
    else if (SCALAR_SPECS[key].kind !== 'date-time') body[key] = value;
    else body[key] = unlessUnchanged(originals[key], isoToLocalInput(originals[key]), value) ?? localInputToIso(value);
  }
  for (const key of LIST_FIELDS) {
    const items: Record<string, unknown>[] = [];
    rows[key] = [];
    form.lists[key].forEach((row, index) => {
      const item = bodyItem(key, row);
      if (item === undefined) return;
      items.push(item);
      rows[key].push(index);
    });
    body[key] = items;
  }
  body.tags = form.tags;
  const { polarity, confidence } = form.sentiment;
  if (polarity !== '' || confidence !== '') {
    body.sentiment = {
      ...(polarity !== '' && { polarity: numberOrText(polarity) }),
      ...(confidence !== '' && { confidence: numberOrText(confidence) }),
    };
  }
  body.custom = Object.fromEntries(
    form.custom
      .filter((c) => c.key.trim() !== '')
      .map((c) => {
        const key = c.key.trim();
        const original = originals[`custom.${key}`];
        const kept = original === undefined ? undefined : unlessUnchanged(original, String(customFormValue(key, original)), c.value);
        return [key, kept ?? customBodyValue(key, c.value)];
      }),
  );
  return { body, rows };
}

/** A body path (`emails.1.email`) as a form path (`emails.2.email` when row 1 was left empty). */
export function formPath(path: string, rows: Record<ListField, number[]>): string {
  const [field, index, ...rest] = path.split('.');
  const map = rows[field as ListField];
  if (!map || index === undefined || !/^\d+$/.test(index)) return path;
  return [field, String(map[Number(index)] ?? index), ...rest].join('.');
}
