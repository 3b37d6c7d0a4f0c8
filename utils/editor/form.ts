/**
 * The editor's model of a customer: what the agent sees in the inputs (text as typed), how it
 * becomes an update body, and which fields changed. Both the loaded customer and the edited form
 * pass through the same conversion, so only real edits show up as changes.
 */
import type { Customer } from '@/utils/kustomer/customer';
import { deepEqual } from '@/utils/equal';
import { customAttributeKind } from '@/utils/kustomer/patch/custom';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import { fieldLabel, LIST_FIELDS, LIST_SPECS, NOT_NULLABLE, SCALAR_FIELDS, SCALAR_SPECS, type ListField, type PartSpec, type ScalarField } from '@/utils/fields';

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
// Values Kustomer masked

/** Kustomer masks sensitive values a key may not read; the mask is not documented, so be broad. */
export function isMasked(value: unknown): boolean {
  if (typeof value === 'string') return /\*{3,}|•{3,}|^\[?(redacted|masked)\]?$/i.test(value);
  if (Array.isArray(value)) return value.some(isMasked);
  if (value && typeof value === 'object') return Object.values(value).some(isMasked);
  return false;
}

/** What the editor says where Kustomer masked a value. */
export const MASKED_NOTE = 'Masked by Kustomer: not shown to this key, and never sent back.';

/** Fields holding a masked value: `emails`, `custom.ssnStr`, … They are shown read-only and never sent. */
export function maskedFields(customer: Customer): Set<string> {
  const masked = new Set<string>();
  for (const [key, value] of Object.entries(customer.attributes)) {
    if (key === 'custom' && value && typeof value === 'object') {
      for (const [name, v] of Object.entries(value)) if (isMasked(v)) masked.add(`custom.${name}`);
    } else if (isMasked(value)) masked.add(key);
  }
  return masked;
}

// ---------------------------------------------------------------------------------------------
// Dates: ISO 8601 (Kustomer) <-> the local "YYYY-MM-DDTHH:mm:ss" of <input type="datetime-local">

const pad = (n: number) => String(n).padStart(2, '0');

export function isoToLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The ISO date-time of a local input value; text that is no date is passed on for the schema to refuse. */
export function localInputToIso(text: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?$/.exec(text);
  if (!m) return text;
  const date = new Date(text);
  // A day or time that does not exist (30 February) is passed on, not rolled over.
  const same =
    date.getFullYear() === Number(m[1]) &&
    date.getMonth() + 1 === Number(m[2]) &&
    date.getDate() === Number(m[3]) &&
    date.getMinutes() === Number(m[5]) &&
    date.getSeconds() === Number(m[6] ?? 0);
  return Number.isNaN(date.getTime()) || !same ? text : date.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Phones

/**
 * E.164 where that is unambiguous: a leading + or 00 gives the country, so spaces, dashes, dots
 * and brackets can go. Without a country code the number is left as typed.
 */
export function normalizePhone(text: string): string {
  const trimmed = text.trim();
  const international = /^(\+|00)/.test(trimmed);
  const digits = trimmed.replace(/^(\+|00)/, '').replace(/[\s().-]/g, '');
  if (!international || !/^\d{6,15}$/.test(digits)) return trimmed;
  return `+${digits}`;
}

/** Guidance for a phone number that is valid but not E.164. */
export function phoneHint(text: string): string | undefined {
  const value = text.trim();
  if (value === '' || /^\+\d{6,15}$/.test(value)) return undefined;
  return 'Add the country code, e.g. +1 415 555 0123: Kustomer matches numbers in E.164.';
}

// ---------------------------------------------------------------------------------------------
// Customer -> form

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';

function partText(part: PartSpec, value: unknown): string {
  return part.kind === 'date-time' ? isoToLocalInput(value) : text(value);
}

/** Lists whose items Kustomer lets carry `verified` (the others' schemas refuse it). */
const VERIFIABLE: ReadonlySet<ListField> = new Set(['emails', 'sharedEmails', 'phones', 'sharedPhones', 'whatsapps', 'socials', 'sharedSocials', 'externalIds', 'sharedExternalIds']);

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
  const custom = a.custom && typeof a.custom === 'object' && !Array.isArray(a.custom) ? Object.entries(a.custom) : [];
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

// ---------------------------------------------------------------------------------------------
// Changes

/**
 * What to send: each changed field (an array whole, custom attributes key by key, a removed one
 * as null); unchanged fields and masked ones never.
 */
export function changesBetween(before: Body, after: Body, masked: ReadonlySet<string> = new Set()): Partial<CustomerUpdate> {
  const changes: Body = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (masked.has(key) || after[key] === undefined) continue; // what cannot be cleared is left alone
    if (key === 'custom') {
      const b = (before.custom ?? {}) as Body;
      const a = (after.custom ?? {}) as Body;
      const custom: Body = {};
      for (const name of new Set([...Object.keys(b), ...Object.keys(a)])) {
        if (masked.has(`custom.${name}`)) continue;
        const next = name in a ? a[name] : null;
        if (!deepEqual(b[name] ?? null, next)) custom[name] = next;
      }
      if (Object.keys(custom).length) changes.custom = custom;
    } else if (!deepEqual(before[key] ?? null, after[key])) {
      // An empty list where there was none is no change.
      if (Array.isArray(after[key]) && (after[key] as unknown[]).length === 0 && before[key] === undefined) continue;
      changes[key] = after[key];
    }
  }
  return changes as Partial<CustomerUpdate>;
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

/** The body that puts back what `changes` replaced. */
export function undoChanges(before: Body, changes: Partial<CustomerUpdate>): Partial<CustomerUpdate> {
  const undo: Body = {};
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'rev') continue;
    if (key === 'custom') {
      const b = (before.custom ?? {}) as Body;
      undo.custom = Object.fromEntries(Object.keys(value as Body).map((name) => [name, b[name] ?? null]));
    } else if (before[key] !== undefined) undo[key] = before[key];
    else if (Array.isArray(value)) undo[key] = [];
    else if (!NOT_NULLABLE.has(key) && key !== 'sentiment') undo[key] = null;
  }
  return undo as Partial<CustomerUpdate>;
}

