/**
 * The body of `PATCH /v1/customers/{id}`: ONE valibot schema, used by the popup for inline
 * errors and by the background before any request is made.
 *
 * The contract is the request schema in Kustomer's OpenAPI document
 * (`sandbox/openapi-customers.json`), with `custom` typed by the documented name-suffix rules
 * (as `sandbox/openapi.mjs` does). Tests run every body through both this schema and Ajv on
 * that document and require the same verdict, so keep them in step:
 * - strings are measured in code points (as JSON Schema and Ajv do), not UTF-16 units;
 * - `nullable` fields with an `enum` (gender, location type) refuse null: the enum has no null;
 * - formats copy ajv-formats' "full" definitions (date-time, uri, url) and Kustomer's own
 *   (email-relaxed, phone-number, whatsapp-number) from `sandbox/openapi.mjs`;
 * - arrays refuse duplicates by deep equality (`uniqueItems`), objects refuse unknown keys.
 * Stricter than Ajv only where JSON cannot carry the value: NaN and ±Infinity are refused
 * (JSON.stringify would send them as null), and keys holding `undefined` count as absent
 * when looking for duplicates (JSON.stringify drops them).
 */
// Building blocks of the schema: checked text, dates, URIs, numbers, choices, records, lists.
import * as v from 'valibot';
import { deepEqual, isRecord } from '@/utils/plain-data';
import { EMAIL_PATTERN, MAX_LIST_ITEMS, PHONE_PATTERN, isAbsoluteUri, isDateTime, isWebUrl, oneOf, show } from './formats';

// ---------------------------------------------------------------------------------------------
// Building blocks

export function text(label: string, limits: { min?: number; max?: number } = {}) {
  const { min = 0, max = Number.POSITIVE_INFINITY } = limits;
  return v.pipe(
    v.string(`${label} must be text`),
    v.minCodePoints(min, min === 1 ? `${label} cannot be empty` : `${label} must be ${min === max ? 'exactly' : 'at least'} ${min} characters`),
    v.maxCodePoints(max, (issue) =>
      min === max
        ? `${label} must be exactly ${max} characters`
        : `${label} must be at most ${max} characters (it has ${issue.received})`,
    ),
  );
}

export function dateTime(label: string) {
  return v.pipe(
    v.string(`${label} must be a date and time like 2016-11-07T23:20:29.080Z`),
    v.check(isDateTime, (issue) => `${label} must be a date and time like 2016-11-07T23:20:29.080Z, not ${show(issue.input)}`),
  );
}

export function uri(label: string) {
  return v.pipe(
    v.string(`${label} must be a full URL like https://example.com/page`),
    v.check(isAbsoluteUri, (issue) => `${label} must be a full URL like https://example.com/page, not ${show(issue.input)}`),
  );
}

export function webUrl(label: string) {
  return v.pipe(
    v.string(`${label} must be a web address like https://example.com`),
    v.check(isWebUrl, (issue) => `${label} must be a public web address like https://example.com, not ${show(issue.input)}`),
  );
}

export function num(label: string) {
  return v.pipe(v.number(`${label} must be a number`), v.finite(`${label} must be a finite number`));
}

export function bool(label: string) {
  return v.boolean(`${label} must be true or false`);
}

export function choice<const T extends readonly [string | number, ...(string | number)[]]>(label: string, options: T) {
  return v.picklist(options, (issue) => `${label} must be ${oneOf(options)}, not ${show(issue.input)}`);
}

export function emailAddress(label: string) {
  return v.pipe(
    v.string(`${label} must be text`),
    v.check((s) => EMAIL_PATTERN.test(s), (issue) => `${show(issue.input)} is not an email address`),
  );
}

export function phoneNumber(label: string) {
  return v.pipe(
    v.string(`${label} must be text`),
    v.check(
      (s) => PHONE_PATTERN.test(s),
      (issue) =>
        `${show(issue.input)} is not a phone number: use digits, spaces and ( ) . - with an optional leading +, like +1 555 123 4567`,
    ),
  );
}

/**
 * An object that refuses unknown keys; `names` labels each key for "is required" messages.
 * The record check first: valibot's object schemas would take an array for an object.
 */
export function strictRecord<const E extends v.ObjectEntries>(
  label: string | undefined,
  entries: E,
  /** Names of the keys that are required, for "is required" messages (optional keys need none). */
  names: { readonly [K in keyof E]?: string },
  missing?: string,
) {
  const known = new Set(Object.keys(entries));
  return v.pipe(
    v.custom<Record<string, unknown>>(isRecord, label ? `${label} must be an object` : 'The update must be an object'),
    v.strictObject(entries, (issue) => {
      const step = issue.path?.[issue.path.length - 1];
      if (issue.expected === 'never') {
        const all: string[] = [];
        if (step && isRecord(step.input)) for (const key in step.input) if (!known.has(key)) all.push(key);
        if (all.length === 0) all.push(String(issue.input));
        const list = all.slice(0, 5).map((k) => show(k)).join(', ') + (all.length > 5 ? ` and ${all.length - 5} more` : '');
        const noun = all.length === 1 ? 'field' : 'fields';
        return label ? `${label} has unknown ${noun} ${list}` : `Unknown ${noun} ${list}`;
      }
      const key = step?.key;
      if (typeof key === 'string' && issue.input === undefined && key in entries) {
        return missing ?? `${names[key as keyof E] ?? key} is required`;
      }
      return label ? `${label} must be an object` : 'The update must be an object';
    }),
  );
}

/** A list of at most `max` items, no two alike (deep equality), each checked by `item`. */
export function list<TItem extends v.GenericSchema>(
  item: TItem,
  options: { itemLabel: string; plural: string; max?: number; describe?: (item: unknown) => string | undefined },
) {
  const { itemLabel, plural, max = MAX_LIST_ITEMS, describe } = options;
  const Plural = plural[0]!.toUpperCase() + plural.slice(1);
  return v.pipe(
    v.array(item, `${Plural} must be a list`),
    v.rawCheck<v.InferOutput<TItem>[]>(({ dataset, addIssue }) => {
      const items: unknown = dataset.value;
      if (!Array.isArray(items)) return;
      if (items.length > max) addIssue({ message: `At most ${max} ${plural}` });
      // Items that failed their own check are reported already; compare only a clean list.
      if (!dataset.typed) return;
      for (let j = 1; j < items.length; j++) {
        for (let i = 0; i < j; i++) {
          if (!deepEqual(items[i], items[j])) continue;
          const what = describe?.(items[j]);
          addIssue({
            message: what
              ? `${itemLabel} ${show(what)} is listed twice`
              : `${itemLabel} ${j + 1} is the same as ${itemLabel.toLowerCase()} ${i + 1}`,
            path: [{ type: 'array', origin: 'value', input: items, key: j, value: items[j] }],
          });
          break;
        }
      }
    }),
  );
}

export const field = (key: string) => (item: unknown) =>
  isRecord(item) && typeof item[key] === 'string' ? (item[key] as string) : undefined;
