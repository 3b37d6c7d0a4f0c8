/**
 * The org's tag list, kept by the background in the extension origin's IndexedDB, per org: names
 * for the tag ids customers carry, and the tags the editor offers as the agent types. Orgs have
 * thousands of tags and every agent's browser shares one API budget with every integration, so:
 * a full read (`GET /v1/tags?deleted=false`, every page) at most once per org per 24 hours or when
 * the agent asks; between full reads an id the list does not know is looked up alone (at most 20
 * per customer, 404s remembered); list reads pause while under 20 % of the org's budget is left;
 * a credential without the tag-read role is remembered and not asked again.
 */
import { transact } from '@/utils/storage/db';
import type { KustomerApi } from '@/utils/kustomer/client';
import { ok, type Result } from '@/utils/kustomer/errors';
import type { TagForm, TagInfo } from '@/utils/kustomer/tags';
import { clockTime } from '@/utils/time';

export const FULL_READ_EVERY_MS = 24 * 3600_000;
export const LOOKUPS_PER_CUSTOMER = 20;
/** List reads pause while less than this part of the org's budget is left. */
export const BUDGET_RESERVE = 0.2;
const MAX_PAGES = 500;

/** What the background keeps of one org's tags. */
export interface OrgTags {
  org: string;
  /** When the last full read finished (epoch ms). */
  readAt?: number;
  /** Every tag known by id: from the list, or looked up alone. */
  tags: Record<string, { name: string; deleted?: boolean }>;
  /** Ids looked up alone that Kustomer does not know (404), with when. */
  missing: Record<string, number>;
  /** A full read cut short by the budget: the page to go on from, and what was read so far. */
  progress?: { page: number; tags: Record<string, { name: string; deleted?: boolean }> };
  /** Fingerprint of the credential that Kustomer refused the tag list (tag-read role missing). */
  deniedFor?: string;
  /** How Kustomer turned out to take a PATCH's tags in this org (learned after a save). */
  writeForm?: TagForm;
  /** How this org's customers last gave their tags. */
  readForm?: TagForm;
}

export interface OrgTagStore {
  get(org: string): Promise<OrgTags | undefined>;
  put(record: OrgTags): Promise<void>;
}

/** The tag lists in the extension origin's IndexedDB (store `tags`, one record per org). */
export const orgTagStore: OrgTagStore = {
  async get(org) {
    const value = await transact('tags', 'readonly', (store) => store.get(org));
    return value && typeof value === 'object' && value.org === org ? value : undefined;
  },
  async put(record) {
    await transact('tags', 'readwrite', (store) => store.put(record, record.org));
  },
};

export type TagListState = 'ready' | 'denied' | 'paused' | 'failed';

/** What the editor gets: the list (as far as known), and names for the ids it asked about. */
export interface TagListView {
  state: TagListState;
  tags: TagInfo[];
  /** For each id asked about: its tag, or null when Kustomer has no such tag. Ids left out are not known. */
  names: Record<string, TagInfo | null>;
  readAt?: number;
  /** For the agent, when the state is not `ready`. */
  message?: string;
  writeForm?: TagForm;
  readForm?: TagForm;
}

export const TAG_ROLE_NOTE =
  'Tag names cannot be shown: the key lacks the tag-read role (org.permission.tag.read). Tags can still be removed, and new ones added by name.';

export interface TagDirectoryDeps {
  store: OrgTagStore;
  now?: () => number;
}

