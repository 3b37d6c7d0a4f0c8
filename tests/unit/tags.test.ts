// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { tagOutcome, tagsInForm } from '@/utils/editor/tag-check';
import { indexTags, MAX_SHOWN, suggestTags } from '@/utils/editor/tag-suggestions';
import { isTagId, parseTag, parseTagPage, shortTagId, tagFormOf } from '@/utils/kustomer/tags';

const id = (n: number) => n.toString(16).padStart(24, 'a');
const org = ['vip', 'renewal', 'renewal-q3', 'pre-renewal', 'Billing', 'billing-dispute', 'churn-risk'].map((name, i) => ({ id: id(i), name }));
const index = indexTags(org);
const shown = (typed: string, taken: string[] = []) => {
  const { options, highlighted } = suggestTags(typed, index, new Set(taken));
  return options.map((o, i) => {
    const text = o.kind === 'tag' ? o.tag.name : `+${o.name}`;
    return i === highlighted ? `[${text}]` : text;
  });
};

describe('what "Add tag" offers', () => {
  it('puts the exact match first, then prefix matches, then other matches, then the new tag', () => {
    expect(shown('renewal')).toEqual(['[renewal]', 'renewal-q3', 'pre-renewal']);
    expect(shown('RENEW')).toEqual(['[renewal]', 'renewal-q3', 'pre-renewal', '+RENEW']);
    expect(shown('dispute')).toEqual(['billing-dispute', '[+dispute]']);
    expect(shown('nothing-like-it')).toEqual(['[+nothing-like-it]']);
    expect(shown('billing')).toEqual(['[Billing]', 'billing-dispute']); // any case
    expect(shown('  ')).toEqual([]);
  });

  it('does not offer what the customer has, by id or by name', () => {
    // The editor passes the ids on the customer and the names they show as.
    expect(shown('renewal', [id(1), 'renewal'])).toEqual(['[renewal-q3]', 'pre-renewal']); // no exact left, and no new "renewal" either
    expect(shown('vip', ['vip'])).toEqual([]);
  });

  it('shows at most 8 matches, and offers only the new tag without the org list', () => {
    const many = indexTags(Array.from({ length: 5000 }, (_, i) => ({ id: id(i), name: `tag-${i}` })));
    const { options } = suggestTags('tag-1', many, new Set());
    expect(options.filter((o) => o.kind === 'tag')).toHaveLength(MAX_SHOWN);
    expect(options[0]).toEqual({ kind: 'tag', tag: { id: id(1), name: 'tag-1' } });
    expect(suggestTags('vip', undefined, new Set())).toEqual({ options: [{ kind: 'new', name: 'vip' }], highlighted: 0 });
  });
});

describe('tags as Kustomer gives them', () => {
  it('tells ids from names and reads the tag endpoints leniently', () => {
    expect(isTagId('58210c3db0f09110006b7953')).toBe(true);
    expect(isTagId('vip')).toBe(false);
    expect(tagFormOf(['vip', '58210c3db0f09110006b7953'])).toBe('ids');
    expect(tagFormOf(['vip'])).toBe('names');
    expect(tagFormOf([])).toBeUndefined();
    expect(shortTagId('58210c3db0f09110006b7953')).toBe('tag …b7953');
    expect(
      parseTagPage({
        data: [{ type: 'tag', id: id(1), attributes: { name: 'a' } }, { type: 'tag', id: 'bad', attributes: { name: 'b' } }, { id: id(2), attributes: { name: 'c', deleted: true } }],
        links: { next: '/v1/tags?page=2' },
      }),
    ).toEqual({ tags: [{ id: id(1), name: 'a' }, { id: id(2), name: 'c', deleted: true }], next: true });
    expect(parseTagPage({ data: [], links: { next: null } })).toEqual({ tags: [], next: false });
    expect(parseTagPage({ errors: [] })).toBeUndefined();
    expect(parseTag({ data: { type: 'tag', id: id(3), attributes: { name: 'x' } } })).toEqual({ id: id(3), name: 'x' });
  });
});

describe('what Kustomer did with the tags a save sent', () => {
  const names: Record<string, string> = { [id(0)]: 'vip', [id(1)]: 'renewal' };
  const nameOf = (t: string) => names[t];
  const idOf = (n: string) => Object.keys(names).find((k) => names[k] === n);

  it('is nothing to say when every id and name came back', () => {
    expect(tagOutcome([id(0), 'new-one'], [id(0), id(9)], (t) => (t === id(9) ? 'new-one' : nameOf(t)), idOf)).toBeUndefined();
    expect(tagOutcome(['vip', 'renewal'], [id(0), id(1)], nameOf, idOf)).toBeUndefined();
  });

  it('says when ids came back as new tags named after them, and puts it right by name', () => {
    const made: Record<string, string> = { [id(7)]: id(0), [id(8)]: id(1) }; // tags named "aaaa…0", "aaaa…1"
    const outcome = tagOutcome([id(0), id(1)], [id(7), id(8)], (t) => made[t] ?? nameOf(t), idOf)!;
    expect(outcome.message).toBe(`Kustomer created tags named ${id(0).slice(0, 8)}…, ${id(1).slice(0, 8)}… instead of adding vip, renewal: it takes tags by name here.`);
    expect(outcome.fix).toEqual({ form: 'names', tags: ['vip', 'renewal'] });
  });

  it('says what else Kustomer holds (a merge), with nothing to send again', () => {
    expect(tagOutcome(['renewal'], [id(0), id(1)], nameOf, idOf)).toEqual({ message: 'Kustomer holds other tags than were sent: it added vip.' });
  });

  it('sends tags in the form an org takes', () => {
    expect(tagsInForm([id(0), 'renewal', 'brand-new'], 'names', nameOf, idOf)).toEqual(['vip', 'renewal', 'brand-new']);
    expect(tagsInForm([id(0), 'renewal', 'brand-new'], 'ids', nameOf, idOf)).toEqual([id(0), id(1), 'brand-new']);
    expect(tagsInForm([id(0), 'renewal'], undefined, nameOf, idOf)).toEqual([id(0), 'renewal']);
  });
});
