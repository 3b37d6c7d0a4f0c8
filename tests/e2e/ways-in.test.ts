/**
 * The three ways in, in real Chromium with the production build: the `update-customer` command,
 * the "Update customer" menu (link, selection, page), and the toolbar popup with its list and
 * search. The real listeners are fired from the service worker; real shortcuts and real menus
 * (in Chromium and Firefox) are in real-input.test.ts.
 */
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harnessForFile, inContentScript } from './support/extension';

const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const GRACE = '64b7f0c2a1d3e4f5a6b7c802';

let h: Harness;
let reader: Page;

const harness = harnessForFile();
beforeAll(async () => {
  h = harness();
  await h.context.route('https://plain.example/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Plain</title><p>Write to grace@navy.example about order 4521.</p>' }),
  );
});
beforeEach(async () => {
  // An extension page to read the toolbar popup from; it must be open before the agent's tab comes to the front.
  reader = await h.context.newPage();
  await reader.goto(h.extensionUrl('options.html'));
});

async function inFront(url: string) {
  const page = await h.context.newPage();
  await page.goto(url);
  await page.bringToFront();
  return page;
}

/** The toolbar popup's document, once open: what it shows. */
function popupText(selector: string) {
  return reader.evaluate((s) => (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0]?.document.querySelector(s)?.textContent ?? null, selector);
}

const openedOn = (name: string) => expect.poll(() => popupText('.customer-name'), { timeout: 10_000 }).toBe(name);

/** Fires the real listener in the service worker, with the active tab. */
function fire(kind: 'command' | 'menu', payload: Record<string, unknown> | string) {
  return h.worker.evaluate(
    async ([kind, payload]) => {
      const c = (globalThis as any).chrome;
      const [tab] = await c.tabs.query({ active: true, lastFocusedWindow: true });
      if (kind === 'command') c.commands.onCommand.dispatch(payload, tab);
      else c.contextMenus.onClicked.dispatch({ ...(payload as object), pageUrl: tab.url, editable: false }, tab);
    },
    [kind, payload] as const,
  );
}

describe('keyboard command update-customer', () => {
  it("opens the editor on the page's customer", async () => {
    await inFront(`https://acme.kustomerapp.com/app/customers/${GRACE}`);
    await fire('command', 'update-customer');
    await openedOn('Grace Hopper');
  });
});

describe('context menu "Update customer"', () => {
  it('is registered for pages, links and selections, with titles that say what it opens', async () => {
    // Chromium has no API to list menu items; creating one again with the same id must fail.
    const duplicate = await h.worker.evaluate(
      () =>
        new Promise((resolve) =>
          (globalThis as any).chrome.contextMenus.create({ id: 'update-customer-page', title: 'x' }, () =>
            resolve((globalThis as any).chrome.runtime.lastError?.message ?? 'created'),
          ),
        ),
    );
    expect(duplicate).toMatch(/duplicate id/i);
  });

  it("opens the editor on a clicked link's customer, from any site", async () => {
    await inFront('https://plain.example/');
    await fire('menu', { menuItemId: 'update-customer-link', linkUrl: `https://acme.kustomerapp.com/app/customers/${GRACE}` });
    await openedOn('Grace Hopper');
  });

  it('opens the editor on the customer of an email in the selection, looked up in Kustomer', async () => {
    await inFront('https://plain.example/');
    await fire('menu', { menuItemId: 'update-customer-selection', selectionText: 'Write to grace@navy.example about' });
    await openedOn('Grace Hopper');
    expect(h.sandbox.apiRequests('GET').some((r) => r.path === '/v1/customers/email=grace%40navy.example')).toBe(true);
  });

  it("opens the editor on the page's customer", async () => {
    await inFront(`https://acme.kustomerapp.com/app/customers/${ADA}`);
    await fire('menu', { menuItemId: 'update-customer-page' });
    await openedOn('Ada Lovelace');
  });

  it('says so when the selection names no customer, and offers search with the text', async () => {
    await inFront('https://plain.example/');
    await fire('menu', { menuItemId: 'update-customer-selection', selectionText: 'order 4521' });
    await expect.poll(() => popupText('.finder .notice')).toBe('Nothing in the selection names a customer: search for one.');
    expect(await reader.evaluate(() => ((globalThis as any).chrome.extension.getViews({ type: 'popup' })[0].document.querySelector('input[type=search]') as HTMLInputElement).value)).toBe(
      'order 4521',
    );
  });

  it('hands the target over in storage.session, which a content script cannot read', async () => {
    const page = await inFront(`https://acme.kustomerapp.com/app/customers/${ADA}`);
    const seen = await inContentScript<string>(
      h.context,
      page,
      h.extensionId,
      `chrome.storage.session.get(null).then(() => 'readable', (e) => String(e.message))`,
    );
    expect(seen).toMatch(/not allowed/i);
  });
});

describe('toolbar popup', () => {
  it('lists the customers a page shows, to pick one', async () => {
    await inFront('https://acme.kustomerapp.com/app/customers');
    await h.worker.evaluate(() => (globalThis as any).chrome.action.openPopup());
    await expect.poll(() => popupText('.finder-list h2')).toBe('Customers on this page');
    const picked = await reader.evaluate(() => {
      const doc = (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0].document as Document;
      const buttons = [...doc.querySelectorAll('section[aria-label="Customers on this page"] .pick')] as HTMLButtonElement[];
      const grace = buttons.find((b) => b.textContent?.includes('Grace Hopper'))!;
      grace.click();
      return buttons.length;
    });
    expect(picked).toBe(h.sandbox.customerIds.length);
    await openedOn('Grace Hopper');
  });

  it('offers search (and recent customers) where the page shows none', async () => {
    const opened = await h.context.newPage(); // a customer opened before, to be among the recent ones
    await opened.goto(h.extensionUrl(`popup.html?customer=${GRACE}`));
    await opened.locator('.customer-name').waitFor();
    await opened.close();
    await inFront('https://plain.example/');
    await h.worker.evaluate(() => (globalThis as any).chrome.action.openPopup());
    // Opened by the worker, not by a click, the popup is not granted the tab's address; it says
    // what it can (and on a real click it says "No customer on this page.").
    await expect.poll(() => popupText('.finder .notice')).toMatch(/^No customer (on this page|found here)/);
    await expect.poll(() => popupText('section[aria-label="Recent customers"] .pick')).toContain('Grace Hopper');
    await reader.evaluate(() => {
      const doc = (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0].document as Document;
      const input = doc.querySelector('input[type=search]') as HTMLInputElement;
      input.value = 'nobody@nowhere.example';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      (doc.querySelector('.finder-search') as HTMLFormElement).requestSubmit();
    });
    await expect.poll(() => popupText('[role=status] .notice')).toBe('No customer matches email nobody@nowhere.example.');
    await reader.evaluate(() => {
      const doc = (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0].document as Document;
      const input = doc.querySelector('input[type=search]') as HTMLInputElement;
      input.value = `https://acme.kustomerapp.com/app/customers/64b7f0c2a1d3e4f5a6b7c801`;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      (doc.querySelector('.finder-search') as HTMLFormElement).requestSubmit();
    });
    await openedOn('Ada Lovelace');
  });
});
