/**
 * The production build in real Chromium against the sandbox: the key is saved, a customer is
 * loaded by deep link, a tag edit becomes exactly one valid PATCH, and errors are explained.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateCustomerUpdate } from '../../sandbox/openapi.mjs';
import { type Harness, harnessForFile, inContentScript, OptionsPage, PopupPage } from './support/extension';

let h: Harness;
let ada: string;

// Not connected at first: the settings tests paste the key themselves.
const harness = harnessForFile({ connect: false });
beforeAll(() => {
  h = harness();
  ada = h.sandbox.customerIds[0]!;
});

/** Each block that needs a connected extension connects it itself: tests do not depend on order. */
async function connect(key = h.sandbox.keys.admin) {
  const options = await OptionsPage.open(h);
  expect(await options.save(key, 'acme')).toBe('Saved. Key stored for org "acme".');
  await options.page.close();
}

describe('settings', () => {
  it('saves a pasted key, prefilling the organization from it, and tests the connection', async () => {
    const options = await OptionsPage.open(h);
    await options.apiKey().fill(h.sandbox.keys.admin);
    await expect.poll(() => options.organization().inputValue()).toBe('acme');
    await options.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.status().textContent()).toBe('Saved. Key stored for org "acme".');
    expect(await options.apiKey().inputValue()).toBe('');
    expect(await options.testConnection()).toBe('Connected: acme.api.kustomerapp.com reached and the key accepted.');
    const test = h.sandbox.apiRequests().at(-1)!;
    expect(test.headers.authorization).toBe(`Bearer ${h.sandbox.keys.admin}`);
  });

  it('accepts a key with only the customer roles README asks for', async () => {
    const options = await OptionsPage.open(h);
    await options.apiKey().fill(h.sandbox.keys.customerOnly);
    expect(await options.testConnection()).toBe('Connected: acme.api.kustomerapp.com reached and the key accepted.');
  });

  it('explains a refused key when testing the connection', async () => {
    const options = await OptionsPage.open(h);
    await options.apiKey().fill('not-a-real-key');
    await options.organization().fill('acme');
    expect(await options.testConnection()).toMatch(/^acme\.api\.kustomerapp\.com reached, but the key was refused\. 401: /);
  });
});

describe('editing tags', () => {
  beforeAll(() => connect());

  it('loads the customer by deep link, adds a tag and saves it as exactly one PATCH of tags', async () => {
    const before = { tags: h.sandbox.tagNames(ada), rev: (h.sandbox.customer(ada) as { rev: number }).rev };
    const popup = await PopupPage.open(h, ada);
    await expect.poll(() => popup.name().textContent()).toBe('Ada Lovelace');
    expect(await popup.page.locator('.customer-email').textContent()).toBe('ada@example.com');
    await expect.poll(() => popup.tags()).toEqual(before.tags); // the ids Kustomer gave, shown by name

    h.sandbox.requests.length = 0;
    await popup.addTag('renewal-2026');
    expect(await popup.tags()).toEqual([...before.tags, 'renewal-2026']);
    expect(await popup.save()).toMatch(/^Saved \(revision 13\): Tags: added renewal-2026$/);

    const patches = h.sandbox.apiRequests('PATCH');
    expect(patches).toHaveLength(1);
    const patch = patches[0]!;
    expect(patch.path).toBe(`/v1/customers/${ada}`);
    expect(patch.host).toBe('acme.api.kustomerapp.com');
    expect(patch.headers.authorization).toBe(`Bearer ${h.sandbox.keys.admin}`);
    // The ids as Kustomer gave them, the new tag by name, and the rev that was loaded.
    expect(patch.body).toEqual({ tags: [...before.tags.map((n) => h.sandbox.tagIdOf(n)), 'renewal-2026'], rev: before.rev });
    expect(validateCustomerUpdate(patch.body)).toEqual({ valid: true });
    expect(patch.status).toBe(200);
    expect(h.sandbox.tagNames(ada)).toEqual([...before.tags, 'renewal-2026']);
    expect(h.sandbox.customer(ada)).toMatchObject({ rev: before.rev + 1 });
  });

  it('removes a tag and includes a tag still being typed when Save is pressed', async () => {
    const before = h.sandbox.tagNames(ada);
    const popup = await PopupPage.open(h, ada);
    await popup.removeTag(before[0]!);
    await popup.addTagInput().fill('typed-not-entered');
    expect(await popup.save()).toMatch(/^Saved/);
    const [patch] = h.sandbox.apiRequests('PATCH');
    expect(patch!.body).toEqual({ tags: [...before.slice(1).map((n) => h.sandbox.tagIdOf(n)), 'typed-not-entered'], rev: 12 });
  });

  it('refuses an invalid tag inline and sends nothing', async () => {
    const popup = await PopupPage.open(h, ada);
    await popup.addTagInput().fill('bad!tag');
    await popup.addTagInput().press('Enter');
    await expect.poll(() => popup.page.locator('#tag-problem').textContent()).toMatch(/Tag/);
    expect(await popup.addTagInput().inputValue()).toBe('bad!tag'); // nothing the agent typed is lost
    await popup.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => popup.error().first().textContent()).toMatch(/^Not saved: /);
    expect(h.sandbox.apiRequests('PATCH')).toHaveLength(0);
  });

  it('shows Kustomer\'s 404 for an unknown customer', async () => {
    const popup = await PopupPage.open(h, 'ffffffffffffffffffffffff');
    expect(await popup.error().textContent()).toMatch(
      /^404: customer ffffffffffffffffffffffff was not found in org "acme", or the key cannot see it\./,
    );
  });

  it('keeps the edit and explains a server error', async () => {
    const popup = await PopupPage.open(h, ada);
    await popup.addTag('kept-on-error');
    h.sandbox.addFault({ method: 'PATCH', status: 500, body: { errors: [{ status: 500, title: 'Internal Server Error' }] } });
    expect(await popup.save()).toMatch(/^500: Kustomer had a server error\..*Kept in the outbox: the next try is at/);
    expect(await popup.tags()).toContain('kept-on-error');
    expect(h.sandbox.apiRequests('PATCH')).toHaveLength(1); // a PATCH Kustomer may have applied is not repeated blindly
    // Chromium may hold an extension's requests back briefly after a 5xx; an agent retries a moment later.
    await expect.poll(() => popup.save(), { timeout: 15_000, interval: 500 }).toMatch(/^Saved/);
    expect(h.sandbox.apiRequests('PATCH').at(-1)!.body).toMatchObject({ tags: expect.arrayContaining(['kept-on-error']) });
  });
});

