/**
 * The scenarios both browsers run, through a driver (tests/e2e/drivers/): the same code for
 * Chromium and Firefox.
 */
import { beforeEach, expect, it } from 'vitest';
import { validateCustomerUpdate } from '../../sandbox/openapi.mjs';
import { ODD_CUSTOMERS } from '../../sandbox/customers.mjs';
import { clickButton, fill, highlightedTag, press, shownTags, textOf, waitIn, type BrowserPage, type Driver } from './drivers/driver';
import { EditorPage, SettingsPage } from './drivers/pages';

const ADA = '64b7f0c2a1d3e4f5a6b7c801';

/** Registers the scenarios; `driver` gives the file's driver (started and closed by the file). */
export function browserScenarios(driver: () => Driver) {
  let d: Driver;
  beforeEach(async () => {
    d = driver();
    await d.closePages();
    d.sandbox.reset();
  });

  async function connect(key = d.sandbox.keys.admin): Promise<BrowserPage> {
    const settings = await new SettingsPage(await d.extensionPage('options.html')).ready();
    await settings.save(key, 'acme');
    return settings.view;
  }

  /** Signs in with Kustomer from a settings page (the sandbox's app registers this build's redirect URL). */
  async function signIn(): Promise<SettingsPage> {
    const settings = await new SettingsPage(await d.extensionPage('options.html')).ready();
    d.sandbox.settings.oauth.redirectUris = [await settings.redirectUrl()];
    expect(await settings.signIn(d.sandbox.oauth.clientId, 'acme')).toBe('Signed in to acme as Grace Hopper.');
    return settings;
  }

  /** Everything the extension keeps: each IndexedDB database of its origin, and storage.local, sync and session. */
  const everythingStored = (page: BrowserPage) =>
    page.evaluate(async () => {
      const api = (globalThis as any).browser ?? (globalThis as any).chrome;
      const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
      const databases: Record<string, unknown> = {};
      for (const { name } of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(name!);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        for (const store of db.objectStoreNames) {
          const tx = db.transaction(store);
          databases[`${name}/${store}`] = { keys: await request(tx.objectStore(store).getAllKeys()), values: await request(tx.objectStore(store).getAll()) };
        }
        db.close();
      }
      return JSON.stringify({ databases, local: await api.storage.local.get(null), sync: await api.storage.sync.get(null), session: await api.storage.session.get(null) });
    });

  /** The editor on a customer, shown. */
  const editor = async (id = ADA) => new EditorPage(await d.extensionPage(`popup.html?customer=${id}`)).ready();
  const popup = async (id = ADA): Promise<BrowserPage> => (await editor(id)).view;

  /** Waits until the PATCHes Kustomer got number `n`, and gives the last one's body. */
  async function nthPatch(n: number) {
    await expect.poll(() => d.sandbox.apiRequests('PATCH').filter((r) => r.status !== null).length, { timeout: 10_000 }).toBe(n);
    const patch = d.sandbox.apiRequests('PATCH').at(-1)!;
    expect(patch.status).toBe(200);
    expect(validateCustomerUpdate(patch.body)).toEqual({ valid: true });
    return patch.body as Record<string, unknown>;
  }

  it('tags Kustomer gives as ids show by name; a picked tag, a removal and a new name save in the form Kustomer takes', async () => {
    await connect();
    const id = (name: string) => d.sandbox.tagIdOf(name)!;
    const page = await popup();
    await waitIn(page, () => [...document.querySelectorAll('.tag-text')].map((t) => t.textContent).join() === 'vip,beta-tester');
    // Three letters of an org tag offer it, highlighted; Enter and Ctrl+S save it by its id.
    await fill(page, 'Add tag', 'chu');
    expect(await highlightedTag(page)).toBe('churn-risk');
    await press(page, 'Enter');
    await press(page, 's', { ctrl: true });
    expect(await nthPatch(1)).toEqual({ tags: [id('vip'), id('beta-tester'), id('churn-risk')], rev: 12 });
    await waitIn(page, () => document.querySelector('.notice-success') !== null);
    // Removing a named tag sends the ids that remain; a new name goes as a name, after "Add new tag".
    await clickButton(page, 'Remove tag beta-tester');
    await fill(page, 'Add tag', 'first-contact');
    expect(await highlightedTag(page)).toBe('Add new tag "first-contact"');
    await press(page, 'Enter');
    await press(page, 's', { ctrl: true });
    expect(await nthPatch(2)).toEqual({ tags: [id('vip'), id('churn-risk'), 'first-contact'], rev: 13 });
    expect(d.sandbox.tagNames(ADA)).toEqual(['vip', 'churn-risk', 'first-contact']);
    await waitIn(page, () => [...document.querySelectorAll('.tag-text')].map((t) => t.textContent).join() === 'vip,churn-risk,first-contact');
  });

  it('customers shaped like real documents each open, take a tag and save it as one valid PATCH that changes nothing else', async () => {
    await connect();
    for (const [shape, customerId] of Object.entries(ODD_CUSTOMERS)) {
      d.sandbox.requests.length = 0;
      const before = d.sandbox.customer(customerId)!;
      const page = await popup(customerId);
      expect(await textOf(page, '.notice-error'), shape).toBeNull();
      await fill(page, 'Add tag', 'looked-at');
      // A new tag the first time; once the org's list has it (the last save made it), it goes by its id.
      const picked = await highlightedTag(page);
      expect(['looked-at', 'Add new tag "looked-at"'], shape).toContain(picked);
      const known = picked === 'looked-at' ? d.sandbox.tagIdOf('looked-at') : undefined;
      await press(page, 'Enter');
      await press(page, 's', { ctrl: true });
      await expect.poll(() => d.sandbox.apiRequests('PATCH').length, { timeout: 10_000, message: shape }).toBe(1);
      const [patch] = d.sandbox.apiRequests('PATCH');
      await expect.poll(() => patch!.status, { message: shape }).toBe(200);
      expect(validateCustomerUpdate(patch!.body), shape).toEqual({ valid: true });
      // Only the tags (the ones it had, once each, and the new one) and the rev it was loaded at.
      const sent = patch!.body as { tags: string[]; rev?: number };
      expect(Object.keys(sent).sort(), shape).toEqual(before.rev === undefined ? ['tags'] : ['rev', 'tags']);
      expect(sent.tags, shape).toEqual([...new Set(before.tags as string[]), known ?? 'looked-at']);
      const after = d.sandbox.customer(customerId)!;
      const untouched = (c: Record<string, unknown>) => {
        const { tags: _t, rev: _r, modifiedAt: _m, updatedAt: _u, ...rest } = c;
        return rest;
      };
      expect(untouched(after), shape).toEqual(untouched(before));
      await page.close();
    }
  });

  it('the settings page saves the key, with the organization read from it, out of reach of content scripts', async () => {
    const options = await d.extensionPage('options.html');
    await waitIn(options, () => /saved/i.test(document.querySelector('.saved-state')?.textContent ?? ''));
    await fill(options, 'API key', d.sandbox.keys.admin);
    const organization = () =>
      ([...document.querySelectorAll('label')].find((l) => l.querySelector('.field-label')?.textContent === 'Organization')?.querySelector('input') as HTMLInputElement).value;
    expect(await options.evaluate(organization)).toBe('acme');
    await clickButton(options, 'Save');
    await waitIn(options, () => document.querySelector('.notice-success') !== null);
    expect(await textOf(options, '.notice-success')).toBe('Saved. Key stored for org "acme".');
    // What a content script could read: storage.local and storage.sync. The key is in neither.
    const readable = await options.evaluate(async () => {
      const api = (globalThis as any).browser ?? (globalThis as any).chrome;
      return JSON.stringify([await api.storage.local.get(null), await api.storage.sync.get(null)]);
    });
    expect(readable).not.toContain(d.sandbox.keys.admin);
  });

  it('the popup loads a customer; tags, an email and a phone save as exactly one valid PATCH', async () => {
    await connect();
    const ada = await editor();
    const page = ada.view;
    expect(await ada.customerName()).toBe('Ada Lovelace');
    await waitIn(page, () => /^Editing with the shared API key of acme/.test(document.querySelector('.editing-as')?.textContent ?? ''));
    await ada.addTag(`from-${d.name.toLowerCase()}`);
    await clickButton(page, 'Add email');
    await fill(page, 'Email', 'ada@elsewhere.example', 'last');
    await clickButton(page, 'Add phone');
    await fill(page, 'Phone', '+14155550123', 'last');
    expect(await ada.save()).toMatch(/^Saved \(revision 13\)/);
    const patches = d.sandbox.apiRequests('PATCH');
    expect(patches).toHaveLength(1);
    const body = patches[0]!.body as Record<string, unknown>;
    expect(validateCustomerUpdate(body)).toEqual({ valid: true });
    expect(Object.keys(body).sort()).toEqual(['emails', 'phones', 'rev', 'tags']);
    expect(body.tags).toEqual([d.sandbox.tagIdOf('vip'), d.sandbox.tagIdOf('beta-tester'), `from-${d.name.toLowerCase()}`]); // ids as read, the new tag by name
    expect(patches[0]!.headers.authorization).toBe(`Bearer ${d.sandbox.keys.admin}`);
  });

  it('errors are explained and the edit kept', async () => {
    await connect();
    d.sandbox.addFault({ method: 'PATCH', status: 401 });
    const ada = await editor();
    await ada.addTag('kept');
    expect(await ada.save()).toMatch(/^401: the key is invalid, expired, or lacks the customer-update role\./);
    expect(await ada.tags()).toContain('kept');
  });

  it('the content script finds the customer, follows the app\u2019s navigation, and its badge opens the editor on it', async () => {
    const asker = await connect();
    const agent = await d.webPage(`https://acme.kustomerapp.com/app/customers/${ADA}`);
    /** The customer the agent's tab shows, as its content script tells an extension page (`page.context`). */
    const shownCustomer = () =>
      asker.evaluate(async () => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        const tabs: { id?: number }[] = await api.tabs.query({});
        const replies = await Promise.all(tabs.map(async (tab) => api.tabs.sendMessage(tab.id, { type: 'page.context' })).map((reply) => reply.catch(() => undefined)));
        const reply = replies.find((r: any) => Array.isArray(r?.customerIds));
        return reply ? (reply.customerId ?? null) : undefined; // undefined: no content script answered
      });
    const badgeAt = () =>
      waitIn(agent, () => {
        const host = document.querySelector('kustomer-customer-updater') as HTMLElement | null;
        if (!host || host.hidden) return undefined;
        const r = host.getBoundingClientRect();
        return r.width > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : undefined;
      });
    /** The editor opened on `id`: it fetched that customer (the toolbar popup, or a popup window). */
    const editorOpenedOn = async (id: string, name: string) => {
      await expect.poll(() => d.sandbox.apiRequests('GET').map((r) => r.path), { timeout: 15_000 }).toContain(`/v1/customers/${id}`);
      // Chromium lets the test read the toolbar popup too; Firefox's stays out of reach of the driver.
      if (d.name === 'Chromium') await expect.poll(() => d.openedEditorName(), { timeout: 15_000 }).toBe(name);
    };
    await expect.poll(shownCustomer, { timeout: 10_000 }).toBe(ADA);
    d.sandbox.requests.length = 0;
    let at = await badgeAt();
    await agent.click(at!.x, at!.y);
    await editorOpenedOn(ADA, 'Ada Lovelace');

    // A client-side navigation (pushState) to another customer.
    const other = await agent.evaluate(() => {
      const link = document.querySelector('a[data-spa]') as HTMLAnchorElement;
      link.click();
      return { id: link.dataset.customerId!, name: link.dataset.customerName! };
    });
    await waitIn(agent, () => !location.pathname.endsWith('64b7f0c2a1d3e4f5a6b7c801'));
    expect(await agent.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1); // no reload
    await expect.poll(shownCustomer, { timeout: 10_000 }).toBe(other.id);
    await d.closePopup?.();
    d.sandbox.requests.length = 0;
    at = await badgeAt();
    await agent.click(at!.x, at!.y);
    await editorOpenedOn(other.id, other.name);
    // The page's own message listener heard nothing from the extension.
    expect(await agent.evaluate(() => (window as unknown as { appMessages: string[] }).appMessages)).toEqual([]);
  });

  it('an agent signs in with Kustomer (PKCE): edits carry their name, an expired token is renewed once for three saves at once, and signing out leaves no token', async () => {
    const settings = await signIn();
    expect(d.sandbox.oauth.exchanges).toMatchObject([{ grantType: 'authorization_code', ok: true, verifierChecked: true }]);
    const grace = d.sandbox.oauth.agents.grace.id;
    const ada = await editor();
    await waitIn(ada.view, () => document.querySelector('.editing-as')?.textContent === 'Editing as Grace Hopper (grace@acme.example) in acme.');
    await ada.addTag('signed-in');
    expect(await ada.save()).toMatch(/^Saved/);
    expect(d.sandbox.modifiedBy(ADA)).toBe(grace);
    expect(d.sandbox.apiRequests('PATCH').at(-1)!.headers.authorization).toMatch(/^Bearer at_/);

    // The access token expires: the next save renews it and succeeds, once.
    d.sandbox.oauth.expireAccessTokens();
    await ada.addTag('after-expiry');
    expect(await ada.save()).toMatch(/^Saved/);
    // (The first request to meet the expired token renews it: this save, or a tag lookup just before.)
    expect(d.sandbox.oauth.exchanges.map((e) => `${e.grantType}:${e.ok}`)).toEqual(['authorization_code:true', 'refresh_token:true']);
    expect(d.sandbox.requests.some((r) => r.status === 401)).toBe(true);

    // Three saves with an expired token, pressed together (the renewal answers slowly, so each save
    // meets the expired token or the renewal in progress): one refresh, three saves.
    const [, second, third] = d.sandbox.customerIds;
    const editors = [ada, await editor(second), await editor(third)];
    for (const [i, e] of editors.entries()) await e.addTag(`together-${i}`);
    d.sandbox.oauth.expireAccessTokens();
    d.sandbox.addFault({ method: 'POST', path: '/oauth/token', delayMs: 1500 });
    d.sandbox.requests.length = 0;
    const outcomes = await Promise.all(editors.map((e) => e.save()));
    expect(outcomes.every((o) => o.startsWith('Saved')), outcomes.join(' | ')).toBe(true);
    expect(d.sandbox.oauth.exchanges.filter((e) => e.grantType === 'refresh_token')).toHaveLength(2); // the first renewal and this one
    // Each save met the expired token (its PATCH, or a tag lookup before it, got 401) while the one
    // renewal ran, and waited for it.
    expect(d.sandbox.apiRequests('PATCH').filter((r) => r.status === 200)).toHaveLength(3);
    for (const id of [ADA, second!, third!]) expect(d.sandbox.modifiedBy(id)).toBe(grace);

    // Sign out: the token is revoked at Kustomer and no token is left in any storage.
    const tokens = d.sandbox.oauth.issuedTokens();
    expect(tokens.length).toBeGreaterThan(2);
    expect(await settings.signOut()).toBe('Signed out.');
    expect(d.sandbox.oauth.liveAccessTokens()).toBe(0);
    const stored = await everythingStored(settings.view);
    expect(stored).toContain('kustomer-customer-updater/credentials'); // the database was read
    for (const token of tokens) expect(stored).not.toContain(token);
  });

  it('a refused renewal keeps the save in the outbox as waiting for sign-in, and signing in again sends it', async () => {
    await signIn();
    const ada = await editor();
    await ada.addTag('kept-for-sign-in');
    // The agent's Kustomer session ends while they edit.
    d.sandbox.settings.oauth.refuseRefresh = true;
    d.sandbox.oauth.expireAccessTokens();
    expect(await ada.save()).toMatch(/Sign in to acme in Settings: your saves wait until then\./);
    expect(d.sandbox.tagNames(ADA)).not.toContain('kept-for-sign-in');
    // The outbox keeps it, waiting for a sign-in to its org (the popup's pending list shows that state).
    const outbox = () =>
      ada.view.evaluate(async () => {
        const reply = await ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage({ type: 'outbox.list' });
        return (reply.value as { customerId: string; state: string; org?: string }[]).map(({ customerId, state, org }) => ({ customerId, state, org }));
      }).then((entries) => entries.filter((e) => e.customerId === ADA));
    expect(await outbox()).toEqual([{ customerId: ADA, state: 'signed-out', org: 'acme' }]);

    d.sandbox.settings.oauth.refuseRefresh = false;
    const settings = await signIn();
    await expect.poll(() => d.sandbox.tagNames(ADA), { timeout: 15_000 }).toContain('kept-for-sign-in');
    const sent = d.sandbox.apiRequests('PATCH').at(-1)!;
    expect(sent.status).toBe(200);
    expect(validateCustomerUpdate(sent.body)).toEqual({ valid: true });
    expect(d.sandbox.modifiedBy(ADA)).toBe(d.sandbox.oauth.agents.grace.id);
    await expect.poll(outbox).toEqual([]);
    expect(await settings.signOut()).toBe('Signed out.');
  });

  it('a sign-in the agent declines in Kustomer is explained, and nothing is exchanged', async () => {
    const settings = await new SettingsPage(await d.extensionPage('options.html')).ready();
    d.sandbox.settings.oauth.redirectUris = [await settings.redirectUrl()];
    d.sandbox.settings.oauth.consent = 'deny';
    expect(await settings.signIn(d.sandbox.oauth.clientId, 'acme')).toMatch(/^Sign-in was declined in Kustomer: the extension was not allowed to act for you in acme\./);
    expect(d.sandbox.oauth.exchanges.filter((e) => e.grantType === 'authorization_code')).toEqual([]);
  });
}
