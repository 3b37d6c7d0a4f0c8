import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup } from '@/components/popup/Popup';
import { CustomerEditor } from '@/components/editor/CustomerEditor';
import type { Customer } from '@/utils/kustomer/customer';
import { createDraftStore, type CustomerDraft } from '@/utils/storage/drafts';
import type { Result } from '@/utils/kustomer/errors';

const ID = '64b7f0c2a1d3e4f5a6b7c801';
const ada = (tags = ['vip', 'beta-tester'], rev = 12): Customer => ({
  id: ID,
  rev,
  name: 'Ada Lovelace',
  displayName: 'Ada Lovelace',
  emails: [{ email: 'ada@example.com', type: 'work' }],
  phones: [],
  tags,
  attributes: {},
});

type Answer = (message: { type: string; [k: string]: unknown }) => Result<unknown> | Promise<Result<unknown>>;
let received: { type: string; [k: string]: unknown }[];
/** Replies the fake background has not sent yet: a test ends only when its writes are done. */
const answering = new Set<Promise<unknown>>();

/** What the background does with drafts (fake-indexeddb underneath). */
let drafts: ReturnType<typeof createDraftStore>;

async function draftReply(message: any): Promise<Result<unknown>> {
  if (message.type === 'draft.get') return { ok: true, value: (await drafts.load(message.customerId)) ?? null };
  if (message.type === 'draft.save') await drafts.save(message.draft);
  else await drafts.clear(message.customerId);
  return { ok: true, value: null };
}

/** The org's tags, as the background's tag list gives them. */
const TAGS = ['vip', 'beta-tester', 'renewal', 'renewal-q3', 'churn-risk', 'enterprise'].map((name, i) => ({ id: `5f00000000000000000000${String(i).padStart(2, '0')}`, name }));
const tagIdOf = (name: string) => TAGS.find((t) => t.name === name)!.id;
/** How the fake background answers `tags.list` (a test may make it wait, refuse, …). */
let tagReply: (message: any) => Result<unknown> | Promise<Result<unknown>>;
const readyTags = (message: any): Result<unknown> => ({
  ok: true,
  value: { state: 'ready', tags: TAGS, names: Object.fromEntries((message.ids ?? []).map((id: string) => [id, TAGS.find((t) => t.id === id) ?? null])) },
});

/** The background: `answer` for customer requests; drafts kept; the org's tags; no custom attribute definitions; org acme. */
function background(answer: Answer) {
  fakeBrowser.runtime.onMessage.addListener(((message: any, _sender: unknown, sendResponse: (r: unknown) => void) => {
    received.push(message);
    const reply =
      message.type === 'customer.metadata' || message.type === 'outbox.list'
        ? { ok: true, value: [] }
        : message.type === 'settings.get'
          ? { ok: true, value: { org: 'acme', hasApiKey: true, keyOrg: 'acme' } }
          : message.type.startsWith('draft.')
            ? draftReply(message)
            : message.type === 'tags.list'
              ? tagReply(message)
              : message.type === 'tags.writeForm'
                ? { ok: true, value: null }
                : answer(message);
    const sent = Promise.resolve(reply).then(sendResponse);
    answering.add(sent);
    void sent.finally(() => answering.delete(sent));
    return true;
  }) as any);
}

const updates = () => received.filter((m) => m.type === 'customer.update');
const customerRequests = () => received.filter((m) => m.type.startsWith('customer.') && m.type !== 'customer.metadata');


beforeEach(async () => {
  fakeBrowser.reset();
  received = [];
  drafts = createDraftStore();
  tagReply = readyTags;
  // Drafts of one test must not reach the next: wait until the database is gone.
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase('kustomer-customer-updater');
    request.onsuccess = request.onerror = () => resolve();
  });
});
afterEach(async () => {
  cleanup();
  // Messages still on their way (a draft handed over at the last keystroke) land before the next test.
  await vi.waitFor(() => expect(answering.size).toBe(0));
});

async function openEditor(answer: Answer) {
  background(answer);
  render(<Popup customerParam={ID} />);
  await screen.findByRole('heading', { name: 'Ada Lovelace' });
  return screen.getByLabelText('Add tag') as HTMLInputElement;
}

const chips = () => Array.from(document.querySelectorAll('.tag-text')).map((e) => e.textContent);

