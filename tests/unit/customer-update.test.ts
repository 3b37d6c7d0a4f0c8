// @vitest-environment node
// (node: the sandbox's Ajv validator reads Kustomer's OpenAPI document with a file URL.)
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { validateCustomerUpdate as kustomerVerdict } from '../../sandbox/openapi.mjs';
import {
  CustomerUpdateSchema,
  CustomAttributesSchema,
  EmailAddressSchema,
  EmailSchema,
  LocationSchema,
  MAX_LIST_ITEMS,
  MAX_TAGS,
  PhoneNumberSchema,
  PhoneSchema,
  SentimentSchema,
  TAG_PATTERN,
  TagSchema,
  TagsSchema,
  customAttributeKind,
  tagProblem,
  validateCustomAttribute,
  validateCustomerUpdate,
  validateTag,
  type CustomerUpdate,
} from '@/utils/kustomer/patch';

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const hex24 = (i: number) => i.toString(16).padStart(24, '0');

/** Every field at once, as an agent could send it. */
const FULL_BODY = {
  name: 'John Smith Jr.',
  company: '5b3a6d8f1c2e4a0012345678',
  externalId: 'my-customer-database-id',
  externalIds: [{ externalId: 'my-customer-database-id', verified: true }, { externalId: 'crm-42' }],
  sharedExternalIds: [{ externalId: 'household-7', verified: false }],
  username: 'jsmith',
  signedUpAt: '2016-11-07T23:20:29.080Z',
  lastActivityAt: '2016-11-09T04:47:07.036Z',
  lastCustomerActivityAt: '2016-11-07T23:23:51.582Z',
  lastSeenAt: '2016-11-07T23:23:51+01:00',
  avatarUrl: 'https://cdn.example.com/avatars/jsmith.png',
  emails: [
    { email: 'johnsmith@example.com', type: 'home', verified: true },
    { email: 'john.smith@work.example', type: 'work' },
    { email: 'js@other.example', type: 'other' },
  ],
  sharedEmails: [{ email: 'family@example.com', type: 'home', verified: false }],
  phones: [
    { phone: '+18005551212', type: 'work' },
    { phone: '+1 (555) 123-4567', type: 'mobile', verified: true },
    { phone: '555.123.4567', type: 'home' },
    { phone: '0044 20 7946 0958', type: 'fax' },
    { phone: '12345', type: 'other' },
  ],
  sharedPhones: [{ phone: '+15550001111', type: 'home' }],
  whatsapps: [{ phone: '+15550002222', type: 'mobile', verified: true }],
  facebookIds: [{ pageId: '1234567890', userId: '987654321', name: 'John Smith' }],
  instagramIds: [{ pageId: '111', threadId: '222', username: 'jsmith', instagramId: '333' }],
  socials: [
    { type: 'twitter', userid: '1234', username: '@johnsmith', url: 'http://twitter.com/johnsmith', verified: true },
    { type: 'linkedin', username: 'john-smith' },
  ],
  sharedSocials: [{ type: 'facebook', username: 'smith.family' }],
  urls: [{ url: 'https://kustomer.com', type: 'website' }, { url: 'http://blog.example.com/posts?id=1', type: 'blog' }],
  locations: [
    {
      type: 'work',
      name: 'Office',
      address: '530 7th Ave',
      address2: 'Floor 12',
      address3: null,
      latitude: 40.7539,
      longitude: -73.9886,
      countryCode: 'US',
      countryName: 'United States',
      regionCode: 'NY',
      regionName: 'New York',
      cityName: 'New York',
      zipCode: '10018',
      areaCode: '212',
    },
    {},
  ],
  locale: 'en_US',
  timeZone: 'America/New_York',
  tags: ['cool customer', 'nice', 'VIP', 'vip', 'Ärger_ö', '<b>', 'a/b-c.d', hex24(1)],
  sentiment: { polarity: 1, confidence: 0.649023 },
  custom: {
    lifetimeValueNum: 1234.5,
    renewalAt: '2024-02-29T12:00:00Z',
    planStr: 'Enterprise',
    notesTxt: 'Prefers email.',
    isVipBool: true,
    portalUrl: 'https://portal.example.com/u/42',
    accountId: 'acct_42',
    ordersId: ['o1', 'o2'],
    churn_riskNum: null,
  },
  birthdayAt: '1990-05-17T00:00:00.000Z',
  gender: 'm',
  createdAt: '2016-11-07T23:20:29.080Z',
  importedAt: '2016-11-08T00:00:00Z',
  rev: 37,
  defaultLang: 'en_us',
};

type Row = [description: string, body: unknown, valid: boolean];