/** One org's tag list: the background's single owner of it (reads are single-flight per org). */
export function createTagDirectory({ store, now = () => Date.now() }: TagDirectoryDeps) {
  const reading = new Map<string, Promise<OrgTags>>();

  async function load(org: string): Promise<OrgTags> {
    return (await store.get(org).catch(() => undefined)) ?? { org, tags: {}, missing: {} };
  }

  /** A full read, or the rest of one the budget paused; what is known stays usable meanwhile. */
  async function readAll(api: KustomerApi, record: OrgTags, fingerprint: string): Promise<OrgTags> {
    const into = { ...(record.progress?.tags ?? {}) };
    for (let page = record.progress?.page ?? 1; page <= MAX_PAGES; page++) {
      if (api.budget.below(BUDGET_RESERVE, now())) {
        const next: OrgTags = { ...record, tags: { ...record.tags, ...into }, progress: { page, tags: into } };
        await store.put(next);
        return next;
      }
      const result = await api.listTags(page);
      if (!result.ok) {
        const next: OrgTags = result.error.status === 401 ? { ...record, deniedFor: fingerprint, progress: undefined } : record;
        if (next !== record) await store.put(next);
        throw result.error;
      }
      for (const tag of result.value.tags) into[tag.id] = tag.deleted ? { name: tag.name, deleted: true } : { name: tag.name };
      if (!result.value.next) break;
    }
    // Deleted tags are not listed; those looked up alone stay known.
    const deleted = Object.fromEntries(Object.entries(record.tags).filter(([, t]) => t.deleted));
    const next: OrgTags = { ...record, tags: { ...deleted, ...into }, readAt: now(), progress: undefined, missing: {} };
    await store.put(next);
    return next;
  }

  function view(record: OrgTags, names: Record<string, TagInfo | null>, state: TagListState, message?: string): TagListView {
    return {
      state,
      tags: Object.entries(record.tags)
        .filter(([, t]) => !t.deleted)
        .map(([id, t]) => ({ id, name: t.name })),
      names,
      readAt: record.readAt,
      message,
      writeForm: record.writeForm,
      readForm: record.readForm,
    };
  }

  function namesFrom(record: OrgTags, ids: readonly string[]): Record<string, TagInfo | null> {
    const names: Record<string, TagInfo | null> = {};
    for (const id of ids) {
      const tag = record.tags[id];
      if (tag) names[id] = { id, ...tag };
      else if (record.missing[id] !== undefined) names[id] = null;
    }
    return names;
  }

  return {
    /**
     * The org's list and names for `ids` (a customer's tags): a full read when the list is older
     * than 24 hours or `refresh` asks for one, else what is kept; ids the list does not know are
     * looked up alone.
     */
    async list(api: KustomerApi, fingerprint: string, ids: readonly string[] = [], refresh = false): Promise<Result<TagListView>> {
      let record = await load(api.org);
      if (record.deniedFor === fingerprint) return ok(view(record, namesFrom(record, ids), 'denied', TAG_ROLE_NOTE));
      const stale = record.readAt === undefined || now() - record.readAt >= FULL_READ_EVERY_MS || record.progress !== undefined;
      if (stale || refresh) {
        const base = refresh ? { ...record, progress: undefined } : record;
        let pending = reading.get(api.org);
        if (!pending) {
          pending = readAll(api, base, fingerprint).finally(() => reading.delete(api.org));
          reading.set(api.org, pending);
        }
        try {
          record = await pending;
        } catch (error) {
          record = await load(api.org);
          if (record.deniedFor === fingerprint) return ok(view(record, namesFrom(record, ids), 'denied', TAG_ROLE_NOTE));
          const message = (error as { message?: string }).message ?? 'The tag list could not be read.';
          return ok(view(record, namesFrom(record, ids), 'failed', `The org's tag list could not be read: ${message}`));
        }
        if (record.progress) {
          const at = api.budget.resetAt();
          const when = at ? ` It goes on after ${clockTime(at)}.` : '';
          return ok(view(record, namesFrom(record, ids), 'paused', `Reading the org's tags paused: little of its API budget is left.${when}`));
        }
      }
      // Ids the list does not know: looked up alone, a few at a time, the answers kept.
      const unknown = [...new Set(ids)].filter((id) => !record.tags[id] && record.missing[id] === undefined).slice(0, LOOKUPS_PER_CUSTOMER);
      if (unknown.length) {
        const tags = { ...record.tags };
        const missing = { ...record.missing };
        let denied = false;
        for (const id of unknown) {
          const found = await api.getTag(id);
          if (found.ok) tags[id] = found.value.deleted ? { name: found.value.name, deleted: true } : { name: found.value.name };
          else if (found.error.status === 404) missing[id] = now();
          else if (found.error.status === 401) {
            denied = true;
            break;
          } else break;
        }
        record = { ...record, tags, missing, ...(denied && { deniedFor: fingerprint }) };
        await store.put(record);
        if (denied) return ok(view(record, namesFrom(record, ids), 'denied', TAG_ROLE_NOTE));
      }
      return ok(view(record, namesFrom(record, ids), 'ready'));
    },

    /** Names of tag ids from what is kept, looking up (alone, at most 20) the ones not known; no full read. */
    async names(api: KustomerApi, fingerprint: string, ids: readonly string[]): Promise<Record<string, string>> {
      let record = await load(api.org);
      const unknown = [...new Set(ids)].filter((id) => !record.tags[id] && record.missing[id] === undefined).slice(0, LOOKUPS_PER_CUSTOMER);
      if (unknown.length && record.deniedFor !== fingerprint) {
        const tags = { ...record.tags };
        for (const id of unknown) {
          const found = await api.getTag(id);
          if (!found.ok) break;
          tags[id] = { name: found.value.name, ...(found.value.deleted && { deleted: true }) };
        }
        record = { ...record, tags };
        await store.put(record);
      }
      return Object.fromEntries(ids.flatMap((id) => (record.tags[id] ? [[id, record.tags[id]!.name]] : [])));
    },

    /** Remembers how Kustomer takes a PATCH's tags in this org. */
    async setWriteForm(org: string, form: TagForm): Promise<void> {
      await store.put({ ...(await load(org)), writeForm: form });
    },

    /** Remembers how the org's customers give their tags (a customer was read with some). */
    async noteReadForm(org: string, form: TagForm | undefined): Promise<void> {
      if (!form) return;
      const record = await load(org);
      if (record.readForm !== form) await store.put({ ...record, readForm: form });
    },
  };
}

export type TagDirectory = ReturnType<typeof createTagDirectory>;