/** Types into "Add tag" and waits until the list offers something to add (the org's list has loaded). */
async function typeTag(input: HTMLInputElement, text: string) {
  fireEvent.input(input, { target: { value: text } });
  await vi.waitFor(() => expect(document.querySelector('[role="option"][aria-selected="true"]')).not.toBeNull());
}

describe('customer editor', () => {
  it('shows who the customer is and their tags', async () => {
    await openEditor(() => ({ ok: true, value: ada() }));
    expect(screen.getByText('ada@example.com')).toBeTruthy();
    expect(chips()).toEqual(['vip', 'beta-tester']);
    expect(customerRequests()).toEqual([{ type: 'customer.get', customerId: ID, remember: true }]);
    expect(await screen.findByText(`acme · ${ID}`)).toBeTruthy(); // the org arrives once the customer is on screen
  });

  it('adds with Enter and comma, removes with Backspace and ×, and saves only tags', async () => {
    const input = await openEditor((m) =>
      m.type === 'customer.update' ? { ok: true, value: ada((m.changes as { tags: string[] }).tags, 13) } : { ok: true, value: ada() },
    );
    await typeTag(input, 'renewal');
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.input(input, { target: { value: 'a, b,' } });
    expect(chips()).toEqual(['vip', 'beta-tester', 'renewal', 'a', 'b']);
    expect(input.value).toBe('');
    fireEvent.keyDown(input, { key: 'Backspace' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag vip' }));
    expect(chips()).toEqual(['beta-tester', 'renewal', 'a']);

    expect(screen.getByText('Tags: added renewal, a; removed vip')).toBeTruthy(); // the summary before saving
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved (revision 13): Tags: added renewal, a; removed vip')).toBeTruthy();
    expect(updates()).toEqual([{ type: 'customer.update', customerId: ID, changes: { tags: ['beta-tester', 'renewal', 'a'], rev: 12 }, label: 'Ada Lovelace' }]);
  });

  it('refuses invalid and duplicate tags inline, keeping what was typed', async () => {
    const input = await openEditor(() => ({ ok: true, value: ada() }));
    await typeTag(input, 'no!bang');
    fireEvent.keyDown(input, { key: 'Enter' });
    const problem = document.getElementById('tag-problem')!;
    expect(problem.getAttribute('aria-live')).toBe('assertive');
    expect(problem.textContent).toMatch(/^Tag "no!bang"/);
    expect(input.value).toBe('no!bang');
    expect(input.getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(input, { target: { value: 'VIP' } }); // on the customer already: not offered
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(problem.textContent).toMatch(/already/);
    expect(chips()).toEqual(['vip', 'beta-tester']);
  });

  it('does not send an invalid typed tag when Save is pressed', async () => {
    const input = await openEditor(() => ({ ok: true, value: ada() }));
    fireEvent.input(input, { target: { value: 'no!bang' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/^Not saved: /)).toBeTruthy();
    expect(updates()).toHaveLength(0);
    expect(input.value).toBe('no!bang');
  });

  it('saves with Ctrl+S and keeps focus in "Add tag"', async () => {
    const input = await openEditor((m) =>
      m.type === 'customer.update' ? { ok: true, value: ada((m.changes as { tags: string[] }).tags, 13) } : { ok: true, value: ada() },
    );
    input.focus();
    fireEvent.input(input, { target: { value: 'by-keyboard' } });
    fireEvent.keyDown(input, { key: 's', ctrlKey: true });
    expect(await screen.findByText('Saved (revision 13): Tags: added by-keyboard')).toBeTruthy();
    expect(updates()).toEqual([{ type: 'customer.update', customerId: ID, changes: { tags: ['vip', 'beta-tester', 'by-keyboard'], rev: 12 }, label: 'Ada Lovelace' }]);
    expect(document.activeElement).toBe(input);
  });

  it('sends one PATCH however fast Save is pressed', async () => {
    let release: () => void = () => {};
    const input = await openEditor((m) =>
      m.type === 'customer.update'
        ? new Promise((resolve) => (release = () => resolve({ ok: true, value: ada(['vip'], 13) })))
        : { ok: true, value: ada() },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag beta-tester' }));
    expect(document.activeElement).toBe(input); // focus moves back to the input, not to <body>
    for (let i = 0; i < 3; i++) fireEvent.keyDown(input, { key: 's', ctrlKey: true });
    fireEvent.click(await screen.findByRole('button', { name: 'Saving…' }));
    release();
    expect(await screen.findByText(/^Saved \(revision 13\): Tags: removed beta-tester/)).toBeTruthy();
    expect(updates()).toHaveLength(1);
  });

  it('says what Kustomer holds when it answers with other tags than were sent', async () => {
    const input = await openEditor((m) =>
      m.type === 'customer.update' ? { ok: true, value: ada(['vip', 'beta-tester', 'x'], 13) } : { ok: true, value: ada() },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag vip' }));
    fireEvent.input(input, { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved (revision 13): Tags: added x; removed vip')).toBeTruthy();
    expect((await screen.findByText(/^Kustomer holds other tags than were sent/)).textContent).toBe('Kustomer holds other tags than were sent: it added vip. ');
    expect(screen.queryByRole('button', { name: /^Send the tags by/ })).toBeNull(); // nothing to put right in another form
    expect(chips()).toEqual(['vip', 'beta-tester', 'x']);
  });

  it('shows tags that came as ids by their names, and saves them as ids', async () => {
    const unknown = '58210c3db0f09110006b7953';
    let release: () => void = () => {};
    tagReply = (m) => new Promise((resolve) => (release = () => resolve(readyTags(m))));
    const input = await openEditor((m) =>
      m.type === 'customer.update' ? { ok: true, value: ada((m.changes as { tags: string[] }).tags, 13) } : { ok: true, value: ada([tagIdOf('vip'), unknown, tagIdOf('enterprise')]) },
    );
    // On screen before the names: as short ids, each with its full id.
    expect(chips()).toEqual(['tag …00000', 'tag …b7953', 'tag …00005']);
    expect(screen.getByRole('button', { name: `Remove tag id ${unknown}` })).toBeTruthy();
    expect(document.querySelector('.tag')!.getAttribute('title')).toBe(tagIdOf('vip'));
    expect(input.readOnly).toBe(false);
    await vi.waitFor(() => expect(received.some((m) => m.type === 'tags.list')).toBe(true));
    release();
    await vi.waitFor(() => expect(chips()).toEqual(['vip', 'tag …b7953', 'enterprise']));
    expect(received.find((m) => m.type === 'tags.list')).toEqual({ type: 'tags.list', ids: [tagIdOf('vip'), unknown, tagIdOf('enterprise')] });
    expect(screen.getByText('not a tag Kustomer knows')).toBeTruthy();
    // A picked tag is added as its id, as this customer's tags read; removing one sends the rest.
    await typeTag(input, 'ren');
    expect([...document.querySelectorAll('[role="option"]')].map((o) => o.textContent)).toEqual(['renewal', 'renewal-q3', 'Add new tag "ren"']);
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag enterprise' }));
    expect(chips()).toEqual(['vip', 'tag …b7953', 'renewal']);
    expect(screen.getByText('Tags: added renewal; removed enterprise')).toBeTruthy();
    fireEvent.keyDown(input, { key: 's', ctrlKey: true });
    expect(await screen.findByText(/^Saved \(revision 13\)/)).toBeTruthy();
    expect(updates()[0]!.changes).toEqual({ tags: [tagIdOf('vip'), unknown, tagIdOf('renewal')], rev: 12 });
  });

  it('highlights the exact match, else the first prefix match, else the new tag; arrows move, Tab adds, Esc closes the list', async () => {
    const input = await openEditor(() => ({ ok: true, value: ada(['enterprise']) }));
    const options = () => [...document.querySelectorAll('[role="option"]')].map((o) => (o.getAttribute('aria-selected') === 'true' ? `[${o.textContent}]` : o.textContent));
    await typeTag(input, 'RENEWAL');
    expect(options()).toEqual(['[renewal]', 'renewal-q3']); // exact (any case) first; no "new" beside an exact match
    await typeTag(input, 'rene');
    expect(options()).toEqual(['[renewal]', 'renewal-q3', 'Add new tag "rene"']);
    await typeTag(input, 'risk');
    expect(options()).toEqual(['churn-risk', '[Add new tag "risk"]']); // only a match inside: the new tag is highlighted
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(options()).toEqual(['[churn-risk]', 'Add new tag "risk"']);
    expect(input.getAttribute('aria-activedescendant')).toBe(document.querySelector('[aria-selected="true"]')!.id);
    fireEvent.keyDown(input, { key: 'Tab' });
    expect(chips()).toEqual(['enterprise', 'churn-risk']);
    await typeTag(input, 'enter'); // on the customer already: not offered
    expect(options()).toEqual(['[Add new tag "enter"]']);
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(document.querySelector('[role="listbox"]')).toBeNull();
    expect(input.value).toBe('enter'); // Esc closed the list only
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('says "Loading tags…"; an Enter pressed before the org\'s list is there adds the org\'s tag once it is', async () => {
    let release: () => void = () => {};
    tagReply = (m) => new Promise((resolve) => (release = () => resolve(readyTags(m))));
    const input = await openEditor(() => ({ ok: true, value: ada() }));
    fireEvent.input(input, { target: { value: 'churn' } });
    await screen.findByText('Loading tags…');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(chips()).toEqual(['vip', 'beta-tester']); // not guessed: "churn" may be one of the org's
    expect(input.value).toBe('churn');
    await vi.waitFor(() => expect(received.some((m) => m.type === 'tags.list')).toBe(true));
    release();
    await vi.waitFor(() => expect(chips()).toEqual(['vip', 'beta-tester', 'churn-risk'])); // the org's tag, by id
    expect(input.value).toBe('');
  });

  it('a Ctrl+S before the org\'s list is there sends what is typed as the org\'s tag, by id', async () => {
    let release: () => void = () => {};
    tagReply = (m) => new Promise((resolve) => (release = () => resolve(readyTags(m))));
    const input = await openEditor(() => ({ ok: true, value: ada([tagIdOf('vip')]) })); // Kustomer gives ids
    fireEvent.input(input, { target: { value: 'churn-risk' } });
    fireEvent.keyDown(input, { key: 's', ctrlKey: true });
    await vi.waitFor(() => expect(received.some((m) => m.type === 'tags.list')).toBe(true));
    expect(received.some((m) => m.type === 'customer.update')).toBe(false); // waits for the list
    release();
    await vi.waitFor(() => expect((received.find((m) => m.type === 'customer.update') as { changes?: { tags?: string[] } } | undefined)?.changes?.tags).toEqual([tagIdOf('vip'), tagIdOf('churn-risk')]));
  });

  it('without the tag-read role: says so in one line, offers typed names as new tags, and still removes', async () => {
    tagReply = (m) => ({
      ok: true,
      value: { state: 'denied', tags: [], names: {}, message: 'Tag names cannot be shown: the key lacks the tag-read role (org.permission.tag.read). Tags can still be removed, and new ones added by name.' },
    });
    const input = await openEditor(() => ({ ok: true, value: ada([tagIdOf('vip'), 'named']) }));
    expect(await screen.findByText(/org\.permission\.tag\.read/)).toBeTruthy();
    expect(screen.queryByText(/invalid|expired/)).toBeNull();
    await typeTag(input, 'fresh');
    expect([...document.querySelectorAll('[role="option"]')].map((o) => o.textContent)).toEqual(['Add new tag "fresh"']);
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: `Remove tag id ${tagIdOf('vip')}` }));
    expect(chips()).toEqual(['named', 'fresh']);
  });

  it('drops the duplicates Kustomer gave only when tags change, and names a tag it cannot take back', async () => {
    const dup = tagIdOf('vip');
    const input = await openEditor((m) =>
      m.type === 'customer.update'
        ? { ok: true, value: ada((m.changes as { tags?: string[] }).tags ?? [dup, dup, dup, 'no!good'], 12 + updates().length) }
        : { ok: true, value: ada([dup, dup, dup, 'no!good']) },
    );
    await vi.waitFor(() => expect(chips()).toEqual(['vip', 'no!good']));
    expect(screen.getByText(/^cannot be saved back: Tag "no!good" has "!"/)).toBeTruthy();
    // Another field changes: no tags are sent, and the summary shows no edit of them.
    fireEvent.click(screen.getByText('More fields'));
    fireEvent.input(await screen.findByLabelText('Username'), { target: { value: 'countess' } });
    expect(screen.queryByText(/^Tags:/)).toBeNull();
    fireEvent.keyDown(input, { key: 's', ctrlKey: true });
    expect(await screen.findByText(/^Saved/)).toBeTruthy();
    expect(updates()[0]!.changes).toEqual({ username: 'countess', rev: 12 });
    // A tag change with the bad tag still there is refused, naming it; removing it saves.
    await typeTag(input, 'trial');
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.keyDown(input, { key: 's', ctrlKey: true });
    expect(await screen.findByText(/^Not saved/)).toBeTruthy();
    expect(document.getElementById('tag-problem')!.textContent).toMatch(/^Tag "no!good" has "!"/);
    expect(updates()).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag no!good' }));
    fireEvent.keyDown(input, { key: 's', ctrlKey: true });
    await vi.waitFor(() => expect(updates()).toHaveLength(2));
    expect(updates()[1]!.changes).toEqual({ tags: [dup, 'trial'], rev: 13 });
  });

  it('says when nothing changed', async () => {
    const input = await openEditor(() => ({ ok: true, value: ada() }));
    fireEvent.keyDown(input, { key: 's', ctrlKey: true });
    expect(await screen.findByText(/Nothing to save/)).toBeTruthy();
    expect(updates()).toHaveLength(0);
  });

  it('shows the exact error and keeps the edit when the save fails', async () => {
    const input = await openEditor((m) =>
      m.type === 'customer.update'
        ? {
            ok: false,
            error: {
              kind: 'http',
              status: 401,
              message: '401: the key is invalid, expired, or lacks the customer-update role.',
              raw: '{"errors":[{"title":"Unauthorized"}]}',
            },
          }
        : { ok: true, value: ada() },
    );
    fireEvent.input(input, { target: { value: 'kept' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('401: the key is invalid, expired, or lacks the customer-update role.');
    expect(screen.getByText('Tags: added kept')).toBeTruthy(); // still in the summary, ready to save again
    expect(chips()).toContain('kept');
    expect(screen.getByRole('button', { name: 'Open settings' })).toBeTruthy();
    expect(screen.getByText('{"errors":[{"title":"Unauthorized"}]}')).toBeTruthy();
  });

  it('renders customer data as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.pwned=1">';
    background(() => ({ ok: true, value: { ...ada([evil]), name: evil } }));
    render(<Popup customerParam={ID} />);
    expect((await screen.findByRole('heading')).textContent).toBe(evil);
    expect(document.querySelector('img')).toBeNull();
    expect(chips()).toEqual([evil]);
  });

  it('explains a load failure and retries on request', async () => {
    let calls = 0;
    background(() =>
      ++calls === 1
        ? { ok: false, error: { kind: 'network', message: 'Could not reach acme.api.kustomerapp.com.' } }
        : { ok: true, value: ada() },
    );
    render(<Popup customerParam={ID} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Could not reach acme.api.kustomerapp.com.');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();
  });

  it('hands every keystroke to the background as a draft inside the input event, before any await', async () => {
    const input = await openEditor(() => ({ ok: true, value: ada() }));
    const handed = () => received.filter((m) => m.type === 'draft.save').map((m) => (m.draft as CustomerDraft));
    expect(received.filter((m) => m.type.startsWith('draft.')).map((m) => m.type)).toEqual(['draft.get']); // nothing to keep yet
    fireEvent.input(input, { target: { value: 'half' } });
    // No await in between: the message left while the event was handled (a popup closed now loses nothing).
    expect(handed().at(-1)).toMatchObject({ customerId: ID, tagDraft: 'half', baseRev: 12 });
    await vi.waitFor(() => expect(document.querySelector('[aria-selected="true"]')).not.toBeNull());
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(handed().at(-1)).toMatchObject({ tagDraft: '', form: { tags: ['vip', 'beta-tester', 'half'] } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag half' }));
    expect(received.at(-1)).toEqual({ type: 'draft.clear', customerId: ID }); // back to what was loaded: no draft
  });

  it('restores the draft the background kept, also right after the popup closed', async () => {
    let input = await openEditor(() => ({ ok: true, value: ada() }));
    fireEvent.input(input, { target: { value: 'typed-then-closed' } });
    cleanup(); // the popup closes at once: no render, no effect, no await after the keystroke
    // The message was on its way before the close (the test above); the reopened popup asks after it arrived.
    await vi.waitFor(() => expect(received.some((m) => m.type === 'draft.save' && (m.draft as CustomerDraft).tagDraft === 'typed-then-closed')).toBe(true));
    render(<Popup customerParam={ID} />);
    await screen.findByRole('heading', { name: 'Ada Lovelace' });
    input = screen.getByLabelText('Add tag') as HTMLInputElement;
    expect(input.value).toBe('typed-then-closed');
    expect(screen.getByText(/^Restored your unsaved edits from/)).toBeTruthy();
  });

  it('opens a draft stored by the previous release as it was, and sends it unchanged', async () => {
    // Exactly what the last release wrote to the drafts store (utils/customer-draft.ts at c5b358d).
    const { formFromCustomer, bodyFromForm } = await import('@/utils/editor/form');
    const { transact } = await import('@/utils/storage/db');
    const loaded = ada([tagIdOf('vip'), 'named-tag']);
    const form = formFromCustomer(loaded);
    const stored = {
      customerId: ID,
      form: { ...form, tags: [...form.tags, 'typed-last-release'], scalars: { ...form.scalars, username: 'countess' } },
      tagDraft: 'half',
      base: bodyFromForm(form),
      baseRev: 12,
      savedAt: 1_700_000_000_000,
    };
    await transact('drafts', 'readwrite', (store) => store.put(JSON.parse(JSON.stringify(stored)), ID));
    const input = await openEditor((m) =>
      m.type === 'customer.update' ? { ok: true, value: ada((m.changes as { tags: string[] }).tags, 13) } : { ok: true, value: loaded },
    );
    expect(screen.getByText(/^Restored your unsaved edits from/)).toBeTruthy();
    expect(input.value).toBe('half');
    await vi.waitFor(() => expect(chips()).toEqual(['vip', 'named-tag', 'typed-last-release']));
    fireEvent.input(input, { target: { value: '' } });
    fireEvent.keyDown(input, { key: 's', ctrlKey: true });
    expect(await screen.findByText(/^Saved \(revision 13\)/)).toBeTruthy();
    expect(updates()[0]!.changes).toEqual({ username: 'countess', tags: [tagIdOf('vip'), 'named-tag', 'typed-last-release'], rev: 12 });
  });

  it('refuses a deep link that is not a customer id', () => {
    render(<Popup customerParam="not-an-id" />);
    expect(screen.getByRole('alert').textContent).toMatch(/is not a Kustomer customer id/);
    expect(customerRequests()).toHaveLength(0);
  });
});

describe('a save Kustomer refuses', () => {
  const refusal: Result<unknown> = { ok: false, error: { kind: 'http', status: 400, message: '400: Kustomer refused the update.' } };

  it('after its editor went (the side panel moved on) is told to what is around it and left in the outbox; while shown, the editor says why and lets go of it', async () => {
    let refuse: (() => void) | undefined;
    background((m) =>
      m.type === 'customer.update'
        ? new Promise((done) => (refuse = () => done(refusal)))
        : m.type === 'outbox.dismiss'
          ? { ok: true, value: [] }
          : { ok: true, value: ada() },
    );
    const told = vi.fn();
    const first = render(<CustomerEditor customerId={ID} onRefusedAway={told} />);
    const input = (await screen.findByLabelText('Add tag')) as HTMLInputElement;
    await typeTag(input, 'renewal');
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(refuse).toBeDefined());
    first.unmount();
    refuse!();
    await vi.waitFor(() => expect(told).toHaveBeenCalledWith({ customerId: ID, label: 'Ada Lovelace', message: '400: Kustomer refused the update.' }));
    expect(received.filter((m) => m.type === 'outbox.dismiss')).toEqual([]);

    // Opened again: the edit is still there (the draft), and a refusal now is shown and let go of.
    refuse = undefined;
    render(<CustomerEditor customerId={ID} onRefusedAway={told} />);
    await vi.waitFor(() => expect(chips()).toEqual(['vip', 'beta-tester', 'renewal']));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(refuse).toBeDefined());
    refuse!();
    expect(await screen.findByText(/^400: Kustomer refused the update\./)).toBeTruthy();
    await vi.waitFor(() => expect(received.filter((m) => m.type === 'outbox.dismiss')).toEqual([{ type: 'outbox.dismiss', customerId: ID }]));
    expect(told).toHaveBeenCalledTimes(1);
  });
});