describe('what Kustomer leaves open', () => {
  beforeAll(() => connect());

  it('reports what Kustomer holds when it merges arrays instead of replacing them', async () => {
    h.sandbox.settings.arrays = 'merge';
    const popup = await PopupPage.open(h, ada);
    await popup.removeTag('vip');
    expect(await popup.save()).toMatch(/^Saved \(revision 13\): Tags: removed vip$/);
    await expect.poll(() => popup.page.locator('.tag-outcome').textContent()).toBe('Kustomer holds other tags than were sent: it added vip. ');
    expect(await popup.tags()).toContain('vip');
  });
});

describe('the toolbar popup', () => {
  beforeAll(() => connect());

  it('opens on the customer of the active Kustomer tab', async () => {
    const reader = await h.context.newPage(); // an extension page, to read the popup's document from
    await reader.goto(h.extensionUrl('options.html'));
    const agent = await h.context.newPage();
    await agent.goto(`https://acme.kustomerapp.com/app/customers/${ada}/event/${h.sandbox.conversationIds[0]}`);
    await agent.bringToFront();
    await h.worker.evaluate(() => (globalThis as any).chrome.action.openPopup());
    await expect
      .poll(() =>
        reader.evaluate(() => (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0]?.document.querySelector('.customer-name')?.textContent),
      )
      .toBe('Ada Lovelace');
  });

  it('opens on the customer of a conversation page', async () => {
    const conversation = h.sandbox.conversationIds[2]!; // Grace Hopper's
    const reader = await h.context.newPage();
    await reader.goto(h.extensionUrl('options.html'));
    const agent = await h.context.newPage();
    await agent.goto(`https://acme.kustomerapp.com/app/conversations/${conversation}`);
    await agent.bringToFront();
    await h.worker.evaluate(() => (globalThis as any).chrome.action.openPopup());
    await expect
      .poll(() =>
        reader.evaluate(() => (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0]?.document.querySelector('.customer-name')?.textContent),
      )
      .toBe('Grace Hopper');
    expect(h.sandbox.apiRequests('GET').map((r) => r.path)).toContain(`/v1/conversations/${conversation}`);
  });

  it('says so when the active tab shows no customer', async () => {
    const reader = await h.context.newPage();
    await reader.goto(h.extensionUrl('options.html'));
    // A page of the agent app that shows no customer and links to none (the content script runs there).
    await h.context.route('https://acme.kustomerapp.com/app/reports', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Reports | Kustomer</title><h1>Reports</h1>' }),
    );
    const agent = await h.context.newPage();
    await agent.goto('https://acme.kustomerapp.com/app/reports');
    await agent.bringToFront();
    await h.worker.evaluate(() => (globalThis as any).chrome.action.openPopup());
    await expect
      .poll(() => reader.evaluate(() => (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0]?.document.querySelector('.notice')?.textContent))
      .toBe('No customer on this page.');
  });
});

