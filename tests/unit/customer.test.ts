// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_ID_PATTERN,
  customerLabel,
  isCustomerId,
  parseConversationCustomerId,
  parseCustomer,
  parseCustomerList,
  parseCustomerResource,
  type Customer,
} from '@/utils/kustomer/customer';

// Kustomer's own response examples, from its OpenAPI document.
const openapi = JSON.parse(readFileSync(new URL('../../sandbox/openapi-customers.json', import.meta.url), 'utf8'));
const example = (path: string, method = 'get'): any =>
  structuredClone(openapi.paths[path][method].responses['200'].content['application/json'].example);

const GET_EXAMPLE = example('/customers/{id}');
const PATCH_EXAMPLE = example('/customers/{id}', 'patch');
const PHONE_LOOKUP_EXAMPLE = example('/customers/phone={phone}');
const EMAIL_LOOKUP_EXAMPLE = example('/customers/email={email}');
const SEARCH_EXAMPLE = example('/customers/search', 'post');
const CONVERSATION_EXAMPLE = example('/conversations/{id}');
const ERROR_EXAMPLE = structuredClone(
  openapi.paths['/conversations/{id}'].get.responses['404'].content['application/json'].example,
);

const ID = '58210c3db0f09110006b7953';

const HTML_ERROR_PAGE = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;

/** Same value after a trip through JSON, i.e. it can cross extension messaging. */
function expectJsonSafe(value: unknown) {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  expect(() => structuredClone(value)).not.toThrow();
}

describe('parseCustomer on Kustomer’s examples', () => {
  it('reads GET /customers/{id}', () => {
    const customer = parseCustomer(GET_EXAMPLE);
    expect(customer).toEqual<Customer>({
      id: ID,
      rev: 37,
      name: 'John Smith Jr.',
      displayName: 'John Smith Jr.',
      emails: [{ email: 'abu@kustomer.com', type: 'home', verified: true }],
      phones: [],
      tags: [],
      attributes: GET_EXAMPLE.data.attributes,
    });
    expectJsonSafe(customer);
  });

  it('keeps every attribute exactly as sent, unknown ones included', () => {
    const customer = parseCustomer(PATCH_EXAMPLE)!;
    expect(customer.attributes).toEqual(PATCH_EXAMPLE.data.attributes);
    expect(Object.keys(customer.attributes)).toEqual(Object.keys(PATCH_EXAMPLE.data.attributes));
    expect(customer.attributes.conversationCounts).toEqual({ all: 3, snoozed: 0, open: 2, done: 1 });
    expect(customer.attributes.displayColor).toBe('yellow');
    // a copy: changing it does not change the document, and the other way round
    (customer.attributes.emails as unknown[]).length = 0;
    expect(PATCH_EXAMPLE.data.attributes.emails).toHaveLength(1);
  });

  it('reads the PATCH answer: phones, tags, emails without verified', () => {
    const customer = parseCustomer(PATCH_EXAMPLE)!;
    expect(customer.name).toBe('John Smith');
    expect(customer.emails).toEqual([{ email: 'johnsmith@example.com', type: 'home' }]);
    expect(customer.phones).toEqual([{ phone: '+18005551212', type: 'work' }]);
    expect(customer.tags).toEqual(['cool customer', 'nice']);
    expect(customer.rev).toBe(37);
  });

  it('reads the lookups', () => {
    expect(parseCustomer(PHONE_LOOKUP_EXAMPLE)?.phones).toEqual([{ phone: '18005551212', type: 'home' }]);
    expect(parseCustomerList(EMAIL_LOOKUP_EXAMPLE).map((c) => c.id)).toEqual([ID]);
    expect(parseCustomerList(PHONE_LOOKUP_EXAMPLE)).toEqual([parseCustomer(PHONE_LOOKUP_EXAMPLE)]);
  });

  it('reads a search answer (data as a list) with few attributes', () => {
    const customers = parseCustomerList(SEARCH_EXAMPLE);
    expect(customers.map((c) => [c.id, c.name, c.displayName, c.rev])).toEqual([
      ['576db7781126c61100824494', 'Dave Smith', 'Dave', 1],
      ['5771a9181126c611008253ff', 'Peter Johansen', 'Pete', 1],
    ]);
    expect(customers[0]!.emails).toEqual([]);
    expect(customers[0]!.phones).toEqual([]);
    expect(customers[0]!.tags).toEqual([]);
    expectJsonSafe(customers);
  });

  it('takes a one-item data list as one customer, but not two', () => {
    expect(parseCustomer({ data: [GET_EXAMPLE.data] })?.id).toBe(ID);
    expect(parseCustomer({ data: SEARCH_EXAMPLE.data })).toBeUndefined();
  });
});

