// @vitest-environment node
// A customer in Kustomer's own values (utils/kustomer/apply.ts): the body the editor can change,
// and the instants its dates name. What Kustomer holds a replayed save is judged on these
// (tests/unit/time-zones.test.ts runs that in two time zones).
import { describe, expect, it } from 'vitest';
import { seedCustomers } from '../../sandbox/customers.mjs';
import { parseCustomer, type Customer } from '@/utils/kustomer/customer';
import { bodyFromForm, formFromCustomer } from '@/utils/editor/form';
import { alreadyApplied, asInstant, customerBody } from '@/utils/kustomer/apply';
import type { CustomerUpdate } from '@/utils/kustomer/patch';

const ID = '64b7f0c2a1d3e4f5a6b7c801';
const read = (id: string, attributes: Record<string, unknown>): Customer => parseCustomer(JSON.parse(JSON.stringify({ data: { type: 'customer', id, attributes } })))!;

describe('asInstant', () => {
  it.each([
    ['2024-03-31T01:30:00.123Z', '2024-03-31T01:30:00.123Z'],
    ['2024-03-31T01:30:00.123+00:00', '2024-03-31T01:30:00.123Z'],
    ['2024-03-31T03:30:00.1230+02:00', '2024-03-31T01:30:00.123Z'],
    ['2024-03-30T20:30:00.123-0500', '2024-03-31T01:30:00.123Z'],
    ['2024-03-31t01:30:00.123z', '2024-03-31T01:30:00.123Z'],
    ['2024-03-31 01:30:00.123Z', '2024-03-31T01:30:00.123Z'],
    ['2024-03-31T01:30:00.000Z', '2024-03-31T01:30:00Z'],
    ['2024-03-31T01:30:00Z', '2024-03-31T01:30:00Z'],
    ['2024-03-31T01:30:00.1234567Z', '2024-03-31T01:30:00.1234567Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00Z'],
  ])('%s is the instant %s', (text, instant) => {
    expect(asInstant(text)).toBe(instant);
  });

  it('leaves what is no RFC 3339 instant as it is', () => {
    for (const value of ['2024-03-31T01:30:00', '2024-03-31', '2024-02-30T00:00:00Z', '2016-12-31T23:59:60Z', 'soon', '', 5, null, undefined]) {
      expect(asInstant(value)).toBe(value);
    }
  });
});

describe('customerBody', () => {
  it('keeps what the editor can change, in Kustomer values: items without their ids, dates as given', () => {
    const customer = read(ID, {
      name: 'Ada',
      displayColor: 'blue',
      birthdayAt: '1815-12-10T00:00:00.000Z',
      signedUpAt: null,
      emails: [{ email: 'ada@example.com', type: 'home', verified: true, id: null }],
      urls: [{ url: 'https://ada.example', verified: true, id: null }, { id: null }],
      tags: ['vip'],
      sentiment: { polarity: 1, confidence: null },
      custom: { lastOrderAt: '2026-03-29T01:30:00.5+00:00', planStr: 'pro', unknownThing: 1 },
    });
    expect(customerBody(customer)).toEqual({
      name: 'Ada',
      birthdayAt: '1815-12-10T00:00:00.000Z',
      signedUpAt: null,
      emails: [{ email: 'ada@example.com', type: 'home', verified: true }],
      phones: [],
      whatsapps: [],
      socials: [],
      urls: [{ url: 'https://ada.example' }],
      locations: [],
      externalIds: [],
      facebookIds: [],
      instagramIds: [],
      sharedEmails: [],
      sharedPhones: [],
      sharedSocials: [],
      sharedExternalIds: [],
      tags: ['vip'],
      sentiment: { polarity: 1 },
      custom: { lastOrderAt: '2026-03-29T01:30:00.5+00:00', planStr: 'pro' },
    });
  });

  it('is held by Kustomer, for every seed customer, and so is the body the editor reads from it', () => {
    for (const seed of seedCustomers()) {
      const customer = read(seed.id, structuredClone(seed.attributes));
      expect(alreadyApplied(customer, customerBody(customer) as Partial<CustomerUpdate>), seed.id).toBe(true);
      expect(alreadyApplied(customer, bodyFromForm(formFromCustomer(customer)) as Partial<CustomerUpdate>), seed.id).toBe(true);
    }
  });
});