const VALID: Row[] = [
  ['an empty body', {}, true],
  ['every field at once', FULL_BODY, true],
  [
    'null for every nullable field',
    {
      name: null,
      company: null,
      externalId: null,
      username: null,
      signedUpAt: null,
      lastActivityAt: null,
      lastCustomerActivityAt: null,
      lastSeenAt: null,
      avatarUrl: null,
      locale: null,
      timeZone: null,
      birthdayAt: null,
      defaultLang: null,
    },
    true,
  ],
  ['empty arrays', { emails: [], phones: [], tags: [], locations: [], urls: [] }, true],
  ['a name of 256 characters', { name: 'a'.repeat(256) }, true],
  ['a name of 256 emoji (code points, not UTF-16 units)', { name: '😀'.repeat(256) }, true],
  ['an empty name', { name: '' }, true],
  ['a long company', { company: 'c'.repeat(5000) }, true],
  ['externalId of 256', { externalId: 'x'.repeat(256) }, true],
  ['externalIds item of 255', { externalIds: [{ externalId: 'x'.repeat(255) }] }, true],
  ['username of 256', { username: 'u'.repeat(256) }, true],
  ['date-time without fraction', { signedUpAt: '2016-11-07T23:20:29Z' }, true],
  ['date-time with lower-case t and z', { lastActivityAt: '2016-11-07t23:20:29.1z' }, true],
  ['date-time with a space and offset', { lastSeenAt: '2016-11-07 23:20:29.123456-05:00' }, true],
  ['date-time with a compact offset', { lastCustomerActivityAt: '2016-11-07T23:20:29+0530' }, true],
  ['date-time from toISOString()', { createdAt: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)).toISOString() }, true],
  ['a leap day', { birthdayAt: '2000-02-29T00:00:00Z' }, true],
  ['a leap second', { importedAt: '2016-12-31T23:59:60Z' }, true],
  ['avatarUrl with another scheme', { avatarUrl: 'urn:isbn:0451450523' }, true],
  ['avatarUrl mailto', { avatarUrl: 'mailto:someone@example.com' }, true],
  ['avatarUrl on an IP with port', { avatarUrl: 'http://10.0.0.1:8080/a.png' }, true],
  ['emails loosely shaped', { emails: [{ email: 'a@b' }, { email: 'josé@exämple.com' }, { email: 'x+tag@sub.example.co.uk' }] }, true],
  ['the same email with different types', { emails: [{ email: 'a@b.c', type: 'home' }, { email: 'a@b.c', type: 'work' }] }, true],
  ['ten emails', { emails: times(MAX_LIST_ITEMS, (i) => ({ email: `user${i}@example.com` })) }, true],
  ['a phone of 32 characters', { phones: [{ phone: `+1${'2'.repeat(30)}` }] }, true],
  ['a phone of 3 digits', { sharedPhones: [{ phone: '112' }] }, true],
  ['a whatsapp without type', { whatsapps: [{ phone: '+447700900123' }] }, true],
  ['facebookIds without name', { facebookIds: [{ pageId: '', userId: '' }] }, true],
  ['instagramIds minimal', { instagramIds: [{ pageId: 'p', threadId: 't', username: 'u' }] }, true],
  ['socials for every network', { socials: ['twitter', 'facebook', 'instagram', 'linkedin', 'pinterest'].map((type) => ({ type, username: type })) }, true],
  ['sharedSocials with url', { sharedSocials: [{ type: 'pinterest', username: 'p', url: 'https://pinterest.com/p' }] }, true],
  ['urls ftp and other', { urls: [{ url: 'ftp://files.example.org/a.txt', type: 'other' }, { url: 'https://例子.测试' }] }, true],
  ['a location of only nulls', { locations: [{ type: 'home', name: null, latitude: null, longitude: null, countryCode: null }] }, true],
  ['a country code of two emoji (two code points)', { locations: [{ countryCode: '😀😀' }] }, true],
  ['locale of 16 and timeZone of 64', { locale: 'l'.repeat(16), timeZone: 't'.repeat(64) }, true],
  ['20 tags', { tags: times(MAX_TAGS, (i) => `tag-${i}`) }, true],
  ['a tag of 64 characters', { tags: ['t'.repeat(64)] }, true],
  ['tags that differ only in case', { tags: ['VIP', 'vip'] }, true],
  ['a tag with inner and trailing spaces', { tags: ['needs follow up '] }, true],
  ['tags with À-ÿ (× and ÷ are in the range)', { tags: ['À', 'ÿ', '×÷'] }, true],
  ['sentiment at the limits', { sentiment: { polarity: -1, confidence: -1 } }, true],
  ['sentiment neutral', { sentiment: { polarity: 0, confidence: 1 } }, true],
  ['custom values for every suffix', { custom: FULL_BODY.custom }, true],
  [
    'custom nulls for every suffix',
    { custom: { aNum: null, bAt: null, cStr: null, dTxt: null, eBool: null, fUrl: null, gId: null } },
    true,
  ],
  ['custom ids as an empty list', { custom: { relatedId: [] } }, true],
  ['custom text of 1024', { custom: { bioTxt: 'x'.repeat(1024) } }, true],
  ['custom with 100 attributes', { custom: Object.fromEntries(times(100, (i) => [`field${i}Num`, i])) }, true],
  ['custom empty', { custom: {} }, true],
  ['gender f', { gender: 'f' }, true],
  ['rev 0 and fractional', { rev: 0.5 }, true],
  ['defaultLang of 100', { defaultLang: 'd'.repeat(100) }, true],
  ['a key holding undefined', { name: undefined }, true],
];