describe('parseCustomerResource ids and types', () => {
  const resource = (patch: Record<string, unknown>) => ({ ...structuredClone(GET_EXAMPLE.data), ...patch });

  it('wants a 24-hex id', () => {
    expect(parseCustomerResource(resource({ id: 'not-an-id' }))).toBeUndefined();
    expect(parseCustomerResource(resource({ id: ID.slice(1) }))).toBeUndefined();
    expect(parseCustomerResource(resource({ id: `${ID}0` }))).toBeUndefined();
    expect(parseCustomerResource(resource({ id: 58210 }))).toBeUndefined();
    expect(parseCustomerResource(resource({ id: undefined }))).toBeUndefined();
    expect(parseCustomerResource(resource({ id: 'zz210c3db0f09110006b7953' }))).toBeUndefined();
    expect(parseCustomerResource(resource({ id: ` ${ID.slice(1)}` }))).toBeUndefined();
  });

  it('lower-cases an upper-case hex id', () => {
    expect(parseCustomerResource(resource({ id: ID.toUpperCase() }))?.id).toBe(ID);
  });

  it('refuses another resource type, tolerates a missing one', () => {
    expect(parseCustomerResource(CONVERSATION_EXAMPLE.data)).toBeUndefined();
    expect(parseCustomerResource(resource({ type: 'user' }))).toBeUndefined();
    expect(parseCustomerResource(resource({ type: undefined }))?.id).toBe(ID);
  });
});

describe('lenient attributes', () => {
  const withAttributes = (attributes: unknown) => parseCustomerResource({ type: 'customer', id: ID, attributes });

  it('defaults everything when attributes are missing or not an object', () => {
    const empty = { id: ID, rev: undefined, name: undefined, displayName: undefined, emails: [], phones: [], tags: [], attributes: {} };
    expect(parseCustomerResource({ id: ID })).toEqual(empty);
    for (const attributes of [null, 'attributes', 42, [], [{ name: 'x' }], true]) {
      expect(withAttributes(attributes), JSON.stringify(attributes)).toEqual(empty);
    }
  });

  it('drops wrongly typed fields to defaults and keeps them in attributes', () => {
    const attributes = {
      name: 5,
      displayName: { first: 'J' },
      rev: '37',
      emails: 'abu@kustomer.com',
      phones: { phone: '+1' },
      tags: 'vip',
    };
    const customer = withAttributes(attributes)!;
    expect(customer).toMatchObject({ name: undefined, displayName: undefined, rev: undefined, emails: [], phones: [], tags: [] });
    expect(customer.attributes).toEqual(attributes);
  });

  it('keeps the good items of a list and drops the rest', () => {
    const customer = withAttributes({
      emails: [
        null,
        5,
        [],
        { email: 5 },
        { email: '' },
        { type: 'home' },
        { email: 'a@b.c', type: 3, verified: 'yes', id: null },
        'bare@string.example',
        { email: 'x@y.z', type: 'work', verified: false },
      ],
      phones: [{ phone: 18005551212 }, { phone: '+15551234567', type: 'mobile', verified: true }, { phone: '   ' }],
      tags: [1, null, '', 'ok', { name: 'vip' }, hexTag],
    })!;
    expect(customer.emails).toEqual([
      { email: 'a@b.c' },
      { email: 'bare@string.example' },
      { email: 'x@y.z', type: 'work', verified: false },
    ]);
    expect(customer.phones).toEqual([{ phone: '+15551234567', type: 'mobile', verified: true }]);
    expect(customer.tags).toEqual(['ok', hexTag]);
  });

  it('takes rev only as a finite number', () => {
    expect(withAttributes({ rev: 0 })?.rev).toBe(0);
    expect(withAttributes({ rev: 38 })?.rev).toBe(38);
    expect(withAttributes({ rev: Number.NaN })?.rev).toBeUndefined();
    expect(withAttributes({ rev: Number.POSITIVE_INFINITY })?.rev).toBeUndefined();
    expect(withAttributes({ rev: null })?.rev).toBeUndefined();
  });

  it('keeps a "__proto__" attribute as data, without touching prototypes', () => {
    const document = JSON.parse(`{"data":{"type":"customer","id":"${ID}","attributes":{"__proto__":{"polluted":true},"name":"x"}}}`);
    const customer = parseCustomer(document)!;
    expect(Object.getPrototypeOf(customer.attributes)).toBe(Object.prototype);
    expect(Object.keys(customer.attributes)).toEqual(['__proto__', 'name']);
    expect(JSON.stringify(customer.attributes)).toBe('{"__proto__":{"polluted":true},"name":"x"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('makes values JSON cannot carry JSON-safe', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const customer = withAttributes({
      fn: () => 1,
      missing: undefined,
      big: 10n,
      sym: Symbol('s'),
      nan: Number.NaN,
      list: [1, undefined, () => 2, 'x'],
      when: new Date(Date.UTC(2020, 0, 1)),
      cyclic,
      name: 'ok',
    })!;
    expect(customer.attributes).toEqual({
      nan: null,
      list: [1, null, null, 'x'],
      when: '2020-01-01T00:00:00.000Z',
      cyclic: { a: 1 },
      name: 'ok',
    });
    expect(customer.name).toBe('ok');
    expectJsonSafe(customer);
  });
});

