// @vitest-environment node
// The Kustomer sandbox over real HTTPS: every request goes to 127.0.0.1 with the Host header
// a browser would send for Kustomer's hosts.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureCertificate } from '../../sandbox/certificate.mjs';
import { maskText, SANDBOX_ORG, startSandbox, tagId, type Sandbox } from '../../sandbox/server.mjs';
import { API, PAGES, sandboxCaller, type CallOptions, type Reply } from './support/sandbox-http';

let sandbox: Sandbox;
let ada: string;
let grace: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  [ada, grace] = sandbox.customerIds as [string, string];
});
afterAll(() => sandbox?.close());
beforeEach(() => sandbox.reset());

const call = sandboxCaller(() => sandbox.port);

const get = (path: string, options: CallOptions = {}) => call('GET', path, { key: sandbox.keys.admin, ...options });
const patch = (id: string, body: unknown, options: CallOptions = {}) =>
  call('PATCH', `/v1/customers/${id}`, { key: sandbox.keys.admin, body, ...options });

function decodeJwtPayload(key: string): Record<string, any> {
  const parts = key.split('.');
  expect(parts).toHaveLength(3);
  return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
}

describe('keys', () => {
  it('are JWTs carrying the org, pod, roles and expiry', () => {
    const admin = decodeJwtPayload(sandbox.keys.admin);
    expect(admin).toMatchObject({ orgName: 'acme', pod: 'prod1' });
    expect(admin.roles).toContain('org.user.customer.write');
    expect(admin.exp * 1000).toBeGreaterThan(Date.now());
    expect(decodeJwtPayload(sandbox.keys.expired).exp * 1000).toBeLessThan(Date.now());
    expect(decodeJwtPayload(sandbox.keys.otherOrg).orgName).toBe('globex');
    const readOnly = decodeJwtPayload(sandbox.keys.readOnly).roles as string[];
    expect(readOnly).toContain('org.permission.customer.read');
    expect(readOnly.some((role) => /customer\.(write|update)$/.test(role))).toBe(false);
    expect(SANDBOX_ORG).toBe('acme');
  });
});

describe('authentication', () => {
  const expect401 = (reply: Reply) => {
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.json.errors).toHaveLength(1);
    expect(reply.json.errors[0]).toMatchObject({ status: 401, source: { header: 'Authorization' } });
    expect(reply.json.errors[0].code).toEqual(expect.any(String));
    expect(reply.json.errors[0].detail).toEqual(expect.any(String));
    return reply.json.errors[0];
  };

  it('refuses a missing, malformed or unknown key', async () => {
    expect401(await call('GET', `/v1/customers/${ada}`));
    expect401(await call('GET', `/v1/customers/${ada}`, { headers: { authorization: `Token ${sandbox.keys.admin}` } }));
    expect401(await call('GET', `/v1/customers/${ada}`, { key: `${sandbox.keys.admin}x` }));
  });

  it('refuses an expired key with the title "Expired token"', async () => {
    const error = expect401(await call('GET', `/v1/customers/${ada}`, { key: sandbox.keys.expired }));
    expect(error.title).toBe('Expired token');
  });

  it('lets a read-only key read but answers its PATCH with 401 and changes nothing', async () => {
    expect((await get(`/v1/customers/${ada}`, { key: sandbox.keys.readOnly })).status).toBe(200);
    expect401(await patch(ada, { name: 'Countess of Lovelace' }, { key: sandbox.keys.readOnly }));
    expect(sandbox.customer(ada)).toMatchObject({ name: 'Ada Lovelace', rev: 12 });
  });

  it("refuses another org's key on the org host, and finds none of acme's data for it elsewhere", async () => {
    expect401(await call('GET', `/v1/customers/${ada}`, { key: sandbox.keys.otherOrg }));
    const generic = await call('GET', `/v1/customers/${ada}`, { key: sandbox.keys.otherOrg, host: 'api.kustomerapp.com' });
    expect(generic.status).toBe(404);
  });

  it('serves the generic US host and refuses a prod1 key on the EU host', async () => {
    const us = await get(`/v1/customers/${ada}`, { host: 'api.kustomerapp.com' });
    expect(us.status).toBe(200);
    expect(us.json.data.id).toBe(ada);
    const eu = await get(`/v1/customers/${ada}`, { host: 'api.prod2.kustomerapp.com' });
    expect(eu.status).toBe(401);
    expect(eu.json.errors[0].code).toBe('pod_mismatch');
  });
});