const INVALID: Row[] = [
  // the body
  ['null', null, false],
  ['an array', [], false],
  ['a string', '{"name":"x"}', false],
  ['a number', 42, false],
  ['an unknown field', { foo: 1 }, false],
  ['a read-only attribute (displayName)', { displayName: 'John' }, false],
  ['a key named __proto__', JSON.parse('{"__proto__": {"name": "x"}}'), false],
  ['an unknown field holding undefined', { nope: undefined }, false],
  // strings
  ['name of 257', { name: 'a'.repeat(257) }, false],
  ['name of 257 emoji', { name: '😀'.repeat(257) }, false],
  ['name a number', { name: 42 }, false],
  ['company a number', { company: 1 }, false],
  ['company an object', { company: { id: 'x' } }, false],
  ['externalId empty', { externalId: '' }, false],
  ['externalId of 257', { externalId: 'x'.repeat(257) }, false],
  ['username of 257', { username: 'u'.repeat(257) }, false],
  ['locale of 17', { locale: 'l'.repeat(17) }, false],
  ['timeZone of 65', { timeZone: 't'.repeat(65) }, false],
  ['defaultLang of 101', { defaultLang: 'd'.repeat(101) }, false],
  // dates
  ['signedUpAt in words', { signedUpAt: 'yesterday' }, false],
  ['lastActivityAt a date only', { lastActivityAt: '2016-11-07' }, false],
  ['lastCustomerActivityAt without a time zone', { lastCustomerActivityAt: '2016-11-07T23:20:29' }, false],
  ['lastSeenAt on 30 February', { lastSeenAt: '2016-02-30T00:00:00Z' }, false],
  ['birthdayAt 29 February of a common year', { birthdayAt: '2019-02-29T00:00:00Z' }, false],
  ['birthdayAt a timestamp number', { birthdayAt: 1478560829080 }, false],
  ['createdAt null (not nullable)', { createdAt: null }, false],
  ['importedAt at hour 24', { importedAt: '2016-11-07T24:00:00Z' }, false],
  ['createdAt with minutes 60', { createdAt: '2016-11-07T23:60:00Z' }, false],
  ['createdAt a leap second at the wrong time', { createdAt: '2016-12-31T22:59:60Z' }, false],
  ['createdAt with two separators', { createdAt: '2016-11-07T23:20:29Z 2016' }, false],
  // uri
  ['avatarUrl relative', { avatarUrl: 'cdn.example.com/a.png' }, false],
  ['avatarUrl a path', { avatarUrl: '/avatar.png' }, false],
  ['avatarUrl with a space', { avatarUrl: 'http://exa mple.com/a.png' }, false],
  ['avatarUrl a number', { avatarUrl: 5 }, false],
  ['socials url relative', { socials: [{ type: 'twitter', username: 'x', url: 'twitter.com/x' }] }, false],
  // externalIds
  ['externalIds item without externalId', { externalIds: [{ verified: true }] }, false],
  ['externalIds item empty', { externalIds: [{ externalId: '' }] }, false],
  ['externalIds item of 256', { externalIds: [{ externalId: 'x'.repeat(256) }] }, false],
  ['externalIds verified a string', { externalIds: [{ externalId: 'x', verified: 'yes' }] }, false],
  ['externalIds an unknown key', { externalIds: [{ externalId: 'x', id: null }] }, false],
  ['externalIds not a list', { externalIds: { externalId: 'x' } }, false],
  ['externalIds 11 items', { externalIds: times(11, (i) => ({ externalId: `x${i}` })) }, false],
  ['sharedExternalIds duplicates', { sharedExternalIds: [{ externalId: 'x' }, { externalId: 'x' }] }, false],
  ['sharedExternalIds null', { sharedExternalIds: null }, false],
  // emails
  ['emails not an email', { emails: [{ email: 'not-an-email' }] }, false],
  ['emails with a space', { emails: [{ email: 'a b@c.d' }] }, false],
  ['emails with two @', { emails: [{ email: 'a@b@c' }] }, false],
  ['emails with <>', { emails: [{ email: '<a@b.c>' }] }, false],
  ['emails empty', { emails: [{ email: '' }] }, false],
  ['emails without email', { emails: [{ type: 'home' }] }, false],
  ['emails type unknown', { emails: [{ email: 'a@b.c', type: 'personal' }] }, false],
  ['emails verified a string', { emails: [{ email: 'a@b.c', verified: 'true' }] }, false],
  ['emails an unknown key (id, as read)', { emails: [{ email: 'a@b.c', id: null }] }, false],
  ['emails as strings', { emails: ['a@b.c'] }, false],
  ['emails an array item', { emails: [[]] }, false],
  ['emails 11 items', { emails: times(11, (i) => ({ email: `user${i}@example.com` })) }, false],
  ['emails duplicates (key order ignored)', { emails: [{ email: 'a@b.c', type: 'home' }, { type: 'home', email: 'a@b.c' }] }, false],
  ['emails null', { emails: null }, false],
  ['sharedEmails not an email', { sharedEmails: [{ email: 'family' }] }, false],
  // phones
  ['phones too short', { phones: [{ phone: '12' }] }, false],
  ['phones letters', { phones: [{ phone: 'call me' }] }, false],
  ['phones starting with (', { phones: [{ phone: '(555) 123' }] }, false],
  ['phones of 33 characters', { phones: [{ phone: `+1${'2'.repeat(31)}` }] }, false],
  ['phones a number', { phones: [{ phone: 18005551212 }] }, false],
  ['phones type cell', { phones: [{ phone: '+15551234567', type: 'cell' }] }, false],
  ['phones without phone', { phones: [{ type: 'home' }] }, false],
  ['phones 11 items', { phones: times(11, (i) => ({ phone: `+1555000000${i}` })) }, false],
  ['phones duplicates', { phones: [{ phone: '+15551234567' }, { phone: '+15551234567' }] }, false],
  ['sharedPhones type pager', { sharedPhones: [{ phone: '+15551234567', type: 'pager' }] }, false],
  ['whatsapps type home', { whatsapps: [{ phone: '+15551234567', type: 'home' }] }, false],
  ['whatsapps not a number', { whatsapps: [{ phone: 'whatsapp' }] }, false],
  // facebook, instagram, socials
  ['facebookIds without userId', { facebookIds: [{ pageId: 'p' }] }, false],
  ['facebookIds pageId of 256', { facebookIds: [{ pageId: 'p'.repeat(256), userId: 'u' }] }, false],
  ['facebookIds an unknown key', { facebookIds: [{ pageId: 'p', userId: 'u', psid: 'x' }] }, false],
  ['instagramIds without username', { instagramIds: [{ pageId: 'p', threadId: 't' }] }, false],
  ['instagramIds instagramId of 256', { instagramIds: [{ pageId: 'p', threadId: 't', username: 'u', instagramId: 'i'.repeat(256) }] }, false],
  ['socials network unknown', { socials: [{ type: 'tiktok', username: 'x' }] }, false],
  ['socials username empty', { socials: [{ type: 'twitter', username: '' }] }, false],
  ['socials without type', { socials: [{ username: 'x' }] }, false],
  ['socials userid of 257', { socials: [{ type: 'twitter', username: 'x', userid: 'u'.repeat(257) }] }, false],
  ['sharedSocials without username', { sharedSocials: [{ type: 'twitter' }] }, false],
  // urls
  ['urls without scheme', { urls: [{ url: 'kustomer.com' }] }, false],
  ['urls localhost', { urls: [{ url: 'http://localhost:3000' }] }, false],
  ['urls a private IP', { urls: [{ url: 'http://192.168.1.1' }] }, false],
  ['urls mailto', { urls: [{ url: 'mailto:x@example.com' }] }, false],
  ['urls type shop', { urls: [{ url: 'https://kustomer.com', type: 'shop' }] }, false],
  ['urls without url', { urls: [{ type: 'blog' }] }, false],
  // locations
  ['locations type null (nullable, but the enum has no null)', { locations: [{ type: null }] }, false],
  ['locations type unknown', { locations: [{ type: 'vacation' }] }, false],
  ['locations countryCode of 3', { locations: [{ countryCode: 'USA' }] }, false],
  ['locations countryCode of 1', { locations: [{ countryCode: 'U' }] }, false],
  ['locations regionCode of 3', { locations: [{ regionCode: 'NYC' }] }, false],
  ['locations latitude a string', { locations: [{ latitude: '40.7' }] }, false],
  ['locations address of 257', { locations: [{ address: 'a'.repeat(257) }] }, false],
  ['locations an unknown key', { locations: [{ street: 'Main St' }] }, false],
  ['locations duplicates', { locations: [{}, {}] }, false],
  ['locations an array item', { locations: [[]] }, false],
  // tags
  ['tags a string', { tags: 'vip' }, false],
  ['tags 21', { tags: times(21, (i) => `tag-${i}`) }, false],
  ['tags duplicates', { tags: ['vip', 'vip'] }, false],
  ['tags leading space', { tags: [' vip'] }, false],
  ['tags a comma', { tags: ['a,b'] }, false],
  ['tags empty', { tags: [''] }, false],
  ['tags of 65', { tags: ['t'.repeat(65)] }, false],
  ['tags a number', { tags: [7] }, false],
  ['tags an emoji', { tags: ['party😀'] }, false],
  ['tags a letter beyond ÿ', { tags: ['Ł'] }, false],
  ['tags a tab', { tags: ['a\tb'] }, false],
  // sentiment
  ['sentiment empty', { sentiment: {} }, false],
  ['sentiment without confidence', { sentiment: { polarity: 1 } }, false],
  ['sentiment without polarity', { sentiment: { confidence: 0.5 } }, false],
  ['sentiment polarity 0.5', { sentiment: { polarity: 0.5, confidence: 0.5 } }, false],
  ['sentiment polarity a string', { sentiment: { polarity: '1', confidence: 0.5 } }, false],
  ['sentiment confidence 2', { sentiment: { polarity: 1, confidence: 2 } }, false],
  ['sentiment confidence -1.5', { sentiment: { polarity: -1, confidence: -1.5 } }, false],
  ['sentiment an unknown key', { sentiment: { polarity: 1, confidence: 1, magnitude: 3 } }, false],
  ['sentiment null', { sentiment: null }, false],
  ['sentiment a list', { sentiment: [1, 0.5] }, false],
  // custom
  ['custom null', { custom: null }, false],
  ['custom a list', { custom: [] }, false],
  ['custom without a suffix', { custom: { plan: 'gold' } }, false],
  ['custom a lower-case suffix', { custom: { planstr: 'gold' } }, false],
  ['custom a name starting with _', { custom: { _scoreNum: 1 } }, false],
  ['custom a name starting with a digit', { custom: { '1scoreNum': 1 } }, false],
  ['custom a bare suffix', { custom: { Num: 1 } }, false],
  ['custom a name with a dash', { custom: { 'lead-scoreNum': 1 } }, false],
  ['custom Num a string', { custom: { scoreNum: '5' } }, false],
  ['custom At not a date-time', { custom: { renewalAt: '2024-02-30T00:00:00Z' } }, false],
  ['custom Str of 1025', { custom: { planStr: 'x'.repeat(1025) } }, false],
  ['custom Txt a number', { custom: { notesTxt: 5 } }, false],
  ['custom Bool a string', { custom: { vipBool: 'true' } }, false],
  ['custom Url relative', { custom: { portalUrl: 'portal.example.com' } }, false],
  ['custom Id a number', { custom: { accountId: 42 } }, false],
  ['custom Id a list with a number', { custom: { ordersId: ['o1', 2] } }, false],
  ['custom Id an object', { custom: { accountId: { id: 'x' } } }, false],
  ['custom with 101 attributes', { custom: Object.fromEntries(times(101, (i) => [`field${i}Num`, i])) }, false],
  // gender, rev
  ['gender male', { gender: 'male' }, false],
  ['gender upper-case', { gender: 'M' }, false],
  ['gender null (nullable, but the enum has no null)', { gender: null }, false],
  ['rev a string', { rev: '37' }, false],
  ['rev null', { rev: null }, false],
];