const hexTag = '5b3a6d8f1c2e4a0012345678';

describe('hostile documents', () => {
  const hostile: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'customer'],
    ['HTML error page text', HTML_ERROR_PAGE],
    ['a number', 404],
    ['true', true],
    ['an array', [GET_EXAMPLE]],
    ['an empty object', {}],
    ['data null', { data: null }],
    ['data a string', { data: ID }],
    ['data a number', { data: 1 }],
    ['data an empty list', { data: [] }],
    ['data without id', { data: { type: 'customer', attributes: { name: 'x' } } }],
    ['a JSON:API error document', ERROR_EXAMPLE],
    ['a Kustomer error with message', { message: 'Expired token', errors: [{ status: 401, title: 'Unauthorized' }] }],
    ['a conversation document', CONVERSATION_EXAMPLE],
  ];

  it.each(hostile)('%s: no customer, no throw', (_d, document) => {
    expect(parseCustomer(document)).toBeUndefined();
    expect(parseCustomerList(document)).toEqual([]);
    expect(parseCustomerResource(document)).toBeUndefined();
  });

  it.each(hostile.filter(([d]) => d !== 'a conversation document'))('%s: no conversation customer', (_d, document) => {
    expect(parseConversationCustomerId(document)).toBeUndefined();
  });

  it('survives throwing getters and proxies', () => {
    const getter = { data: { type: 'customer', id: ID, get attributes(): unknown { throw new Error('boom'); } } };
    expect(parseCustomer(getter)?.attributes).toEqual({});
    const trap = new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); }, has: () => { throw new Error('trap'); } });
    expect(parseCustomer(trap)).toBeUndefined();
    expect(parseCustomerList(trap)).toEqual([]);
    expect(parseConversationCustomerId(trap)).toBeUndefined();
    expect(parseCustomer({ data: { type: 'customer', id: ID, attributes: trap } })).toBeUndefined();
    const inner = { data: { type: 'customer', id: ID, attributes: { name: 'x', bad: trap } } };
    expect(() => parseCustomer(inner)).not.toThrow();
  });

  it('handles huge documents', () => {
    const bigName = 'x'.repeat(5_000_000);
    const manyTags = Array.from({ length: 100_000 }, (_, i) => `tag-${i}`);
    const manyEmails = Array.from({ length: 20_000 }, (_, i) => ({ email: `u${i}@example.com`, type: 'home', verified: false, id: null }));
    const text = JSON.stringify({
      data: { type: 'customer', id: ID, attributes: { name: bigName, tags: manyTags, emails: manyEmails } },
    });
    const started = Date.now();
    const customer = parseCustomer(JSON.parse(text))!;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(customer.name).toHaveLength(5_000_000);
    expect(customer.tags).toHaveLength(100_000);
    expect(customer.emails).toHaveLength(20_000);
    expect(customerLabel(customer)).toHaveLength(5_000_000);
  });

  it('handles very deep nesting without a stack overflow', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const customer = parseCustomerResource({ id: ID, attributes: { deep, name: 'Deep' } })!;
    expect(customer.name).toBe('Deep');
    expect(() => JSON.stringify(customer)).not.toThrow();
  });

  it('lists many customers, skipping bad entries and repeats', () => {
    const good = (i: number) => ({ type: 'customer', id: i.toString(16).padStart(24, '0'), attributes: { name: `C${i}` } });
    const data = [good(1), null, 'x', { id: 'nope' }, good(2), good(1), CONVERSATION_EXAMPLE.data, ...Array.from({ length: 1000 }, (_, i) => good(i + 10))];
    const customers = parseCustomerList({ data });
    expect(customers).toHaveLength(1002);
    expect(customers.slice(0, 2).map((c) => c.name)).toEqual(['C1', 'C2']);
  });
});

