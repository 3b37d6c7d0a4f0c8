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
import * as v from 'valibot';
import {
  customAttributeKind,
  customNameProblem,
  EMAIL_PATTERN,
  EMAIL_TYPES,
  GENDERS,
  LOCATION_TYPES,
  PHONE_TYPES,
  SENTIMENT_POLARITIES,
  SOCIAL_TYPES,
  URL_TYPES,
  WHATSAPP_TYPES,
  isAbsoluteUri,
  isDateTime,
  isWebUrl,
  MAX_BODY_BYTES,
  MAX_CUSTOM_ATTRIBUTES,
  MAX_CUSTOM_TEXT_LENGTH,
  MAX_LIST_ITEMS,
  MAX_TAGS,
  oneOf,
  PHONE_PATTERN,
  show,
  tagProblem,
  type CustomAttributeValue,
  type FieldIssue,
} from '@/utils/kustomer/patch/rules';

export * from '@/utils/kustomer/patch/rules';

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality as JSON sees it: key order and keys holding `undefined` do not matter. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && jsonEqual(ra[k], rb[k]));
}

// ---------------------------------------------------------------------------------------------
// Building blocks

function text(label: string, limits: { min?: number; max?: number } = {}) {
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

function dateTime(label: string) {
  return v.pipe(
    v.string(`${label} must be a date and time like 2016-11-07T23:20:29.080Z`),
    v.check(isDateTime, (issue) => `${label} must be a date and time like 2016-11-07T23:20:29.080Z, not ${show(issue.input)}`),
  );
}

function uri(label: string) {
  return v.pipe(
    v.string(`${label} must be a full URL like https://example.com/page`),
    v.check(isAbsoluteUri, (issue) => `${label} must be a full URL like https://example.com/page, not ${show(issue.input)}`),
  );
}

function webUrl(label: string) {
  return v.pipe(
    v.string(`${label} must be a web address like https://example.com`),
    v.check(isWebUrl, (issue) => `${label} must be a public web address like https://example.com, not ${show(issue.input)}`),
  );
}

function num(label: string) {
  return v.pipe(v.number(`${label} must be a number`), v.finite(`${label} must be a finite number`));
}

function bool(label: string) {
  return v.boolean(`${label} must be true or false`);
}

function choice<const T extends readonly [string | number, ...(string | number)[]]>(label: string, options: T) {
  return v.picklist(options, (issue) => `${label} must be ${oneOf(options)}, not ${show(issue.input)}`);
}

function emailAddress(label: string) {
  return v.pipe(
    v.string(`${label} must be text`),
    v.check((s) => EMAIL_PATTERN.test(s), (issue) => `${show(issue.input)} is not an email address`),
  );
}

function phoneNumber(label: string) {
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
function strictRecord<const E extends v.ObjectEntries>(
  label: string | undefined,
  entries: E,
  /** Names of the keys that are required, for "is required" messages (optional keys need none). */
  names: { readonly [K in keyof E]?: string },
  missing?: string,
) {
  const known = new Set(Object.keys(entries));
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainRecord, label ? `${label} must be an object` : 'The update must be an object'),
    v.strictObject(entries, (issue) => {
      const step = issue.path?.[issue.path.length - 1];
      if (issue.expected === 'never') {
        const all: string[] = [];
        if (step && isPlainRecord(step.input)) for (const key in step.input) if (!known.has(key)) all.push(key);
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
function list<TItem extends v.GenericSchema>(
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
          if (!jsonEqual(items[i], items[j])) continue;
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

const field = (key: string) => (item: unknown) =>
  isPlainRecord(item) && typeof item[key] === 'string' ? (item[key] as string) : undefined;

// ---------------------------------------------------------------------------------------------
// Tags

export const TagSchema = v.pipe(
  v.string('Tag must be text'),
  v.rawCheck<string>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = tagProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);

export const TagsSchema = list(TagSchema, {
  itemLabel: 'Tag',
  plural: 'tags',
  max: MAX_TAGS,
  describe: (t) => (typeof t === 'string' ? t : undefined),
});

// ---------------------------------------------------------------------------------------------
// List items

const externalIdItem = (label: string) =>
  strictRecord(
    label,
    {
      externalId: text(label, { min: 1, max: 255 }),
      verified: v.optional(bool(`${label} verified`)),
    },
    { externalId: label },
  );
export const ExternalIdSchema = externalIdItem('External ID');

export const EmailAddressSchema = emailAddress('Email address');
const emailItem = (label: string) =>
  strictRecord(
    label,
    {
      type: v.optional(choice(`${label} type`, EMAIL_TYPES)),
      email: emailAddress(`${label} address`),
      verified: v.optional(bool(`${label} verified`)),
    },
    { email: `${label} address` },
  );
export const EmailSchema = emailItem('Email');

export const PhoneNumberSchema = phoneNumber('Phone number');
const phoneItem = (label: string, types: readonly [string, ...string[]] = PHONE_TYPES) =>
  strictRecord(
    label,
    {
      type: v.optional(choice(`${label} type`, types)),
      phone: phoneNumber(`${label} number`),
      verified: v.optional(bool(`${label} verified`)),
    },
    { phone: `${label} number` },
  );
export const PhoneSchema = phoneItem('Phone');
export const WhatsappSchema = phoneItem('WhatsApp', WHATSAPP_TYPES);

export const FacebookIdSchema = strictRecord(
  'Facebook ID',
  {
    pageId: text('Facebook page ID', { max: 255 }),
    userId: text('Facebook user ID', { max: 255 }),
    name: v.optional(text('Facebook name', { max: 255 })),
  },
  { pageId: 'Facebook page ID', userId: 'Facebook user ID' },
);

export const InstagramIdSchema = strictRecord(
  'Instagram ID',
  {
    pageId: text('Instagram page ID', { max: 255 }),
    threadId: text('Instagram thread ID', { max: 255 }),
    username: text('Instagram username', { max: 255 }),
    instagramId: v.optional(text('Instagram ID', { max: 255 })),
  },
  { pageId: 'Instagram page ID', threadId: 'Instagram thread ID', username: 'Instagram username' },
);

const socialItem = (label: string) =>
  strictRecord(
    label,
    {
      type: choice(`${label} network`, SOCIAL_TYPES),
      userid: v.optional(text(`${label} user ID`, { max: 256 })),
      username: text(`${label} username`, { min: 1, max: 256 }),
      url: v.optional(uri(`${label} URL`)),
      verified: v.optional(bool(`${label} verified`)),
    },
    { type: `${label} network`, username: `${label} username` },
  );
export const SocialSchema = socialItem('Social profile');

export const UrlSchema = strictRecord(
  'Website',
  {
    type: v.optional(choice('Website type', URL_TYPES)),
    url: webUrl('Website address'),
  },
  { url: 'Website address' },
);

const nullableText = (label: string, limits?: { min?: number; max?: number }) => v.optional(v.nullable(text(label, limits)));
const nullableNum = (label: string) => v.optional(v.nullable(num(label)));
export const LocationSchema = strictRecord(
  'Location',
  {
    // Nullable in Kustomer's document, but its enum has no null: null is refused.
    type: v.optional(choice('Location type', LOCATION_TYPES)),
    name: nullableText('Location name'),
    address: nullableText('Address', { max: 256 }),
    address2: nullableText('Address line 2', { max: 256 }),
    address3: nullableText('Address line 3', { max: 256 }),
    latitude: nullableNum('Latitude'),
    longitude: nullableNum('Longitude'),
    countryCode: nullableText('Country code', { min: 2, max: 2 }),
    countryName: nullableText('Country name', { max: 64 }),
    regionCode: nullableText('Region code', { max: 2 }),
    regionName: nullableText('Region name', { max: 128 }),
    cityName: nullableText('City', { max: 128 }),
    zipCode: nullableText('ZIP code', { max: 30 }),
    areaCode: nullableText('Area code', { max: 30 }),
  },
  {},
);

const SENTIMENT_INCOMPLETE = 'sentiment needs both polarity and confidence';
/** Messages about a whole object, though valibot reports them on one of its keys. */
const WHOLE_OBJECT_MESSAGES: ReadonlySet<string> = new Set([SENTIMENT_INCOMPLETE]);

export const SentimentSchema = strictRecord(
  'Sentiment',
  {
    polarity: choice('Sentiment polarity', SENTIMENT_POLARITIES),
    confidence: v.pipe(
      num('Sentiment confidence'),
      v.minValue(-1, 'Sentiment confidence must be between -1 and 1'),
      v.maxValue(1, 'Sentiment confidence must be between -1 and 1'),
    ),
  },
  { polarity: 'Sentiment polarity', confidence: 'Sentiment confidence' },
  SENTIMENT_INCOMPLETE,
);

// ---------------------------------------------------------------------------------------------
// Custom attributes

/** The schema of one custom attribute's value, chosen by the name's suffix. */
export function customAttributeValueSchema(name: string): v.GenericSchema<unknown, CustomAttributeValue> | undefined {
  const label = `Custom attribute ${show(name)}`;
  switch (customAttributeKind(name)) {
    case 'number':
      return v.nullable(num(label));
    case 'date-time':
      return v.nullable(dateTime(label));
    case 'text':
      return v.nullable(text(label, { max: MAX_CUSTOM_TEXT_LENGTH }));
    case 'boolean':
      return v.nullable(bool(label));
    case 'url':
      return v.nullable(uri(label));
    case 'id':
      return v.union([v.string(), v.array(v.string()), v.null()], `${label} must be an id (text), a list of ids, or null`);
    case undefined:
      return undefined;
  }
}

/** The inline error for one custom attribute, or undefined when Kustomer would take it. */
export function validateCustomAttribute(name: string, value: unknown): string | undefined {
  const schema = customAttributeValueSchema(name);
  if (!schema) return customNameProblem(name);
  const result = v.safeParse(schema, value);
  return result.success ? undefined : result.issues[0].message;
}

export const CustomAttributesSchema = v.pipe(
  v.custom<Record<string, CustomAttributeValue>>(isPlainRecord, 'Custom attributes must be an object of name and value'),
  v.rawCheck<Record<string, CustomAttributeValue>>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const attributes = dataset.value;
    const names = Object.keys(attributes);
    if (names.length > MAX_CUSTOM_ATTRIBUTES) addIssue({ message: `At most ${MAX_CUSTOM_ATTRIBUTES} custom attributes` });
    for (const name of names) {
      const value = attributes[name];
      const step: v.ObjectPathItem = { type: 'object', origin: 'value', input: attributes, key: name, value };
      const schema = customAttributeValueSchema(name);
      if (!schema) {
        addIssue({ message: customNameProblem(name), path: [step] });
        continue;
      }
      const result = v.safeParse(schema, value);
      if (result.success) continue;
      for (const issue of result.issues) {
        addIssue({ message: issue.message, input: issue.input, path: [step, ...(issue.path ?? [])] });
      }
    }
  }),
);

// ---------------------------------------------------------------------------------------------
// The body

const optionalNullable = <TSchema extends v.GenericSchema>(schema: TSchema) => v.optional(v.nullable(schema));

const CUSTOMER_UPDATE_LABELS = {
  name: 'Name',
  company: 'Company',
  externalId: 'External ID',
  externalIds: 'External IDs',
  sharedExternalIds: 'Shared external IDs',
  username: 'Username',
  signedUpAt: 'Signed up at',
  lastActivityAt: 'Last activity at',
  lastCustomerActivityAt: 'Last customer activity at',
  lastSeenAt: 'Last seen at',
  avatarUrl: 'Avatar URL',
  emails: 'Emails',
  sharedEmails: 'Shared emails',
  phones: 'Phones',
  sharedPhones: 'Shared phones',
  whatsapps: 'WhatsApp numbers',
  facebookIds: 'Facebook IDs',
  instagramIds: 'Instagram IDs',
  socials: 'Social profiles',
  sharedSocials: 'Shared social profiles',
  urls: 'Websites',
  locations: 'Locations',
  locale: 'Locale',
  timeZone: 'Time zone',
  tags: 'Tags',
  sentiment: 'Sentiment',
  custom: 'Custom attributes',
  birthdayAt: 'Birthday',
  gender: 'Gender',
  createdAt: 'Created at',
  importedAt: 'Imported at',
  rev: 'Revision',
  defaultLang: 'Default language',
} as const;

/** Agent-facing names of the body's fields, by key. */
export const CUSTOMER_UPDATE_FIELD_LABELS: Readonly<Record<keyof typeof CUSTOMER_UPDATE_LABELS, string>> =
  CUSTOMER_UPDATE_LABELS;
const L = CUSTOMER_UPDATE_LABELS;

export const CustomerUpdateSchema = strictRecord(
  undefined,
  {
    name: optionalNullable(text(L.name, { max: 256 })),
    company: optionalNullable(text(L.company)),
    externalId: optionalNullable(text(L.externalId, { min: 1, max: 256 })),
    externalIds: v.optional(list(externalIdItem('External ID'), { itemLabel: 'External ID', plural: 'external IDs', describe: field('externalId') })),
    sharedExternalIds: v.optional(
      list(externalIdItem('Shared external ID'), { itemLabel: 'Shared external ID', plural: 'shared external IDs', describe: field('externalId') }),
    ),
    username: optionalNullable(text(L.username, { max: 256 })),
    signedUpAt: optionalNullable(dateTime(L.signedUpAt)),
    lastActivityAt: optionalNullable(dateTime(L.lastActivityAt)),
    lastCustomerActivityAt: optionalNullable(dateTime(L.lastCustomerActivityAt)),
    lastSeenAt: optionalNullable(dateTime(L.lastSeenAt)),
    avatarUrl: optionalNullable(uri(L.avatarUrl)),
    emails: v.optional(list(EmailSchema, { itemLabel: 'Email', plural: 'emails', describe: field('email') })),
    sharedEmails: v.optional(list(emailItem('Shared email'), { itemLabel: 'Shared email', plural: 'shared emails', describe: field('email') })),
    phones: v.optional(list(PhoneSchema, { itemLabel: 'Phone', plural: 'phones', describe: field('phone') })),
    sharedPhones: v.optional(list(phoneItem('Shared phone'), { itemLabel: 'Shared phone', plural: 'shared phones', describe: field('phone') })),
    whatsapps: v.optional(list(WhatsappSchema, { itemLabel: 'WhatsApp', plural: 'WhatsApp numbers', describe: field('phone') })),
    facebookIds: v.optional(list(FacebookIdSchema, { itemLabel: 'Facebook ID', plural: 'Facebook IDs', describe: field('userId') })),
    instagramIds: v.optional(list(InstagramIdSchema, { itemLabel: 'Instagram ID', plural: 'Instagram IDs', describe: field('username') })),
    socials: v.optional(list(SocialSchema, { itemLabel: 'Social profile', plural: 'social profiles', describe: field('username') })),
    sharedSocials: v.optional(
      list(socialItem('Shared social profile'), { itemLabel: 'Shared social profile', plural: 'shared social profiles', describe: field('username') }),
    ),
    urls: v.optional(list(UrlSchema, { itemLabel: 'Website', plural: 'websites', describe: field('url') })),
    locations: v.optional(list(LocationSchema, { itemLabel: 'Location', plural: 'locations' })),
    locale: optionalNullable(text(L.locale, { max: 16 })),
    timeZone: optionalNullable(text(L.timeZone, { max: 64 })),
    tags: v.optional(TagsSchema),
    sentiment: v.optional(SentimentSchema),
    custom: v.optional(CustomAttributesSchema),
    birthdayAt: optionalNullable(dateTime(L.birthdayAt)),
    // Nullable in Kustomer's document, but its enum has no null: null is refused.
    gender: v.optional(choice(L.gender, GENDERS)),
    createdAt: v.optional(dateTime(L.createdAt)),
    importedAt: v.optional(dateTime(L.importedAt)),
    rev: v.optional(num(L.rev)),
    defaultLang: optionalNullable(text(L.defaultLang, { max: 100 })),
  },
  L,
);

export type CustomerUpdate = v.InferOutput<typeof CustomerUpdateSchema>;
export type CustomerUpdateField = keyof CustomerUpdate;

// ---------------------------------------------------------------------------------------------
// Validation for callers


type AnyIssue = v.BaseIssue<unknown> & { path?: readonly { key: unknown }[] | undefined };

function issuePath(issue: AnyIssue): string {
  const keys = (issue.path ?? []).map((step) => String(step.key));
  // An unknown key belongs to the object that holds it: report it there (and so does
  // "sentiment needs both…", which valibot reports on each missing key).
  if (issue.type === 'strict_object' && (issue.expected === 'never' || WHOLE_OBJECT_MESSAGES.has(issue.message))) {
    keys.pop();
  }
  return keys.join('.');
}

/** Valibot issues as FieldIssues, one per path and message. */
export function toFieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const entry = { path: issuePath(issue as AnyIssue), message: issue.message };
    const key = `${entry.path}\u0000${entry.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}

/**
 * Checks a PATCH body against Kustomer's request schema (and its 100 kB limit).
 * Never throws.
 */
export function validateCustomerUpdate(
  input: unknown,
): { success: true; output: CustomerUpdate } | { success: false; issues: FieldIssue[] } {
  let result: v.SafeParseResult<typeof CustomerUpdateSchema>;
  try {
    result = v.safeParse(CustomerUpdateSchema, input);
  } catch (error) {
    return { success: false, issues: [{ path: '', message: `The update could not be checked (${String(error)})` }] };
  }
  if (!result.success) return { success: false, issues: toFieldIssues(result.issues) };
  let bytes: number;
  try {
    bytes = new TextEncoder().encode(JSON.stringify(result.output)).length;
  } catch {
    return { success: false, issues: [{ path: '', message: 'The update cannot be sent as JSON' }] };
  }
  if (bytes > MAX_BODY_BYTES) {
    return {
      success: false,
      issues: [{ path: '', message: `The update is too large (${Math.ceil(bytes / 1024)} kB): Kustomer takes at most 100 kB` }],
    };
  }
  return { success: true, output: result.output };
}