function verdict(body: unknown): boolean {
  return v.safeParse(CustomerUpdateSchema, body).success;
}

describe('CustomerUpdateSchema agrees with Kustomer’s OpenAPI schema (Ajv)', () => {
  it.each([...VALID, ...INVALID])('%s', (_description, body, valid) => {
    const ajv = kustomerVerdict(body);
    expect(ajv.valid, `Ajv: ${JSON.stringify(ajv.valid ? [] : ajv.errors)}`).toBe(valid);
    const result = v.safeParse(CustomerUpdateSchema, body);
    expect(result.success, `valibot: ${JSON.stringify(result.issues?.map((i) => i.message))}`).toBe(ajv.valid);
    expect(validateCustomerUpdate(body).success).toBe(ajv.valid);
  });

  it('covers every field of the request schema at least once, valid and invalid', async () => {
    const { customerUpdateRequestSchema } = await import('../../sandbox/openapi.mjs');
    const fields = Object.keys(customerUpdateRequestSchema.properties as object).sort();
    const keysOf = (rows: Row[]) => new Set(rows.flatMap(([, body]) => (body && typeof body === 'object' ? Object.keys(body) : [])));
    const validKeys = keysOf(VALID);
    const invalidKeys = keysOf(INVALID);
    expect(fields.filter((f) => !validKeys.has(f))).toEqual([]);
    expect(fields.filter((f) => !invalidKeys.has(f))).toEqual([]);
    // and the schema knows exactly those fields
    const known = (key: string) => v.safeParse(CustomerUpdateSchema, { [key]: undefined }).success;
    expect(fields.filter((f) => !known(f))).toEqual([]);
    expect(known('displayName')).toBe(false);
  });

  it('gives the body back unchanged when valid (nothing stripped or converted)', () => {
    const result = validateCustomerUpdate(structuredClone(FULL_BODY));
    expect(result.success).toBe(true);
    if (result.success) expect(JSON.parse(JSON.stringify(result.output))).toEqual(FULL_BODY);
  });

  it('agrees with Ajv on generated bodies', () => {
    // Seeded, so a failure is reproducible: each body mixes a few fields, valid or not.
    let seed = 20240229;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const candidates = new Map<string, unknown[]>();
    for (const [, body] of [...VALID, ...INVALID]) {
      if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
      for (const [key, value] of Object.entries(body)) {
        if (value === undefined) continue;
        candidates.set(key, [...(candidates.get(key) ?? []), value]);
      }
    }
    const keys = [...candidates.keys()];
    let disagreements: string[] = [];
    let valid = 0;
    for (let n = 0; n < 600; n++) {
      const body: Record<string, unknown> = {};
      const count = 1 + Math.floor(random() * 4);
      for (let k = 0; k < count; k++) {
        const key = pick(keys);
        body[key] = pick(candidates.get(key)!);
      }
      const ajv = kustomerVerdict(body).valid;
      if (ajv) valid++;
      if (verdict(body) !== ajv) disagreements.push(JSON.stringify(body).slice(0, 300));
    }
    disagreements = disagreements.slice(0, 5);
    expect(disagreements).toEqual([]);
    expect(valid).toBeGreaterThan(30); // the mix is not all invalid
  });
});