describe('parseConversationCustomerId', () => {
  it('reads Kustomer’s conversation example', () => {
    expect(parseConversationCustomerId(CONVERSATION_EXAMPLE)).toBe(ID);
  });

  it('wants a customer relationship with a 24-hex id', () => {
    const withCustomer = (customer: unknown) => ({ data: { type: 'conversation', id: 'c'.repeat(24), relationships: { customer } } });
    expect(parseConversationCustomerId(withCustomer({ data: { type: 'customer', id: ID.toUpperCase() } }))).toBe(ID);
    expect(parseConversationCustomerId(withCustomer({ data: { id: ID } }))).toBe(ID);
    expect(parseConversationCustomerId(withCustomer({ data: { type: 'user', id: ID } }))).toBeUndefined();
    expect(parseConversationCustomerId(withCustomer({ data: { type: 'customer', id: 'nope' } }))).toBeUndefined();
    expect(parseConversationCustomerId(withCustomer({ data: null }))).toBeUndefined();
    expect(parseConversationCustomerId(withCustomer({ links: { self: `/v1/customers/${ID}` } }))).toBeUndefined();
    expect(parseConversationCustomerId(withCustomer(undefined))).toBeUndefined();
    expect(parseConversationCustomerId({ data: { relationships: null } })).toBeUndefined();
    expect(parseConversationCustomerId({ data: [CONVERSATION_EXAMPLE.data] })).toBeUndefined();
  });
});

describe('customerLabel', () => {
  const base: Customer = { id: ID, rev: 1, name: undefined, displayName: undefined, emails: [], phones: [], tags: [], attributes: {} };

  it('falls back from name to display name, email, phone, id', () => {
    const full = { ...base, name: 'John', displayName: 'Johnny', emails: [{ email: 'j@x.com' }], phones: [{ phone: '+1555' }] };
    expect(customerLabel(full)).toBe('John');
    expect(customerLabel({ ...full, name: undefined })).toBe('Johnny');
    expect(customerLabel({ ...full, name: '  ', displayName: '' })).toBe('j@x.com');
    expect(customerLabel({ ...full, name: undefined, displayName: undefined, emails: [] })).toBe('+1555');
    expect(customerLabel(base)).toBe(ID);
  });

  it('labels Kustomer’s examples', () => {
    expect(customerLabel(parseCustomer(GET_EXAMPLE)!)).toBe('John Smith Jr.');
    expect(customerLabel(parseCustomerResource({ id: ID, attributes: { emails: [{ email: 'only@mail.example' }] } })!)).toBe(
      'only@mail.example',
    );
  });
});

describe('customer ids', () => {
  it('isCustomerId', () => {
    expect(isCustomerId(ID)).toBe(true);
    expect(isCustomerId(ID.toUpperCase())).toBe(false);
    expect(isCustomerId(`${ID}\n`)).toBe(false);
    expect(isCustomerId('')).toBe(false);
    expect(isCustomerId(42 as unknown as string)).toBe(false);
    expect(CUSTOMER_ID_PATTERN.test('0123456789abcdef01234567')).toBe(true);
  });
});
