// The org's tags, as Kustomer keeps them: tag objects with a 24-hex id and a name. Customers hold
// tag ids; `GET /v1/tags` lists them page by page and `GET /v1/tags/{id}` reads one. How a PATCH's
// `tags` are read (ids, names or both) is not documented: `sandbox.settings.tagsWrittenAs`.
import { tagId } from './customers.mjs';

/** Tags of the seed org besides the ones its customers carry; one of them deleted. */
export const ORG_TAG_NAMES = [
  'vip',
  'beta-tester',
  'enterprise',
  'renewal-q3',
  'prioritaire',
  'renewal',
  'renewal-q4',
  'churn-risk',
  'billing',
  'billing-dispute',
  'onboarding',
  'partner',
  'trial',
  'vip-gold',
];
export const DELETED_TAG_NAMES = ['legacy-2019'];

const CREATED_AT = '2022-05-04T12:00:00.000Z';
const TAG_ID = /^[0-9a-f]{24}$/;

/**
 * @typedef {{ id: string, name: string, deleted: boolean, createdAt: string }} Tag
 */

/**
 * @param {{ extra: () => number }} options `extra`: how many generated tags (`tag-00001`…) the org
 *   has besides its own (read when asked, so a test can raise it at any time)
 */
export function createTagStore({ extra }) {
  /** @type {Map<string, Tag>} */
  const byId = new Map();
  /** @type {Map<string, Tag>} lower-case name -> live tag */
  const byName = new Map();
  let generated = 0;

  /** @param {string} name @param {{ deleted?: boolean, at?: string }} [options] */
  function add(name, { deleted = false, at = CREATED_AT } = {}) {
    const live = deleted ? undefined : byName.get(name.toLowerCase());
    if (live) return live;
    let id = tagId(name);
    while (byId.has(id)) id = tagId(`${name}#${id}`);
    const tag = { id, name, deleted, createdAt: at };
    byId.set(id, tag);
    if (!deleted) byName.set(name.toLowerCase(), tag);
    return tag;
  }

  function grow() {
    for (const want = extra(); generated < want; ) add(`tag-${String(++generated).padStart(5, '0')}`);
  }

  for (const name of ORG_TAG_NAMES) add(name);
  for (const name of DELETED_TAG_NAMES) add(name, { deleted: true });

  return {
    /** The id of a live tag of that name, made when the org has none (a name Kustomer did not know). */
    idForName: (/** @type {string} */ name) => add(name, { at: new Date().toISOString() }).id,
    /** @param {string} id @returns {Tag | undefined} */
    get: (id) => (grow(), byId.get(id)),
    /** @param {string} name @returns {Tag | undefined} */
    named: (name) => (grow(), byName.get(name.toLowerCase())),
    isId: (/** @type {string} */ value) => TAG_ID.test(value),
    /** @param {{ deleted?: boolean }} [filter] */
    all({ deleted } = {}) {
      grow();
      return [...byId.values()].filter((t) => deleted === undefined || t.deleted === deleted);
    },
  };
}

/** @typedef {ReturnType<typeof createTagStore>} TagStore */

/** A tag as `GET /v1/tags` and `GET /v1/tags/{id}` give it. @param {Tag} tag */
export function tagResource(tag) {
  return {
    type: 'tag',
    id: tag.id,
    attributes: { name: tag.name, deleted: tag.deleted, createdAt: tag.createdAt, updatedAt: tag.createdAt },
    links: { self: `/v1/tags/${tag.id}` },
  };
}

/**
 * One page of `GET /v1/tags` (`page` from 1, `pageSize` up to 100; `deleted=false` leaves deleted
 * tags out, `deleted=true` lists only them), with `links.next` while more pages follow.
 * @param {TagStore} store
 * @param {URLSearchParams} query
 */
export function tagPage(store, query) {
  const deleted = query.get('deleted') === 'false' ? false : query.get('deleted') === 'true' ? true : undefined;
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const pageSize = Math.min(100, Math.max(1, Number.parseInt(query.get('pageSize') ?? '100', 10) || 100));
  const tags = store.all({ deleted });
  const href = (/** @type {number} */ p) =>
    `/v1/tags?${new URLSearchParams({ ...(deleted !== undefined && { deleted: String(deleted) }), page: String(p), pageSize: String(pageSize) })}`;
  const last = Math.max(1, Math.ceil(tags.length / pageSize));
  return {
    data: tags.slice((page - 1) * pageSize, page * pageSize).map(tagResource),
    meta: { page, pageSize, totalPages: last },
    links: { self: href(page), first: href(1), prev: page > 1 ? href(page - 1) : null, next: page < last ? href(page + 1) : null },
  };
}

/**
 * The tag ids a PATCH's `tags` stand for, as `tagsWrittenAs` reads them: `both`, a known tag id or
 * else a name; `ids`, only known tag ids (a name is refused, as a bad parameter); `names`, every
 * string a name (a 24-hex string becomes a new tag of that name). Names Kustomer does not know
 * become new tags. Returns the ids, or the strings refused.
 * @param {TagStore} store
 * @param {string[]} sent
 * @param {'both'|'ids'|'names'} mode
 * @returns {{ ids: string[] } | { refused: string[] }}
 */
export function tagIdsOf(store, sent, mode) {
  const known = (/** @type {string} */ s) => store.isId(s) && store.get(s) !== undefined;
  if (mode === 'ids') {
    const refused = sent.filter((s) => !known(s));
    if (refused.length) return { refused };
  }
  const ids = sent.map((s) => (mode !== 'names' && known(s) ? s : store.idForName(s)));
  return { ids: [...new Set(ids)] };
}