describe('values JSON cannot carry', () => {
  // Ajv judges the JS value; Kustomer gets JSON.stringify of it, where NaN and Infinity become null.
  it.each([
    ['rev NaN', { rev: Number.NaN }],
    ['rev Infinity', { rev: Number.POSITIVE_INFINITY }],
    ['latitude NaN', { locations: [{ latitude: Number.NaN }] }],
    ['sentiment confidence NaN', { sentiment: { polarity: 1, confidence: Number.NaN } }],
  ])('%s is refused, as Kustomer would refuse what JSON makes of it', (_d, body) => {
    expect(verdict(body)).toBe(false);
    const wire = JSON.parse(JSON.stringify(body));
    // where null is not allowed, Ajv on the wire body agrees
    if (!('locations' in body)) expect(kustomerVerdict(wire).valid).toBe(false);
  });

  it('refuses a non-finite custom number rather than sending null', () => {
    expect(verdict({ custom: { scoreNum: Number.POSITIVE_INFINITY } })).toBe(false);
  });

  it('counts keys holding undefined as absent when finding duplicates (JSON drops them)', () => {
    const body = { emails: [{ email: 'a@b.c', type: undefined }, { email: 'a@b.c' }] };
    expect(verdict(body)).toBe(false);
    expect(kustomerVerdict(JSON.parse(JSON.stringify(body))).valid).toBe(false);
  });
});

