// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Credentials } from '@/utils/storage/credentials';
import { memoryStore } from './support/memory-credentials';
import { createDraftStore } from '@/utils/storage/drafts';
import { formFromCustomer, bodyFromForm } from '@/utils/editor/form';
import { createMessageHandler, type CredentialStore } from '@/utils/background/handler';
import { createDelivery } from '@/utils/outbox/delivery';
import type { OutboxEntry } from '@/utils/outbox/entries';
import type { MessageSender } from '@/utils/messaging/senders';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT_ID}/`;
const POPUP: MessageSender = { id: EXT_ID, url: `${ORIGIN}popup.html?customer=x` };
const OPTIONS_TAB: MessageSender = { id: EXT_ID, url: `${ORIGIN}options.html`, tab: { id: 4 }, frameId: 0 };
const CONTENT_SCRIPT: MessageSender = { id: EXT_ID, url: 'https://acme.kustomerapp.com/app/customers/1', tab: { id: 3 }, frameId: 0 };
const CONTENT_SCRIPT_IFRAME: MessageSender = { ...CONTENT_SCRIPT, frameId: 7 };
const OTHER_EXTENSION: MessageSender = { id: 'zzzz', url: 'chrome-extension://zzzz/popup.html' };
const ID = '58210c3db0f09110006b7953';
const KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJvcmdOYW1lIjoiYWNtZSJ9.c2ln'; // payload {"orgName":"acme"}

function setup(initial: Partial<Credentials> = { org: 'acme', apiKey: KEY }, answer: () => Response = () => customer()) {
  const requests: { url: string; init: RequestInit }[] = [];
  const credentials = memoryStore(initial);
  const remembered: [string, string][] = [];
  const handle = createMessageHandler({
    extensionId: EXT_ID,
    extensionOrigin: ORIGIN,
    credentials,
    drafts: createDraftStore(),
    recent: { remember: async (id, label) => void remembered.push([id, label]) },
    api: {
      fetch: (async (url: string, init: RequestInit) => {
        requests.push({ url, init });
        return answer();
      }) as unknown as typeof fetch,
      sleep: async () => {},
    },
  });
  return { handle, requests, credentials, remembered };
}

/** A draft as the popup hands it over: Ada with a tag being typed. */
function draftOf(tagDraft: string, customerId = ID) {
  const form = formFromCustomer({ id: customerId, rev: 2, name: 'Ada', tags: ['vip'], emails: [], phones: [], attributes: {} } as never);
  return { customerId, form, tagDraft, base: bodyFromForm(form), baseRev: 2, savedAt: 1 };
}

const customer = (tags = ['vip']) =>
  new Response(JSON.stringify({ data: { type: 'customer', id: ID, attributes: { name: 'Ada', tags, rev: 2 } } }), { status: 200 });

describe('message handler', () => {
  it('answers extension pages and never puts the key in a reply', async () => {
    const { handle } = setup();
    for (const sender of [POPUP, OPTIONS_TAB]) {
      const reply = await handle({ type: 'settings.get' }, sender);
      expect(reply).toEqual({ ok: true, value: { org: 'acme', hasApiKey: true, keyOrg: 'acme' } });
      expect(JSON.stringify(reply)).not.toContain(KEY);
    }
  });

  it.each([
    ['content script', CONTENT_SCRIPT],
    ['content script in an iframe', CONTENT_SCRIPT_IFRAME],
    ['another extension', OTHER_EXTENSION],
    ['a sender with no url', { id: EXT_ID }],
  ])('refuses privileged requests from %s', async (_name, sender) => {
    const { handle, requests, credentials } = setup();
    for (const message of [
      { type: 'settings.get' },
      { type: 'settings.save', org: 'evil', apiKey: 'stolen' },
      { type: 'settings.clear' },
      { type: 'connection.test' },
      { type: 'customer.get', customerId: ID },
      { type: 'customer.update', customerId: ID, changes: { tags: ['x'] } },
      { type: 'customer.lookup', by: 'email', value: 'a@b.c' },
      { type: 'draft.get', customerId: ID },
      { type: 'draft.save', draft: draftOf('x') },
      { type: 'draft.clear', customerId: ID },
    ]) {
      const reply = await handle(message, sender as MessageSender);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
      expect(JSON.stringify(reply)).not.toContain(KEY);
    }
    expect(requests).toHaveLength(0);
    expect(credentials.data).toEqual({ org: 'acme', apiKey: KEY });
  });

  it('tells a context that may not ask nothing about what a well-formed request would be', async () => {
    const { handle } = setup();
    for (const message of [{ type: 'customer.update', customerId: 'x', changes: { foo: 1 } }, { nonsense: true }, 'x']) {
      const reply = await handle(message, CONTENT_SCRIPT);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
      expect(!reply.ok && reply.error.issues).toBeUndefined();
    }
  });

  it('lets its own top-frame content script ask for a conversation\'s customer only', async () => {
    const { handle } = setup(undefined, () =>
      new Response(JSON.stringify({ data: { id: ID.replace('5', '6'), relationships: { customer: { data: { id: ID } } } } })),
    );
    expect(await handle({ type: 'conversation.customer', conversationId: 'a'.repeat(24) }, CONTENT_SCRIPT)).toEqual({ ok: true, value: ID });
    expect(await handle({ type: 'conversation.customer', conversationId: 'a'.repeat(24) }, CONTENT_SCRIPT_IFRAME)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
  });

  it.each([
    undefined,
    null,
    'settings.get',
    42,
    [],
    { type: 'nope' },
    { type: 'customer.get' },
    { type: 'customer.get', customerId: 'not-an-id' },
    { type: 'customer.get', customerId: ID, extra: true },
    { type: 'settings.save', org: 'acme', apiKey: 'x'.repeat(10_000) },
    { type: 'customer.get', customerId: ID, remember: 'yes' },
    { type: 'draft.save', draft: { ...draftOf('x'), customerId: 'not-an-id' } },
    { type: 'draft.save', draft: { ...draftOf('x'), form: { tags: 'vip' } } },
    { type: 'draft.save', draft: { ...draftOf('x'), extra: 1 } },
    { type: 'draft.save', draft: draftOf('x'.repeat(600 * 1024)) },
    { type: 'draft.clear' },
  ])('refuses the malformed request %j with a reason', async (message) => {
    const { handle, requests } = setup();
    const reply = await handle(message, POPUP);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(!reply.ok && reply.error.message).toMatch(/^Refused a malformed request: .+/);
    expect(requests).toHaveLength(0);
  });

  it('keeps drafts in the order they arrive: a read right after a write sees it', async () => {
    const { handle } = setup();
    // Sent back to back with no await, as a popup closed at once and opened again does.
    const replies = [
      handle({ type: 'draft.save', draft: draftOf('a') }, POPUP),
      handle({ type: 'draft.save', draft: draftOf('ab') }, POPUP),
      handle({ type: 'draft.get', customerId: ID }, POPUP),
      handle({ type: 'draft.clear', customerId: ID }, POPUP),
      handle({ type: 'draft.get', customerId: ID }, POPUP),
    ];
    const [saved, , read, cleared, gone] = await Promise.all(replies);
    expect(saved).toEqual({ ok: true, value: null });
    expect(read).toMatchObject({ ok: true, value: { customerId: ID, tagDraft: 'ab' } });
    expect(cleared).toEqual({ ok: true, value: null });
    expect(gone).toEqual({ ok: true, value: null });
  });

  it("discarding a draft lets go of that customer's refused save; saves still being tried stay, and Dismiss does the same", async () => {
    const entries = new Map<string, OutboxEntry>();
    const counts: number[] = [];
    const entry = (customerId: string, state: OutboxEntry['state']): OutboxEntry => ({ customerId, changes: { name: 'x' }, label: 'Ada', createdAt: 1, attempts: 1, nextAt: 1, state });
    const OTHER = '58210c3db0f09110006b7954';
    const THIRD = '58210c3db0f09110006b7955';
    entries.set(ID, entry(ID, 'failed')).set(OTHER, entry(OTHER, 'waiting')).set(THIRD, entry(THIRD, 'failed'));
    const handle = createMessageHandler({
      extensionId: EXT_ID,
      extensionOrigin: ORIGIN,
      credentials: memoryStore({ org: 'acme', apiKey: KEY }),
      drafts: createDraftStore(),
      outbox: (api) =>
        createDelivery({
          store: { put: async (e) => void entries.set(e.customerId, e), get: async (id) => entries.get(id), list: async () => [...entries.values()], remove: async (id) => void entries.delete(id) },
          api,
          schedule: () => {},
          changed: (list) => counts.push(list.length),
          delivered: async () => {},
        }),
    });
    expect(await handle({ type: 'draft.clear', customerId: ID }, POPUP)).toEqual({ ok: true, value: null });
    expect([...entries.keys()]).toEqual([OTHER, THIRD]);
    expect(counts.at(-1)).toBe(2);
    await handle({ type: 'draft.clear', customerId: OTHER }, POPUP);
    expect([...entries.keys()]).toEqual([OTHER, THIRD]); // still being tried
    expect(await handle({ type: 'outbox.dismiss', customerId: THIRD }, POPUP)).toMatchObject({ ok: true, value: [{ customerId: OTHER }] });
    expect(counts.at(-1)).toBe(1);
    expect(await handle({ type: 'outbox.dismiss', customerId: THIRD }, CONTENT_SCRIPT)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  it('answers privileged requests only for extension pages in the top frame', async () => {
    const { handle } = setup();
    const framed: MessageSender = { id: EXT_ID, url: `${ORIGIN}popup.html`, tab: { id: 3 }, frameId: 2 };
    expect(await handle({ type: 'settings.get' }, framed)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await handle({ type: 'settings.get' }, OPTIONS_TAB)).toMatchObject({ ok: true });
  });

  it('remembers a customer among the recent ones when the editor opens it, not on other reads', async () => {
    const { handle, remembered } = setup();
    expect(await handle({ type: 'customer.get', customerId: ID }, POPUP)).toMatchObject({ ok: true });
    expect(remembered).toEqual([]);
    expect(await handle({ type: 'customer.get', customerId: ID, remember: true }, POPUP)).toMatchObject({ ok: true });
    expect(remembered).toEqual([[ID, 'Ada']]);
    const missing = setup(undefined, () => new Response('{"errors":[{"status":404}]}', { status: 404 }));
    expect(await missing.handle({ type: 'customer.get', customerId: ID, remember: true }, POPUP)).toMatchObject({ ok: false });
    expect(missing.remembered).toEqual([]);
  });

  it('validates an update body before any request and names the field', async () => {
    const { handle, requests } = setup();
    const reply = await handle({ type: 'customer.update', customerId: ID, changes: { tags: [' leading space'], foo: 1 } }, POPUP);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['tags.0']));
    expect(requests).toHaveLength(0);
  });

  it('PATCHes a valid update with the saved key and returns the customer', async () => {
    const { handle, requests } = setup(undefined, () => customer(['vip', 'new']));
    const reply = await handle({ type: 'customer.update', customerId: ID, changes: { tags: ['vip', 'new'] } }, POPUP);
    expect(reply).toMatchObject({ ok: true, value: { id: ID, tags: ['vip', 'new'] } });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(`https://acme.api.kustomerapp.com/v1/customers/${ID}`);
    expect(JSON.parse(String(requests[0]!.init.body))).toEqual({ tags: ['vip', 'new'] });
    expect((requests[0]!.init.headers as Record<string, string>).Authorization).toBe(`Bearer ${KEY}`);
  });

  it('says what to do when no key or org is saved', async () => {
    expect(await setup({}).handle({ type: 'customer.get', customerId: ID }, POPUP)).toMatchObject({
      ok: false,
      error: { kind: 'no-key', message: expect.stringContaining('open Settings') },
    });
    expect(await setup({ apiKey: KEY }).handle({ type: 'customer.get', customerId: ID }, POPUP)).toMatchObject({
      ok: false,
      error: { kind: 'no-org' },
    });
  });

  it('saves settings cleaned and normalised, and refuses bad ones without saving', async () => {
    const { handle, credentials } = setup({});
    const saved = await handle({ type: 'settings.save', org: 'https://Acme.kustomerapp.com/app', apiKey: ` Bearer ${KEY} ` }, OPTIONS_TAB);
    expect(saved).toEqual({ ok: true, value: { org: 'acme', hasApiKey: true, keyOrg: 'acme' } });
    expect(credentials.data).toEqual({ org: 'acme', apiKey: KEY });

    const badOrg = await handle({ type: 'settings.save', org: 'acme corp', apiKey: 'other' }, OPTIONS_TAB);
    expect(badOrg).toMatchObject({ ok: false, error: { kind: 'invalid-request', issues: [{ path: 'org' }] } });
    const badKey = await handle({ type: 'settings.save', org: 'acme', apiKey: 'two words' }, OPTIONS_TAB);
    expect(badKey).toMatchObject({ ok: false, error: { issues: [{ path: 'apiKey' }] } });
    expect(credentials.data).toEqual({ org: 'acme', apiKey: KEY });

    // Org alone keeps the saved key.
    await handle({ type: 'settings.save', org: 'globex' }, OPTIONS_TAB);
    expect(credentials.data).toEqual({ org: 'globex', apiKey: KEY });
  });

  it('tests a connection: accepted, refused, unreachable', async () => {
    const accepted = await setup(undefined, () => new Response('{"data":{}}')).handle({ type: 'connection.test' }, OPTIONS_TAB);
    expect(accepted).toMatchObject({ ok: true, value: { orgReached: true, keyAccepted: true, host: 'acme.api.kustomerapp.com' } });

    const refused = await setup(undefined, () => new Response('{"errors":[{"title":"Unauthorized"}]}', { status: 401 })).handle(
      { type: 'connection.test', org: 'globex' },
      OPTIONS_TAB,
    );
    expect(refused).toMatchObject({
      ok: true,
      value: { orgReached: true, keyAccepted: false, message: expect.stringContaining('The key names org "acme", not "globex"') },
    });

    const unreachable = await setup(undefined, () => {
      throw new TypeError('Failed to fetch');
    }).handle({ type: 'connection.test' }, OPTIONS_TAB);
    expect(unreachable).toMatchObject({
      ok: true,
      value: { orgReached: false, keyAccepted: false, message: expect.stringContaining('Could not reach acme.api.kustomerapp.com') },
    });
  });
});

describe('the page.context request', () => {
  it('is told apart by the content script’s plain guard exactly as by the protocol’s schema', async () => {
    const v = await import('valibot');
    const { PageRequestSchema } = await import('@/utils/messaging/protocol');
    const { isPageContextRequest } = await import('@/utils/messaging/page-context');
    const inputs: unknown[] = [
      { type: 'page.context' },
      { type: 'page.context', extra: 1 },
      { type: 'page.contexts' },
      { type: 'settings.get' },
      {},
      [],
      ['page.context'],
      null,
      undefined,
      'page.context',
      42,
      { type: undefined },
      Object.assign(Object.create(null), { type: 'page.context' }),
    ];
    for (const input of inputs) expect(isPageContextRequest(input), JSON.stringify(input)).toBe(v.is(PageRequestSchema, input));
  });
});