describe('reading', () => {
  it('returns a customer in JSON:API shape with Kustomer attributes', async () => {
    const reply = await get(`/v1/customers/${ada}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const { data } = reply.json;
    expect(data).toMatchObject({ type: 'customer', id: ada, links: { self: `/v1/customers/${ada}` } });
    expect(data.id).toMatch(/^[0-9a-f]{24}$/);
    expect(data.relationships.org.data.type).toBe('org');
    expect(data.attributes).toMatchObject({ name: 'Ada Lovelace', displayName: 'Ada Lovelace', rev: 12 });
    expect(data.attributes.emails[0]).toEqual({ email: 'ada@example.com', verified: true, type: 'home', id: null });
    expect(data.attributes.phones[0].phone).toMatch(/^\+\d{8,15}$/);
    expect(data.attributes.tags).toEqual([tagId('vip'), tagId('beta-tester')]); // tag ids, as Kustomer's reference shows
    expect(data.attributes.locations).toHaveLength(1);
    expect(Object.keys(data.attributes.custom).map((name) => /(Num|At|Str|Txt|Bool|Url)$/.exec(name)?.[1])).toEqual(
      expect.arrayContaining(['Num', 'At', 'Str', 'Txt', 'Bool', 'Url']),
    );
  });

  it('answers an unknown customer with 404 and an error body', async () => {
    const reply = await get('/v1/customers/000000000000000000000000');
    expect(reply.status).toBe(404);
    expect(reply.json.errors[0]).toMatchObject({ status: 404, source: { parameter: 'id' } });
  });

  it('looks customers up by email (encoded, any case), phone (digits only) and external id', async () => {
    const byEmail = await get(`/v1/customers/email=${encodeURIComponent('ADA@Example.com')}`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.json.data.id).toBe(ada);

    const byPhone = await get(`/v1/customers/phone=${encodeURIComponent('+44 (20) 7946-0958')}`);
    expect(byPhone.json.data.id).toBe(ada);

    const byExternalId = await get('/v1/customers/externalId=crm-1002');
    expect(byExternalId.json.data.id).toBe(grace);

    expect((await get(`/v1/customers/email=${encodeURIComponent('nobody@example.com')}`)).status).toBe(404);
    expect((await get('/v1/customers/phone=123')).status).toBe(404);
  });

  it('returns a conversation linked to its customer', async () => {
    const id = sandbox.conversationIds[0]!;
    const reply = await get(`/v1/conversations/${id}`);
    expect(reply.status).toBe(200);
    expect(reply.json.data).toMatchObject({ type: 'conversation', id });
    expect(reply.json.data.relationships.customer.data).toEqual({ type: 'customer', id: ada });
    expect((await get('/v1/conversations/ffffffffffffffffffffffff')).status).toBe(404);
  });

  it('describes the custom attributes of customers', async () => {
    const reply = await get('/v1/metadata/customer');
    expect(reply.status).toBe(200);
    const { properties } = reply.json.data.attributes;
    expect(properties.planStr).toMatchObject({ type: 'string', displayName: 'Plan' });
    expect(properties.planStr.enumeration).toContain('business');
    for (const name of Object.keys(sandbox.customer(ada)!.custom)) {
      expect(properties[name]).toMatchObject({ type: expect.any(String), displayName: expect.any(String) });
    }
  });

  it('gives tags as stable 24-hex ids by default, and as names when tagsReadAs is "names"', async () => {
    const first = (await get(`/v1/customers/${ada}`)).json.data.attributes.tags;
    const again = (await get(`/v1/customers/${ada}`)).json.data.attributes.tags;
    expect(first).toEqual([tagId('vip'), tagId('beta-tester')]);
    expect(first).toEqual(again);
    for (const id of first) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(sandbox.customer(ada)!.tags).toEqual(first); // what Kustomer keeps
    expect(sandbox.tagNames(ada)).toEqual(['vip', 'beta-tester']);
    sandbox.settings.tagsReadAs = 'names';
    expect((await get(`/v1/customers/${ada}`)).json.data.attributes.tags).toEqual(['vip', 'beta-tester']);
  });
});

describe('the org\'s tags', () => {
  type TagPage = { data: { type: string; id: string; attributes: { name: string; deleted: boolean } }[]; links: { next: string | null } };
  async function allPages(query: string) {
    const tags: TagPage['data'] = [];
    for (let next: string | null = `/v1/tags?${query}`; next; ) {
      const page = (await get(next)).json as TagPage;
      tags.push(...page.data);
      next = page.links.next;
    }
    return tags;
  }

  it('are listed page by page, deleted ones left out with deleted=false', async () => {
    sandbox.settings.extraTags = 250;
    const first = await get('/v1/tags?deleted=false&page=1&pageSize=100');
    expect(first.status).toBe(200);
    expect((first.json as TagPage).data).toHaveLength(100);
    expect((first.json as TagPage).data[0]).toMatchObject({ type: 'tag', id: tagId('vip'), attributes: { name: 'vip', deleted: false } });
    const live = await allPages('deleted=false&pageSize=100');
    expect(live.length).toBeGreaterThan(250);
    expect(new Set(live.map((t) => t.id)).size).toBe(live.length);
    expect(live.some((t) => t.attributes.name === 'legacy-2019')).toBe(false);
    expect((await allPages('pageSize=100')).some((t) => t.attributes.name === 'legacy-2019' && t.attributes.deleted)).toBe(true);
  });

  it('are read one by one, 404 for an unknown id, and need the tag-read role', async () => {
    const one = await get(`/v1/tags/${tagId('churn-risk')}`);
    expect(one.json).toMatchObject({ data: { id: tagId('churn-risk'), attributes: { name: 'churn-risk' } } });
    expect((await get('/v1/tags/000000000000000000000000')).status).toBe(404);
    expect((await get('/v1/tags?deleted=false', { key: sandbox.keys.customerOnly })).status).toBe(401);
    expect((await get(`/v1/tags/${tagId('vip')}`, { key: sandbox.keys.customerOnly })).status).toBe(401);
  });

  it('are taken from a PATCH by id or by name by default (an unknown name becomes a new tag)', async () => {
    const reply = await patch(ada, { tags: [tagId('vip'), 'churn-risk', 'brand-new'] });
    expect(reply.status).toBe(200);
    const created = sandbox.tagIdOf('brand-new')!;
    expect(reply.json.data.attributes.tags).toEqual([tagId('vip'), tagId('churn-risk'), created]);
    expect(sandbox.tagNames(ada)).toEqual(['vip', 'churn-risk', 'brand-new']);
    expect((await get(`/v1/tags/${created}`)).json.data.attributes.name).toBe('brand-new');
  });

  it('refuse a name when tagsWrittenAs is "ids", with a bad parameter', async () => {
    sandbox.settings.tagsWrittenAs = 'ids';
    const reply = await patch(ada, { tags: [tagId('vip'), 'brand-new'] });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual([expect.objectContaining({ code: 'badparam', source: { parameter: 'tags' } })]);
    expect(sandbox.tagNames(ada)).toEqual(['vip', 'beta-tester']);
    expect((await patch(ada, { tags: [tagId('vip')] })).status).toBe(200);
  });

  it('take every string as a name when tagsWrittenAs is "names": an id becomes a tag named so', async () => {
    sandbox.settings.tagsWrittenAs = 'names';
    const reply = await patch(ada, { tags: [tagId('vip'), 'churn-risk'] });
    expect(reply.status).toBe(200);
    expect(sandbox.tagNames(ada)).toEqual([tagId('vip'), 'churn-risk']);
    expect(reply.json.data.attributes.tags[0]).not.toBe(tagId('vip'));
  });
});

describe('custom attributes the org does not define', () => {
  it('are refused the way Kustomer does, naming the key', async () => {
    const reply = await patch(ada, { custom: { planStr: 'team', notAnActualAttributeStr: 'x' } });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual([
      {
        status: 400,
        code: 'badparam',
        title: 'Additional properties not allowed',
        detail: '/properties/custom/additionalProperties',
        source: { parameter: 'notAnActualAttributeStr' },
      },
    ]);
    expect(sandbox.customer(ada)!.custom.planStr).toBe('business');
  });
});

describe('PATCH /v1/customers/{id}', () => {
  it('applies the sent fields only, raises rev by one and returns the full customer', async () => {
    const before = sandbox.customer(ada)!;
    const reply = await patch(ada, { tags: ['vip', 'churn-risk'], custom: { planStr: 'enterprise' }, rev: 12 });
    expect(reply.status).toBe(200);
    const { attributes } = reply.json.data;
    expect(attributes.rev).toBe(13);
    expect(attributes.tags).toEqual([tagId('vip'), tagId('churn-risk')]);
    expect(attributes.custom).toEqual({ ...before.custom, planStr: 'enterprise' });
    expect(Date.parse(attributes.modifiedAt)).toBeGreaterThan(Date.parse(before.modifiedAt));
    expect(attributes.updatedAt).toBe(attributes.modifiedAt);

    const after = sandbox.customer(ada)!;
    expect(after).toEqual(attributes);
    const { tags, custom, rev, modifiedAt, updatedAt, ...untouched } = before;
    expect(after).toMatchObject(untouched);
    expect(sandbox.customer(grace)!.rev).toBe(4);
  });

  it('clears a field sent as null and keeps displayName in step with name', async () => {
    const reply = await patch(ada, { name: 'Augusta Ada King', timeZone: null, custom: { notesTxt: null } });
    expect(reply.status).toBe(200);
    expect(sandbox.customer(ada)).toMatchObject({
      name: 'Augusta Ada King',
      displayName: 'Augusta Ada King',
      timeZone: null,
      custom: { notesTxt: null, planStr: 'business' },
    });
  });

  it('stores contact items in the read shape', async () => {
    await patch(ada, { emails: [{ email: 'ada@new.example' }], phones: [{ phone: '+15550100', type: 'work' }] });
    expect(sandbox.customer(ada)).toMatchObject({
      emails: [{ email: 'ada@new.example', verified: false, type: 'other', id: null }],
      phones: [{ phone: '+15550100', verified: false, type: 'work', id: null }],
    });
  });

  it('replaces arrays by default and merges them when arrays is "merge"', async () => {
    await patch(ada, { tags: ['new'] });
    expect(sandbox.tagNames(ada)).toEqual(['new']);

    sandbox.reset();
    sandbox.settings.arrays = 'merge';
    await patch(ada, {
      tags: ['new', 'vip'],
      emails: [{ email: 'ADA@example.com', type: 'work', verified: true }, { email: 'second@example.com' }],
    });
    const merged = sandbox.customer(ada)!;
    expect(sandbox.tagNames(ada)).toEqual(['vip', 'beta-tester', 'new']);
    expect(merged.emails.map((e: { email: string; type: string }) => `${e.email}/${e.type}`)).toEqual([
      'ADA@example.com/work',
      'ada.lovelace@analytical.example/work',
      'second@example.com/other',
    ]);
  });

  it('refuses a body that breaks the OpenAPI schema with one error per problem, changing nothing', async () => {
    const reply = await patch(ada, { emails: [{ email: 'not an email' }], custom: { vipBool: 'yes' } });
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const pointers = reply.json.errors.map((e: { source: { pointer: string } }) => e.source.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/emails/0/email', '/custom/vipBool']));
    expect(reply.json.errors).toHaveLength(2);
    for (const error of reply.json.errors) {
      expect(error).toMatchObject({ status: 400, code: expect.any(String), title: expect.any(String) });
    }
    expect(sandbox.customer(ada)!.rev).toBe(12);
  });

  it('refuses an unknown top-level key', async () => {
    const reply = await patch(ada, { nickname: 'Ada' });
    expect(reply.status).toBe(400);
    expect(reply.json.errors[0].detail).toContain('nickname');
    expect(reply.json.errors[0].source).toHaveProperty('pointer');
  });

  it('refuses a body that is not JSON', async () => {
    const broken = await patch(ada, '{"name": ', { headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.json.errors[0].code).toBe('invalid_json');
    const plain = await patch(ada, '{"name":"Ada"}', { headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(400);
    expect(sandbox.customer(ada)!.rev).toBe(12);
  });

  it('answers an unknown customer with 404', async () => {
    const reply = await patch('0123456789abcdef01234567', { name: 'Nobody' });
    expect(reply.status).toBe(404);
    expect(reply.json.errors[0].status).toBe(404);
  });

  it('answers a stale rev with 409 unless conflictOnStaleRev is off', async () => {
    const stale = await patch(ada, { name: 'Stale', rev: 11 });
    expect(stale.status).toBe(409);
    expect(stale.json.errors[0]).toMatchObject({ status: 409, source: { pointer: '/rev' } });
    expect(sandbox.customer(ada)).toMatchObject({ name: 'Ada Lovelace', rev: 12 });

    sandbox.settings.conflictOnStaleRev = false;
    const accepted = await patch(ada, { name: 'Stale', rev: 11 });
    expect(accepted.status).toBe(200);
    expect(accepted.json.data.attributes.rev).toBe(13);
  });

  it('answers a body over 100 kB with 413', async () => {
    const reply = await patch(ada, { custom: { notesTxt: 'x'.repeat(101 * 1024) } });
    expect(reply.status).toBe(413);
    expect(reply.json.errors[0].status).toBe(413);
    expect(sandbox.customer(ada)!.rev).toBe(12);
  });

  it('treats PUT with replace=false as the same update', async () => {
    const reply = await call('PUT', `/v1/customers/${ada}?replace=false`, { key: sandbox.keys.admin, body: { name: 'Ada K.' } });
    expect(reply.status).toBe(200);
    expect(sandbox.customer(ada)).toMatchObject({ name: 'Ada K.', rev: 13 });
  });
});

describe('masked attributes', () => {
  const control = (body: unknown) => call('PUT', '/__sandbox/settings', { host: 'localhost', body });

  it('masks a string as **** and its last 2 characters', () => {
    expect(maskText('+442079460958')).toBe('****58');
    expect(maskText('078-05-1120')).toBe('****20');
    expect(maskText('x')).toBe('****x');
    expect(maskText('añ😀')).toBe('****ñ😀');
  });

  it('masks nothing by default', async () => {
    expect(sandbox.settings.masked).toEqual([]);
    const { attributes } = (await get(`/v1/customers/${ada}`)).json.data;
    expect(attributes.phones[0].phone).toBe('+442079460958');
    expect(attributes.custom.ssnStr).toBe('078-05-1120');
  });

  it('gives masked lists, custom attributes and scalars in GET answers, every string part but type, and keeps the store', async () => {
    sandbox.settings.masked = ['phones', 'emails', 'custom.ssnStr', 'username', 'locations'];
    const before = sandbox.customer(ada)!;
    const { attributes } = (await get(`/v1/customers/${ada}`)).json.data;
    expect(attributes.phones).toEqual([{ phone: '****58', verified: true, type: 'mobile', id: null }]);
    expect(attributes.emails).toEqual([
      { email: '****om', verified: true, type: 'home', id: null },
      { email: '****le', verified: false, type: 'work', id: null },
    ]);
    expect(attributes.custom).toEqual({ ...before.custom, ssnStr: '****20' });
    expect(attributes.username).toBe('****da');
    expect(attributes.locations[0]).toMatchObject({
      type: 'home',
      name: '****me',
      cityName: '****on',
      countryCode: '****GB',
      address2: null,
      latitude: 51.5074,
    });
    // Not listed: as stored.
    expect(attributes.name).toBe('Ada Lovelace');
    expect(attributes.socials).toEqual(before.socials);
    expect(sandbox.customer(ada)).toEqual(before);

    // A customer without the attribute is answered as it is.
    const alan = sandbox.customerIds[2]!;
    expect((await get(`/v1/customers/${alan}`)).json.data.attributes.custom).toEqual({ planStr: 'free' });
  });

  it('masks lookups and PATCH answers too, while lookups still match the real value', async () => {
    sandbox.settings.masked = ['phones', 'custom.ssnStr'];
    const found = await get(`/v1/customers/phone=${encodeURIComponent('+442079460958')}`);
    expect(found.json.data.id).toBe(ada);
    expect(found.json.data.attributes.phones[0].phone).toBe('****58');

    const reply = await patch(ada, { name: 'Ada K.' });
    expect(reply.status).toBe(200);
    expect(reply.json.data.attributes).toMatchObject({ name: 'Ada K.', phones: [{ phone: '****58' }], custom: { ssnStr: '****20' } });
    expect(sandbox.customer(ada)).toMatchObject({ phones: [{ phone: '+442079460958' }], custom: { ssnStr: '078-05-1120' } });
  });

  it('accepts a mask text sent back into its attribute and stores it as sent, as Kustomer would', async () => {
    sandbox.settings.masked = ['phones', 'emails', 'custom.ssnStr'];
    const reply = await patch(ada, {
      phones: [{ phone: '****58', type: 'mobile', verified: true }], // no phone number: the format alone would refuse it
      emails: [{ email: '****om', type: 'home' }],
      custom: { ssnStr: '****20' },
    });
    expect(reply.status).toBe(200);
    const stored = sandbox.customer(ada)!;
    expect(stored.phones).toEqual([{ phone: '****58', verified: true, type: 'mobile', id: null }]);
    expect(stored.emails[0].email).toBe('****om');
    expect(stored.custom.ssnStr).toBe('****20');
    // The damage is visible once masking is off.
    sandbox.settings.masked = [];
    expect((await get(`/v1/customers/${ada}`)).json.data.attributes.phones[0].phone).toBe('****58');
  });

  it('still refuses other invalid values, and mask texts in attributes that are not masked', async () => {
    sandbox.settings.masked = ['phones'];
    const wrongMask = await patch(ada, { phones: [{ phone: '****99' }] });
    expect(wrongMask.status).toBe(400);
    expect(wrongMask.json.errors[0].source.pointer).toBe('/phones/0/phone');
    const notMasked = await patch(ada, { emails: [{ email: '****om' }] });
    expect(notMasked.status).toBe(400);
    const alsoBroken = await patch(ada, { phones: [{ phone: '****58' }], custom: { vipBool: 'yes' } });
    expect(alsoBroken.status).toBe(400);
    expect(alsoBroken.json.errors.map((e: { source: { pointer: string } }) => e.source.pointer)).toEqual(['/custom/vipBool']);
    expect(sandbox.customer(ada)!.rev).toBe(12);
  });

  it('is set through the control endpoint, checked, and reset to none', async () => {
    const changed = await control({ masked: ['phones', 'custom.ssnStr'] });
    expect(changed.status).toBe(200);
    expect(changed.json.masked).toEqual(['phones', 'custom.ssnStr']);
    expect((await get(`/v1/customers/${ada}`)).json.data.attributes.custom.ssnStr).toBe('****20');
    for (const masked of ['phones', ['custom.'], ['a.b'], [1], ['phones/0']]) {
      expect((await control({ masked })).status).toBe(400);
    }
    expect(sandbox.settings.masked).toEqual(['phones', 'custom.ssnStr']);

    sandbox.settings.masked.push('emails');
    sandbox.reset();
    expect(sandbox.settings.masked).toEqual([]);
    sandbox.settings.masked.push('emails');
    sandbox.reset();
    expect(sandbox.settings.masked).toEqual([]);
  });
});

describe('rate limit', () => {
  it('reports the budget on every response and answers 429 once it is spent', async () => {
    sandbox.settings.rateLimit = 3;
    const replies = [
      await get(`/v1/customers/${ada}`),
      await call('GET', `/v1/customers/${ada}`), // a 401 counts and carries the headers too
      await get(`/v1/customers/${grace}`),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 401, 200]);
    expect(replies.map((r) => r.headers['x-ratelimit-limit'])).toEqual(['3', '3', '3']);
    expect(replies.map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0']);

    const limited = await get(`/v1/customers/${ada}`);
    expect(limited.status).toBe(429);
    expect(limited.json.errors[0].status).toBe(429);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    const reset = Number(limited.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
    expect(limited.headers['retry-after']).toBe(String(reset));
  });
});

describe('faults', () => {
  it('answers with the given status and headers, as many times as asked, then normally', async () => {
    sandbox.addFault({ path: '/v1/customers/', status: 429, headers: { 'Retry-After': '7', 'X-RateLimit-Reset': '7' }, times: 2 });
    const first = await get(`/v1/customers/${ada}`);
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('7');
    expect(first.headers['x-ratelimit-reset']).toBe('7');
    expect(first.headers['x-ratelimit-limit']).toBe('300');
    expect(first.json.errors[0].status).toBe(429);
    expect((await get(`/v1/customers/${ada}`)).status).toBe(429);
    expect((await get(`/v1/customers/${ada}`)).status).toBe(200);
  });

  it('matches by method and path pattern, and sends a given body as is', async () => {
    sandbox.addFault({ method: 'PATCH', path: /^\/v1\/customers\/[0-9a-f]{24}$/, status: 500, body: 'upstream exploded' });
    expect((await get(`/v1/customers/${ada}`)).status).toBe(200);
    const failed = await patch(ada, { name: 'Never stored' });
    expect(failed.status).toBe(500);
    expect(failed.text).toBe('upstream exploded');
    expect(sandbox.customer(ada)!.name).toBe('Ada Lovelace');
    expect((await patch(ada, { name: 'Stored' })).status).toBe(200);
  });

  it('delays a request and then handles it normally', async () => {
    sandbox.addFault({ delayMs: 300 });
    const started = Date.now();
    const reply = await get(`/v1/customers/${ada}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(reply.status).toBe(200);
    expect(reply.json.data.id).toBe(ada);
  });

  it('drops the connection without answering or applying the update', async () => {
    sandbox.addFault({ method: 'PATCH', drop: true });
    await expect(patch(ada, { name: 'Lost' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sandbox.customer(ada)!.name).toBe('Ada Lovelace');
    const [dropped] = sandbox.apiRequests('PATCH');
    expect(dropped).toMatchObject({ dropped: true, status: null, body: { name: 'Lost' } });
  });

  it('can be added through the control endpoint', async () => {
    const added = await call('POST', '/__sandbox/faults', { host: 'localhost', body: { path: '/v1/metadata', status: 503 } });
    expect(added.status).toBe(201);
    expect((await get('/v1/metadata/customer')).status).toBe(503);
    expect((await get('/v1/metadata/customer')).status).toBe(200);
    const invalid = await call('POST', '/__sandbox/faults', { host: 'localhost', body: { status: 'soon' } });
    expect(invalid.status).toBe(400);
  });
});

describe('CORS', () => {
  it('answers the preflight of an agent-app origin and reflects it on responses', async () => {
    const origin = 'https://acme.kustomerapp.com';
    const preflight = await call('OPTIONS', `/v1/customers/${ada}`, {
      headers: {
        origin,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-methods']).toContain('PATCH');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Content-Type/);

    const reply = await get(`/v1/customers/${ada}`, { headers: { origin } });
    expect(reply.headers['access-control-allow-origin']).toBe(origin);
    expect(reply.headers['access-control-expose-headers']).toContain('x-ratelimit-remaining');

    const foreign = await get(`/v1/customers/${ada}`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('agent pages', () => {
  const page = (path: string) => call('GET', path, { host: PAGES });

  it('renders a customer page with the name, links to other customers and in-app links', async () => {
    const reply = await page(`/app/customers/${ada}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.text).toMatch(/<h1[^>]*>Ada Lovelace<\/h1>/);
    expect(reply.text).toContain(`<a href="/app/customers/${grace}"`);
    expect(reply.text.match(/<a [^>]*data-spa[^>]*>/g)?.length).toBeGreaterThanOrEqual(2);
    expect(reply.text).toContain('history.pushState');
    expect(reply.text).toContain(`/app/customers/${ada}/event/${sandbox.conversationIds[0]}`);
  });

  it('renders the conversation routes with the customer of the conversation', async () => {
    const [orderConversation, , graceConversation] = sandbox.conversationIds as [string, string, string];
    const event = await page(`/app/customers/${ada}/event/${orderConversation}`);
    expect(event.status).toBe(200);
    expect(event.text).toMatch(/<h1[^>]*>Ada Lovelace<\/h1>/);
    expect(event.text).toContain('Order #4521: missing part');

    const conversation = await page(`/app/conversations/${graceConversation}`);
    expect(conversation.status).toBe(200);
    expect(conversation.text).toMatch(/<h1[^>]*>Grace Hopper<\/h1>/);
  });

  it('lists every customer and redirects / to the list', async () => {
    const list = await page('/app/customers');
    expect(list.status).toBe(200);
    for (const id of sandbox.customerIds) expect(list.text).toContain(`<a href="/app/customers/${id}">`);
    const root = await page('/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/app/customers');
  });

  it('answers unknown customers and conversations with a 404 page', async () => {
    expect((await page('/app/customers/000000000000000000000000')).status).toBe(404);
    expect((await page('/app/conversations/000000000000000000000000')).status).toBe(404);
    expect((await call('GET', `/app/customers/${ada}`, { host: 'globex.kustomerapp.com' })).status).toBe(404);
  });

  it('escapes text from the store', async () => {
    await patch(ada, { name: '<img src=x onerror="alert(1)"> & Co' });
    const reply = await page(`/app/customers/${ada}`);
    expect(reply.text).not.toContain('<img src=x');
    expect(reply.text).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; Co');
    const other = await page(`/app/customers/${grace}`);
    expect(other.text).not.toContain('<img src=x');
    expect(other.text).toContain('data-customer-name="&#60;img');
  });
});

describe('request recording and control', () => {
  it('records API, page and control requests with their headers and bodies', async () => {
    await patch(ada, { name: 'Recorded' }, { headers: { 'x-extra': 'yes' } });
    await call('GET', `/app/customers/${ada}?tab=info`, { host: PAGES });
    await call('GET', '/__sandbox/info', { host: 'localhost' });

    const [recorded] = sandbox.apiRequests('PATCH');
    expect(sandbox.apiRequests()).toHaveLength(1);
    expect(recorded).toMatchObject({
      kind: 'api',
      method: 'PATCH',
      host: API,
      path: `/v1/customers/${ada}`,
      rawBody: '{"name":"Recorded"}',
      body: { name: 'Recorded' },
      status: 200,
    });
    expect(recorded!.headers.authorization).toBe(`Bearer ${sandbox.keys.admin}`);
    expect(recorded!.headers['x-extra']).toBe('yes');
    expect(recorded!.time).toBeLessThanOrEqual(Date.now());

    expect(sandbox.requests.map((r) => r.kind)).toEqual(['api', 'page', 'control']);
    expect(sandbox.requests[1]).toMatchObject({ host: PAGES, query: { tab: 'info' }, status: 200, body: undefined });

    const listed = await call('GET', '/__sandbox/requests?kind=api', { host: 'localhost' });
    expect(listed.json).toHaveLength(1);
    expect(listed.json[0].body).toEqual({ name: 'Recorded' });
  });

  it('resets the store, requests, faults and settings', async () => {
    await patch(ada, { name: 'Changed' });
    sandbox.addFault({ status: 500 });
    sandbox.settings.arrays = 'merge';
    const reset = await call('POST', '/__sandbox/reset', { host: 'localhost' });
    expect(reset.status).toBe(204);
    expect(sandbox.customer(ada)).toMatchObject({ name: 'Ada Lovelace', rev: 12 });
    expect(sandbox.settings.arrays).toBe('replace');
    expect(sandbox.requests.filter((r) => r.kind === 'api')).toHaveLength(0);
    expect((await get(`/v1/customers/${ada}`)).status).toBe(200);
  });

  it('changes settings through the control endpoint and refuses unknown ones', async () => {
    const changed = await call('PUT', '/__sandbox/settings', { host: 'localhost', body: { tagsReadAs: 'ids', rateLimit: 50 } });
    expect(changed.status).toBe(200);
    expect(sandbox.settings).toMatchObject({ tagsReadAs: 'ids', rateLimit: 50, arrays: 'replace' });
    expect((await get(`/v1/customers/${ada}`)).headers['x-ratelimit-limit']).toBe('50');
    expect((await call('PUT', '/__sandbox/settings', { host: 'localhost', body: { arrays: 'append' } })).status).toBe(400);
    expect((await call('PUT', '/__sandbox/settings', { host: 'localhost', body: { speed: 1 } })).status).toBe(400);
  });
});

describe('certificate', () => {
  it('is made once for Kustomer host names, reused, and shared by concurrent callers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cert-'));
    try {
      const concurrent = await Promise.all([ensureCertificate(dir), ensureCertificate(dir), ensureCertificate(dir)]);
      expect(new Set(concurrent.map((c) => c.cert)).size).toBe(1);
      const first = concurrent[0]!;
      const x509 = new X509Certificate(first.cert);
      expect(x509.subjectAltName).toContain('DNS:*.kustomerapp.com');
      expect(x509.subjectAltName).toContain('DNS:*.api.kustomerapp.com');
      expect(x509.subjectAltName).toContain('IP Address:127.0.0.1');
      const again = await ensureCertificate(dir);
      expect(again).toEqual(first);
      expect(first.certPath.startsWith(dir)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
