// @vitest-environment node
// The one field table: an entry for exactly each field Kustomer's PATCH takes, with the schema's enumerations.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FIELDS, fieldLabel } from '@/utils/fields';
import { CustomerUpdateSchema } from '@/utils/kustomer/patch/body';
import { customerUpdateRequestSchema } from '../../sandbox/openapi.mjs';

type Property = { enum?: unknown[]; properties?: Record<string, Property> };
const properties = customerUpdateRequestSchema.properties as Record<string, Property>;

describe('FIELDS', () => {
  it("has one entry per field of Kustomer's request schema, and the body schema knows the same fields", () => {
    const keys = Object.keys(FIELDS).sort();
    expect(keys).toEqual(Object.keys(properties).sort());
    // The body schema takes each of them, and refuses a key it does not know.
    const known = (key: string) => v.safeParse(CustomerUpdateSchema, { [key]: undefined }).success;
    expect(keys.filter((k) => !known(k))).toEqual([]);
    expect(known('displayName')).toBe(false);
  });

  it("offers the schema's own enumerations", () => {
    expect([...FIELDS.gender.options!]).toEqual(properties.gender!.enum);
    expect([...FIELDS.sentiment.options!]).toEqual(properties.sentiment!.properties!.polarity!.enum);
  });

  it('gives every field a label in the agent\u2019s words, the key itself for none', () => {
    for (const [key, spec] of Object.entries(FIELDS)) expect(spec.label, key).not.toBe(key);
    expect(fieldLabel('signedUpAt')).toBe('Signed up');
    expect(fieldLabel('notAField')).toBe('notAField');
  });
});