/**
 * The agent's edits carried onto a newer customer: every field the agent changed takes the
 * agent's value (custom attributes key by key); every other field shows Kustomer's current value.
 */
export function rebaseForm(current: CustomerForm, edited: CustomerForm, changes: Partial<CustomerUpdate>): CustomerForm {
  const next: CustomerForm = structuredClone(current);
  next.originals = { ...current.originals };
  for (const key of Object.keys(changes)) {
    if (edited.originals && key in edited.originals) next.originals[key] = edited.originals[key];
    if ((SCALAR_FIELDS as readonly string[]).includes(key)) next.scalars[key as ScalarField] = edited.scalars[key as ScalarField];
    else if ((LIST_FIELDS as readonly string[]).includes(key)) next.lists[key as ListField] = structuredClone(edited.lists[key as ListField]);
    else if (key === 'tags') next.tags = [...edited.tags];
    else if (key === 'sentiment') next.sentiment = { ...edited.sentiment };
    else if (key === 'custom') {
      for (const name of Object.keys(changes.custom ?? {})) {
        if (edited.originals && `custom.${name}` in edited.originals) next.originals[`custom.${name}`] = edited.originals[`custom.${name}`];
        const mine = edited.custom.find((c) => c.key === name);
        const at = next.custom.findIndex((c) => c.key === name);
        if (mine && at >= 0) next.custom[at] = { ...mine };
        else if (mine) next.custom.push({ ...mine });
        else if (at >= 0) next.custom.splice(at, 1);
      }
    }
  }
  return next;
}

// ---------------------------------------------------------------------------------------------
// Summary

/** An item by its main part (the address, the number), else its first filled-in part. */
function describeItem(field: string, item: unknown): string {
  const parts = LIST_SPECS[field as ListField]?.parts ?? [];
  const record = item && typeof item === 'object' ? (item as Body) : {};
  const ordered = [...parts.filter((p) => p.main), ...parts.filter((p) => !p.main)];
  const value = ordered.map((p) => record[p.key]).find((v) => typeof v === 'string' && v !== '');
  return typeof value === 'string' ? value : JSON.stringify(item);
}

const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value));

/** One line per changed field, for the summary before saving and the note after; `tagText` names a tag (an id by its name). */
export function describeChanges(before: Body, changes: Partial<CustomerUpdate>, tagText: (tag: string) => string = String): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'rev') continue;
    const label = fieldLabel(key);
    if (key === 'custom') {
      const b = (before.custom ?? {}) as Body;
      for (const [name, v] of Object.entries(value as Body)) lines.push(`${name}: ${shown(b[name])} → ${shown(v)}`);
    } else if (Array.isArray(value)) {
      const old = Array.isArray(before[key]) ? (before[key] as unknown[]) : [];
      const name = (item: unknown) => (key === 'tags' ? tagText(String(item)) : describeItem(key, item));
      const added = value.filter((item) => !old.some((o) => deepEqual(o, item))).map(name);
      const removed = old.filter((item) => !value.some((n) => deepEqual(n, item))).map(name);
      // The same item on both sides was edited (its type, its city…), not added and removed.
      const edited = added.filter((n) => removed.includes(n));
      const parts = [
        added.filter((n) => !edited.includes(n)).length ? `added ${added.filter((n) => !edited.includes(n)).join(', ')}` : '',
        removed.filter((n) => !edited.includes(n)).length ? `removed ${removed.filter((n) => !edited.includes(n)).join(', ')}` : '',
        edited.length ? `edited ${edited.join(', ')}` : '',
      ].filter(Boolean);
      lines.push(`${label}: ${parts.length ? parts.join('; ') : 'reordered'}`);
    } else {
      lines.push(`${label}: ${shown(before[key])} → ${shown(value)}`);
    }
  }
  return lines;
}
