/**
 * The org's tags as Kustomer gives them (`GET /v1/tags`, `GET /v1/tags/{id}`): tag objects with a
 * 24-hex id and a name. A customer's `tags` are read as these ids (Kustomer's reference), maybe as
 * names; this is the shared vocabulary of both sides, read leniently.
 */

export interface TagInfo {
  id: string;
  name: string;
  /** Deleted in the org (still on customers that had it). */
  deleted?: boolean;
}

/** The form in which an org's customers give their tags, or take them in a PATCH. */
export type TagForm = 'ids' | 'names';

const TAG_ID = /^[0-9a-f]{24}$/;

/** Whether a customer's tag is a tag id (24 lowercase hex) rather than a name. */
export function isTagId(tag: string): boolean {
  return TAG_ID.test(tag);
}

/** The form a customer's tags read in: ids if any is an id, names if there are tags, else unknown. */
export function tagFormOf(tags: readonly string[]): TagForm | undefined {
  if (tags.length === 0) return undefined;
  return tags.some(isTagId) ? 'ids' : 'names';
}

/** `tag …b7953`: how an id without a known name shows. */
export function shortTagId(id: string): string {
  return `tag …${id.slice(-5)}`;
}

function tagOf(resource: unknown): TagInfo | undefined {
  if (!resource || typeof resource !== 'object') return undefined;
  const { id, type, attributes } = resource as { id?: unknown; type?: unknown; attributes?: unknown };
  if (typeof id !== 'string' || !isTagId(id) || (type !== undefined && type !== 'tag')) return undefined;
  const name = (attributes as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '') return undefined;
  const deleted = (attributes as { deleted?: unknown }).deleted === true;
  return deleted ? { id, name, deleted } : { id, name };
}

/** One page of `GET /v1/tags`: its tags, and whether `links.next` names another page. */
export function parseTagPage(document: unknown): { tags: TagInfo[]; next: boolean } | undefined {
  const data = (document as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const next = (document as { links?: { next?: unknown } }).links?.next;
  return { tags: data.map(tagOf).filter((t): t is TagInfo => t !== undefined), next: typeof next === 'string' && next !== '' };
}

/** The tag of `GET /v1/tags/{id}`. */
export function parseTag(document: unknown): TagInfo | undefined {
  return tagOf((document as { data?: unknown } | null)?.data);
}
