/**
 * The org's tags as the editor uses them: names for the tag ids a customer carries (filled in when
 * known; the customer shows without waiting for them), the tags "Add tag" offers, the form a picked
 * tag is added in, and the check of what Kustomer did with the tags a save sent.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import type { Customer } from '@/utils/kustomer/customer';
import { MAX_TAGS } from '@/utils/kustomer/patch/formats';
import { tagProblem } from '@/utils/kustomer/patch/tags';
import { sendRequest } from '@/utils/messaging/send';
import type { TagOutcome } from '@/utils/editor/tag-check';
import type { TagListView } from '@/utils/background/tag-list';
import { isTagId, shortTagId, tagFormOf, type TagForm, type TagInfo } from '@/utils/kustomer/tags';
import type { TagChoices, TagLabel } from '@/components/editor/TagEditor';

type TagList = Omit<TagListView, 'state'> & { state: TagChoices['state'] };

export function useTagList(customer: Customer | undefined) {
  const [list, setList] = useState<TagList>({ state: 'loading', tags: [], names: {} });
  /** The list as of now, for code that resumes after an await. */
  const latest = useRef(list);
  latest.current = list;
  /** The read on its way, if any: a save waits for it rather than guess what a typed name is. */
  const reading = useRef<Promise<TagList> | undefined>(undefined);
  const byId = useMemo(() => new Map(list.tags.map((t) => [t.id, t])), [list.tags]);
  const byName = useMemo(() => new Map(list.tags.map((t) => [t.name.toLowerCase(), t])), [list.tags]);

  /** A tag id's tag: null when Kustomer has no such tag, undefined when not known (yet). */
  const known = (id: string): TagInfo | null | undefined => {
    const named = latest.current.names[id];
    return named ?? byId.get(id) ?? named;
  };
  const nameOf = (id: string) => known(id)?.name;
  const idOf = (name: string) => byName.get(name.toLowerCase())?.id;

  /** Asks the background for the list and for names of `ids`; what it answers is added to what is known. */
  function load(ids: string[], refresh = false): Promise<TagList> {
    const read = loadNow(ids, refresh);
    reading.current = read;
    void read.finally(() => reading.current === read && (reading.current = undefined));
    return read;
  }

  async function loadNow(ids: string[], refresh: boolean): Promise<TagList> {
    if (refresh) setList((l) => ({ ...l, state: 'loading' }));
    const reply = await sendRequest({ type: 'tags.list', ids: [...new Set(ids)].slice(0, 100), ...(refresh && { refresh: true as const }) });
    const next: TagList = reply.ok
      ? { ...reply.value, names: { ...latest.current.names, ...reply.value.names } }
      : { ...latest.current, state: 'failed', message: `The org's tags could not be read: ${reply.error.message}` };
    latest.current = next;
    setList(next);
    return next;
  }

  /** How a tag the customer has shows: an id by its name once known, else `tag …b7953`. */
  function label(tag: string): TagLabel {
    if (!isTagId(tag)) {
      const problem = tagProblem(tag);
      return { text: tag, remove: `Remove tag ${tag}`, note: problem ? `cannot be saved back: ${problem}` : undefined };
    }
    const tagInfo = known(tag);
    if (tagInfo) return { text: tagInfo.name, title: tag, remove: `Remove tag ${tagInfo.name}`, note: tagInfo.deleted ? 'deleted in Kustomer' : undefined };
    return { text: shortTagId(tag), title: tag, remove: `Remove tag id ${tag}`, note: tagInfo === null ? 'not a tag Kustomer knows' : undefined };
  }

  const given = customer?.tags ?? [];
  /** The form a tag is added in, as of `l`: what the org takes, else what this customer's tags read as. */
  const formIn = (l: TagList): TagForm => l.writeForm ?? tagFormOf(given) ?? l.readForm ?? 'ids';
  const form = formIn(list);
  const pick = (tag: TagInfo) => (form === 'ids' ? tag.id : tag.name);
  const count = new Set(given).size;
  const note =
    list.state !== 'loading' && list.state !== 'ready'
      ? list.message
      : count > MAX_TAGS
        ? `Kustomer gave ${count} tags; it takes at most ${MAX_TAGS}: remove ${count - MAX_TAGS} to save a change of tags.`
        : undefined;

  return {
    choices: { state: list.state, tags: list.tags } satisfies TagChoices,
    label,
    text: (tag: string) => label(tag).text,
    pick,
    /** A name typed whole: the org's tag of that name (any case) when the list has it, else the name. */
    resolve: (typed: string) => {
      const now = latest.current;
      const tag = now.tags.find((t) => t.name.toLowerCase() === typed.toLowerCase());
      if (!tag) return typed;
      return formIn(now) === 'ids' ? tag.id : tag.name;
    },
    /** Resolves once the org's list has been read: at once when it has; else the read on its way, or one started now. */
    whenListed: async (): Promise<void> => {
      if (latest.current.state === 'loading') await (reading.current ?? load(given.filter(isTagId))).catch(() => undefined);
    },
    note,
    /** The first read of the list, unless a fast Ctrl+S asked for it first (on its way or done). */
    load: () => {
      if (!reading.current && latest.current.state === 'loading') void load(given.filter(isTagId));
    },
    refresh: () => void load(given.filter(isTagId), true),
    /** Whether tags are sent in another form than given (an org found to take another form). */
    converts: list.writeForm !== undefined,
    /** The tags to send, in the form the org was found to take (as given otherwise). */
    async forSave(tags: string[]): Promise<string[]> {
      const form = latest.current.writeForm;
      // Rare (an org found to take another form than it gives): its code is a chunk of its own.
      return form ? (await import('@/utils/editor/tag-check')).tagsInForm(tags, form, nameOf, idOf) : tags;
    },
    /** What Kustomer did with the tags sent, when it is not what was meant (names of new tags asked first). */
    async check(sent: string[], kept: string[]): Promise<TagOutcome | undefined> {
      const unnamed = kept.filter((t) => isTagId(t) && known(t) === undefined);
      const [{ tagOutcome }] = await Promise.all([import('@/utils/editor/tag-check'), unnamed.length ? load(unnamed) : undefined]);
      return tagOutcome(sent, kept, nameOf, idOf);
    },
    /** The org takes tags in `form`: so they are sent from now on. */
    learn(form: TagForm) {
      setList((l) => ({ ...l, writeForm: form }));
      latest.current = { ...latest.current, writeForm: form };
      void sendRequest({ type: 'tags.writeForm', form });
    },
  };
}

export type TagListModel = ReturnType<typeof useTagList>;
