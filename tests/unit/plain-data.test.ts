// @vitest-environment node
// The one deep equality of bodies, drafts, list items and tag lists and the one record check (utils/plain-data.ts).
import { describe, expect, it } from 'vitest';
import { deepEqual, isRecord, keepEqual } from '@/utils/plain-data';

describe('deepEqual', () => {
  it('compares arrays item by item: an undefined item is an item, neither nothing nor null', () => {
    expect(deepEqual([1, undefined], [1, undefined])).toBe(true);
    expect(deepEqual([1, undefined], [1])).toBe(false);
    expect(deepEqual([1], [1, undefined])).toBe(false);
    expect(deepEqual([undefined], [])).toBe(false);
    expect(deepEqual([undefined], [null])).toBe(false);
    expect(deepEqual([undefined, 1], [1, undefined])).toBe(false);
    expect(deepEqual([, 1], [undefined, 1])).toBe(true); // a hole reads as undefined
    expect(deepEqual([, 1], [null, 1])).toBe(false);
    expect(deepEqual([{ email: 'a@b.c', type: undefined }], [{ email: 'a@b.c' }])).toBe(true);
  });

  it('takes a key holding undefined as a key absent, and a key holding null as a value', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(deepEqual({ a: undefined }, {})).toBe(true);
    expect(deepEqual({ a: null }, {})).toBe(false);
    expect(deepEqual({ a: null }, { a: undefined })).toBe(false);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(true);
    expect(deepEqual({ a: undefined, b: 1 }, { b: undefined, a: 1 })).toBe(false);
  });

  it('compares nested objects whatever their key order', () => {
    const a = { name: 'Ada', custom: { planStr: 'pro', seats: { used: 3, of: [1, 2] } }, emails: [{ email: 'a@b.c', verified: false }] };
    const b = { emails: [{ verified: false, email: 'a@b.c' }], custom: { seats: { of: [1, 2], used: 3 }, planStr: 'pro' }, name: 'Ada' };
    expect(deepEqual(a, b)).toBe(true);
    expect(deepEqual(a, { ...b, custom: { ...b.custom, seats: { of: [2, 1], used: 3 } } })).toBe(false);
    expect(deepEqual(a, { ...b, emails: [{ email: 'a@b.c', verified: true }] })).toBe(false);
    expect(deepEqual({ a: { b: { c: undefined } } }, { a: { b: {} } })).toBe(true);
    expect(deepEqual({ a: { b: { c: null } } }, { a: { b: {} } })).toBe(false);
  });

  it('tells arrays from objects, null from an object and values by type', () => {
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(['a'], { 0: 'a' })).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual(null, undefined)).toBe(false);
    expect(deepEqual(1, '1')).toBe(false);
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(deepEqual({ toString: 1 }, {})).toBe(false);
    expect(deepEqual({}, { toString: 1 })).toBe(false);
  });
});

describe('isRecord', () => {
  it('is an object with keys: not null, not an array, not a primitive', () => {
    expect([{}, { a: 1 }, Object.create(null)].map(isRecord)).toEqual([true, true, true]);
    expect([null, undefined, [], [1], 'x', 1, true].map(isRecord)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('keepEqual', () => {
  it('gives back what did not change as it was, and what changed as given', () => {
    const emails = [{ email: 'ada@example.com', type: 'home' }];
    const prev = { scalars: { name: 'Ada' }, lists: { emails, phones: [{ phone: '+1' }] }, tags: ['vip'] };
    const next = { scalars: { name: 'Ada' }, lists: { emails: [{ email: 'ada@example.com', type: 'home' }], phones: [{ phone: '+2' }] }, tags: ['vip', 'new'] };
    const kept = keepEqual(prev, next);
    expect(kept).toEqual(next);
    expect(kept.scalars).toBe(prev.scalars);
    expect(kept.lists.emails).toBe(emails);
    expect(kept.lists.phones).not.toBe(prev.lists.phones);
    expect(kept.tags).not.toBe(prev.tags);
    expect(kept.tags[0]).toBe('vip');
    expect(keepEqual(prev, structuredClone(prev))).toBe(prev);
  });

  it('takes nothing from a previous value of another shape', () => {
    const next = { tags: ['a'], lists: { emails: [] } };
    expect(keepEqual(undefined, next)).toBe(next);
    expect(keepEqual({ tags: 'a', lists: [] }, next)).toEqual(next);
    expect(keepEqual([1, 2], [1, 3])).toEqual([1, 3]);
    expect(keepEqual({ a: [1] }, { a: { 0: 1 } })).toEqual({ a: { 0: 1 } });
  });
});