describe('validateCustomerUpdate messages and paths', () => {
  const issues = (body: unknown) => {
    const result = validateCustomerUpdate(body);
    if (result.success) throw new Error('expected a failure');
    return result.issues;
  };

  it('names unknown fields at the level where they are', () => {
    expect(issues({ foo: 1 })).toEqual([{ path: '', message: 'Unknown field "foo"' }]);
    expect(issues({ foo: 1, bar: 2, name: 'x' })).toEqual([{ path: '', message: 'Unknown fields "foo", "bar"' }]);
    expect(issues({ emails: [{ email: 'a@b.c', id: null }] })).toEqual([
      { path: 'emails.0', message: 'Email has unknown field "id"' },
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(issues([])).toEqual([{ path: '', message: 'The update must be an object' }]);
    expect(issues(null)).toEqual([{ path: '', message: 'The update must be an object' }]);
  });

  it('points at tags', () => {
    expect(issues({ tags: ['ok', ' vip'] })).toEqual([
      { path: 'tags.1', message: 'Tag " vip" must start with a letter, digit or one of _ / < > - .' },
    ]);
    expect(issues({ tags: times(21, (i) => `t${i}`) })).toEqual([{ path: 'tags', message: 'At most 20 tags' }]);
    expect(issues({ tags: ['a', 'b', 'a'] })).toEqual([{ path: 'tags.2', message: 'Tag "a" is listed twice' }]);
  });

  it('points at emails and phones', () => {
    expect(issues({ emails: [{ email: 'ok@example.com' }, { email: 'not-an-email' }] })).toEqual([
      { path: 'emails.1.email', message: '"not-an-email" is not an email address' },
    ]);
    expect(issues({ emails: [{ type: 'home' }] })).toEqual([{ path: 'emails.0.email', message: 'Email address is required' }]);
    expect(issues({ emails: [{ email: 'a@b.c', type: 'personal' }] })).toEqual([
      { path: 'emails.0.type', message: 'Email type must be home, work or other, not "personal"' },
    ]);
    expect(issues({ phones: times(11, (i) => ({ phone: `+1555000000${i}` })) })).toEqual([
      { path: 'phones', message: 'At most 10 phones' },
    ]);
    const [phone] = issues({ phones: [{ phone: 'call me' }] });
    expect(phone?.path).toBe('phones.0.phone');
    expect(phone?.message).toMatch(/^"call me" is not a phone number/);
  });

  it('explains sentiment, dates, URLs and lengths', () => {
    expect(issues({ sentiment: { polarity: 1 } })).toEqual([
      { path: 'sentiment', message: 'sentiment needs both polarity and confidence' },
    ]);
    expect(issues({ sentiment: {} })).toEqual([{ path: 'sentiment', message: 'sentiment needs both polarity and confidence' }]);
    expect(issues({ sentiment: { polarity: 1, confidence: 3 } })).toEqual([
      { path: 'sentiment.confidence', message: 'Sentiment confidence must be between -1 and 1' },
    ]);
    expect(issues({ signedUpAt: 'yesterday' })).toEqual([
      { path: 'signedUpAt', message: 'Signed up must be a date and time like 2016-11-07T23:20:29.080Z, not "yesterday"' },
    ]);
    expect(issues({ avatarUrl: 'cdn/a.png' })[0]?.message).toBe(
      'Avatar URL must be a full URL like https://example.com/page, not "cdn/a.png"',
    );
    expect(issues({ name: 'a'.repeat(300) })).toEqual([{ path: 'name', message: 'Name must be at most 256 characters (it has 300)' }]);
    expect(issues({ externalId: '' })).toEqual([{ path: 'externalId', message: 'External ID cannot be empty' }]);
    expect(issues({ gender: null })).toEqual([{ path: 'gender', message: 'Gender must be m or f, not null' }]);
  });

  it('names custom attributes and the allowed suffixes', () => {
    expect(issues({ custom: { plan: 'gold' } })).toEqual([
      {
        path: 'custom.plan',
        message: 'Custom attribute "plan" has no known type: its name must end in Num, At, Str, Txt, Bool, Url or Id',
      },
    ]);
    expect(issues({ custom: { scoreNum: '5', renewalAt: 'soon' } })).toEqual([
      { path: 'custom.scoreNum', message: 'Custom attribute "scoreNum" must be a number' },
      {
        path: 'custom.renewalAt',
        message: 'Custom attribute "renewalAt" must be a date and time like 2016-11-07T23:20:29.080Z, not "soon"',
      },
    ]);
    expect(issues({ custom: Object.fromEntries(times(101, (i) => [`f${i}Bool`, true])) })).toEqual([
      { path: 'custom', message: 'At most 100 custom attributes' },
    ]);
  });

  it('reports every problem, not only the first', () => {
    const found = issues({ name: 5, tags: [''], emails: [{ email: 'x' }], rev: 'x' });
    expect(found.map((i) => i.path)).toEqual(['name', 'emails.0.email', 'tags.0', 'rev']);
  });

  it('keeps long values short in messages', () => {
    const [issue] = issues({ emails: [{ email: 'x'.repeat(10_000) }] });
    expect(issue!.message.length).toBeLessThan(120);
  });

  it('refuses a body over Kustomer’s 100 kB limit that the schema alone would take', () => {
    const body = { custom: Object.fromEntries(times(100, (i) => [`note${i}Txt`, 'x'.repeat(1024)])) };
    expect(verdict(body)).toBe(true);
    expect(kustomerVerdict(body).valid).toBe(true);
    const [issue, ...rest] = issues(body);
    expect(rest).toEqual([]);
    expect(issue?.path).toBe('');
    expect(issue?.message).toMatch(/^The update is too large \(10\d kB\): Kustomer takes at most 100 kB$/);
  });

  it('never throws', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.custom = cyclic;
    const hostile = [undefined, Symbol('x'), () => 1, new Date(), cyclic, { tags: new Proxy([], {}) }];
    for (const input of hostile) expect(() => validateCustomerUpdate(input)).not.toThrow();
    const throwing = new Proxy({}, { ownKeys: () => { throw new Error('boom'); } });
    expect(validateCustomerUpdate(throwing).success).toBe(false);
  });

  it('types the output', () => {
    const result = validateCustomerUpdate({ tags: ['a'], rev: 3 });
    if (!result.success) throw new Error('expected success');
    const update: CustomerUpdate = result.output;
    expect(update.tags).toEqual(['a']);
    expect(update.rev).toBe(3);
  });
});

describe('tags', () => {
  it('tagProblem agrees with TAG_PATTERN and with Ajv on many strings', () => {
    const alphabet = ['a', 'Z', '0', ' ', '_', '/', '<', '>', '-', '.', 'À', 'ÿ', ',', '!', '#', 'Ł', '😀', '\t', '\u00BF', '\u0100'];
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const samples = ['', ' ', 'a', 't'.repeat(64), 't'.repeat(65), ' a', 'a ', '-', '.hidden'];
    for (let n = 0; n < 2000; n++) {
      const length = Math.floor(random() * 6) + (random() < 0.05 ? 62 : 0);
      samples.push(times(length, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    }
    for (const tag of samples) {
      const ok = TAG_PATTERN.test(tag);
      expect(tagProblem(tag) === undefined, JSON.stringify(tag)).toBe(ok);
      expect(v.safeParse(TagSchema, tag).success, JSON.stringify(tag)).toBe(ok);
      expect(kustomerVerdict({ tags: [tag] }).valid, JSON.stringify(tag)).toBe(ok);
    }
  });

  it('TAG_PATTERN is Kustomer’s pattern', async () => {
    const { customerUpdateRequestSchema } = await import('../../sandbox/openapi.mjs');
    const tags = (customerUpdateRequestSchema.properties as Record<string, { items: { pattern: string }; maxItems: number }>).tags!;
    const kustomers = new RegExp(tags.items.pattern, 'u');
    // same verdict for every character up to U+07FF, first and later
    for (let code = 0; code < 0x800; code++) {
      const c = String.fromCodePoint(code);
      for (const tag of [c, `a${c}`, `a${c}`.padEnd(64, c), `a${c}`.padEnd(65, c)]) {
        expect(TAG_PATTERN.test(tag), JSON.stringify(tag)).toBe(kustomers.test(tag));
      }
    }
    expect(tags.maxItems).toBe(MAX_TAGS);
  });

  it('validateTag explains each refusal', () => {
    expect(validateTag('vip', [])).toBeUndefined();
    expect(validateTag('needs follow up', ['vip'])).toBeUndefined();
    expect(validateTag('', [])).toBe('Tag cannot be empty');
    expect(validateTag(' vip', [])).toBe('Tag " vip" must start with a letter, digit or one of _ / < > - .');
    expect(validateTag('a,b', [])).toBe('Tag "a,b" has ",": tags may only use letters, digits, spaces and _ / < > - .');
    expect(validateTag('t'.repeat(65), [])).toMatch(/^Tag "t+…" is too long: at most 64 characters$/);
    expect(validateTag('vip', ['vip'])).toBe('Tag "vip" is already added');
    expect(validateTag('VIP', ['vip'])).toBe('Tag "VIP" is already added as "vip"');
    expect(validateTag('ärger', ['ÄRGER'])).toBe('Tag "ärger" is already added as "ÄRGER"');
    const full = times(MAX_TAGS, (i) => `t${i}`);
    expect(validateTag('one-more', full)).toBe('At most 20 tags');
    expect(validateTag('one-more', full.slice(1))).toBeUndefined();
  });

  it('TagsSchema takes what Kustomer takes', () => {
    expect(v.safeParse(TagsSchema, ['a', 'b']).success).toBe(true);
    expect(v.safeParse(TagsSchema, times(21, String)).success).toBe(false);
  });
});

describe('sub-schemas for forms', () => {
  it('checks one field at a time', () => {
    expect(v.safeParse(EmailAddressSchema, 'a@b.c').success).toBe(true);
    expect(v.safeParse(EmailAddressSchema, 'nope').issues?.[0]?.message).toBe('"nope" is not an email address');
    expect(v.safeParse(PhoneNumberSchema, '+1 555 123 4567').success).toBe(true);
    expect(v.safeParse(PhoneNumberSchema, 'x').success).toBe(false);
    expect(v.safeParse(EmailSchema, { email: 'a@b.c', type: 'work' }).success).toBe(true);
    expect(v.safeParse(PhoneSchema, { phone: '+15551234567', type: 'fax' }).success).toBe(true);
    expect(v.safeParse(LocationSchema, { countryCode: 'FR' }).success).toBe(true);
    expect(v.safeParse(SentimentSchema, { polarity: 0, confidence: 0 }).success).toBe(true);
    expect(v.safeParse(CustomAttributesSchema, { aNum: 1 }).success).toBe(true);
  });

  it('types custom attributes by suffix', () => {
    expect(customAttributeKind('scoreNum')).toBe('number');
    expect(customAttributeKind('renewalAt')).toBe('date-time');
    expect(customAttributeKind('planStr')).toBe('text');
    expect(customAttributeKind('notesTxt')).toBe('text');
    expect(customAttributeKind('vipBool')).toBe('boolean');
    expect(customAttributeKind('portalUrl')).toBe('url');
    expect(customAttributeKind('accountId')).toBe('id');
    expect(customAttributeKind('plan')).toBeUndefined();
    expect(customAttributeKind('Num')).toBeUndefined();
    expect(validateCustomAttribute('scoreNum', 3)).toBeUndefined();
    expect(validateCustomAttribute('scoreNum', null)).toBeUndefined();
    expect(validateCustomAttribute('vipBool', 'yes')).toBe('Custom attribute "vipBool" must be true or false');
    expect(validateCustomAttribute('9Num', 1)).toBe(
      'Custom attribute "9Num" must start with a letter and use only letters, digits and _',
    );
  });
});
