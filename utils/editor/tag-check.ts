/**
 * After a save that sent `tags`: did Kustomer take them as meant? Every id sent should come back,
 * and every name sent come back as a tag of that name. Kustomer does not document the form a
 * PATCH's tags are taken in; an org that takes every string as a name turns an id into a new tag
 * named after it. Pure: the names of the tags come from the org's list.
 */
import { isTagId, type TagForm } from '@/utils/kustomer/tags';

export interface TagOutcome {
  /** One sentence: what Kustomer did. */
  message: string;
  /** Where Kustomer took the tags in another form than they were sent: the tags meant, in that form. */
  fix?: { tags: string[]; form: TagForm };
}

/**
 * `sent`: the tags the save sent; `kept`: the tags Kustomer's answer holds; `nameOf`: a tag id's
 * name, when known; `idOf`: the id of the org's tag of a name, when known.
 */
export function tagOutcome(
  sent: readonly string[],
  kept: readonly string[],
  nameOf: (id: string) => string | undefined,
  idOf: (name: string) => string | undefined,
): TagOutcome | undefined {
  const meant = sent.map((t) => (isTagId(t) ? (nameOf(t) ?? t) : t));
  const held = kept.map((t) => (isTagId(t) ? (nameOf(t) ?? t) : t));
  const lower = (list: string[]) => new Set(list.map((n) => n.toLowerCase()));
  const heldSet = lower(held);
  const meantSet = lower(meant);
  const missing = meant.filter((n) => !heldSet.has(n.toLowerCase()));
  const extra = held.filter((n) => !meantSet.has(n.toLowerCase()));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const show = (n: string) => (isTagId(n) ? `${n.slice(0, 8)}…` : n);
  const list = (names: string[]) => names.map(show).join(', ');
  const sentIds = sent.some(isTagId);
  const namedLikeIds = extra.filter(isTagId);
  const message = namedLikeIds.length
    ? `Kustomer created ${namedLikeIds.length === 1 ? 'a tag' : 'tags'} named ${list(namedLikeIds)} instead of ${missing.length ? `adding ${list(missing)}` : 'taking the tag ids sent'}: it takes tags by name here.`
    : `Kustomer holds other tags than were sent:${extra.length ? ` it added ${list(extra)}` : ''}${extra.length && missing.length ? ' and' : ''}${missing.length ? ` it left out ${list(missing)}` : ''}.`;
  // Ids sent came back as tags named after them: the org takes names. Names sent that came back as
  // tags named otherwise would be the other way round.
  const form: TagForm | undefined = namedLikeIds.length && sentIds ? 'names' : !sentIds && missing.length && extra.length === 0 ? 'ids' : undefined;
  if (!form) return { message };
  return { message, fix: { form, tags: meant.map((name) => (form === 'names' ? name : (idOf(name) ?? name))) } };
}

/** The tags to send in the form an org takes them (ids by their names, or names by their ids, where known). */
export function tagsInForm(tags: readonly string[], form: TagForm | undefined, nameOf: (id: string) => string | undefined, idOf: (name: string) => string | undefined): string[] {
  if (!form) return [...tags];
  return tags.map((t) => (form === 'names' ? (isTagId(t) ? (nameOf(t) ?? t) : t) : isTagId(t) ? t : (idOf(t) ?? t)));
}