describe('a bad key', () => {
  afterAll(() => connect());

  it('gives a clear 401 when loading, and names the missing role when saving with a read-only key', async () => {
    const options = await OptionsPage.open(h);
    await options.save(h.sandbox.keys.expired, 'acme');
    let popup = await PopupPage.open(h, ada);
    expect(await popup.error().textContent()).toMatch(/^401: the API key has expired\./);

    await options.save(h.sandbox.keys.readOnly, 'acme');
    popup = await PopupPage.open(h, ada);
    await popup.addTag('needs-write');
    expect(await popup.save()).toMatch(/^401: the key is invalid, expired, or lacks the customer-update role\./);
    expect(await popup.tags()).toContain('needs-write');
  });
});

describe('the key stays in the background', () => {
  it('is absent from every message reply, from storage a content script can read, and from the content script', async () => {
    await connect();
    const options = await OptionsPage.open(h);
    const key = h.sandbox.keys.admin;

    const replies = [];
    for (const message of [
      { type: 'settings.get' },
      { type: 'connection.test' },
      { type: 'customer.get', customerId: ada },
      { type: 'customer.update', customerId: ada, changes: { tags: ['x'] } },
      { type: 'customer.lookup', by: 'email', value: 'ada@example.com' },
      { type: 'conversation.customer', conversationId: h.sandbox.conversationIds[0] },
      { type: 'settings.save', org: 'acme' },
      { type: 'customer.update', customerId: ada, changes: { bogus: 1 } },
    ]) {
      replies.push(await options.send(message));
    }
    expect(replies.every((r) => r && typeof r === 'object' && 'ok' in r)).toBe(true);
    expect(replies.filter((r) => (r as { ok: boolean }).ok)).toHaveLength(7);
    expect(JSON.stringify(replies)).not.toContain(key);

    const storage = await h.worker.evaluate(async () => {
      // Without the "storage" permission there is no chrome.storage at all; with it, no key may be there.
      const s = (globalThis as any).chrome.storage;
      return s ? JSON.stringify([await s.local.get(null), await s.sync.get(null), await s.session.get(null)]) : 'no storage API';
    });
    expect(storage).not.toContain(key);
    expect(JSON.parse(storage)).toEqual([{}, {}, {}]); // nothing in local, sync or session storage
    // The key is where README says: the extension origin's IndexedDB, which the background reads.
    const stored = await options.page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('kustomer-customer-updater');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('credentials').objectStore('credentials').get('current');
            get.onsuccess = () => resolve(JSON.stringify(get.result));
          };
        }),
    );
    expect(JSON.parse(stored)).toEqual({ org: 'acme', apiKey: key });

    const page = await h.context.newPage();
    await page.goto(`https://acme.kustomerapp.com/app/customers/${ada}`);
    const seen = await inContentScript<{ local: string; sync: string; reply: unknown; databases: string }>(
      h.context,
      page,
      h.extensionId,
      `(async () => ({
        local: chrome.storage ? JSON.stringify(await chrome.storage.local.get(null)) : 'no storage API',
        sync: chrome.storage ? JSON.stringify(await chrome.storage.sync.get(null)) : 'no storage API',
        reply: await chrome.runtime.sendMessage({ type: 'settings.get' }),
        forged: await chrome.runtime.sendMessage({ type: 'settings.save', org: 'evil' }),
        databases: JSON.stringify(await indexedDB.databases()),
      }))()`,
    );
    expect(JSON.stringify(seen)).not.toContain(key);
    expect(seen.local).toBe('{}');
    expect(seen.sync).toBe('{}');
    expect(seen.databases).toBe('[]'); // the page origin's IndexedDB: nothing of ours
    expect(seen.reply).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect((seen as unknown as { forged: unknown }).forged).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await options.send({ type: 'settings.get' })).toMatchObject({ ok: true, value: { org: 'acme' } });

    // The page itself has no channel to the extension at all.
    const fromPage = await page.evaluate(() => typeof (globalThis as any).chrome?.runtime?.sendMessage);
    expect(fromPage).toBe('undefined');
  });
});
