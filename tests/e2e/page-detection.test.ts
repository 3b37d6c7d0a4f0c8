/**
 * The content script on the sandbox's agent pages, in real Chromium with the production build:
 * which customer each URL shape shows, client-side navigation, conversations, the customers
 * linked from a page, the badge, and nothing at all on other sites.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harnessForFile, OptionsPage } from './support/extension';

/** Grace Hopper, whose conversation is the sandbox's third. */
const GRACE = '64b7f0c2a1d3e4f5a6b7c802';

let h: Harness;
let ada: string;

const harness = harnessForFile();
beforeAll(() => {
  h = harness();
  ada = h.sandbox.customerIds[0]!;
});

/** What the content script of the active tab tells the extension (asked from the service worker). */
function pageContext(): Promise<{ customerId?: string; conversationId?: string; customerIds: string[] }> {
  return h.worker.evaluate(async () => {
    const c = (globalThis as any).chrome;
    const [tab] = await c.tabs.query({ active: true, lastFocusedWindow: true });
    return c.tabs.sendMessage(tab.id, { type: 'page.context' });
  });
}

async function agentPage(path: string): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(`https://acme.kustomerapp.com${path}`);
  await page.bringToFront();
  return page;
}

describe('customer of the page', () => {
  it('comes from a customer URL and from a customer event URL', async () => {
    await agentPage(`/app/customers/${ada}`);
    await expect.poll(pageContext).toMatchObject({ customerId: ada });
    const conversation = h.sandbox.conversationIds[0]!;
    await agentPage(`/app/customers/${ada}/event/${conversation}`);
    await expect.poll(pageContext).toMatchObject({ customerId: ada, conversationId: conversation });
  });

  it('comes from Kustomer for a conversation page, asked once per conversation', async () => {
    const conversation = h.sandbox.conversationIds[2]!; // Grace Hopper's
    await agentPage(`/app/conversations/${conversation}`);
    await expect.poll(async () => (await pageContext()).customerId).toBe(GRACE);
    const asked = h.sandbox.apiRequests('GET').filter((r) => r.path === `/v1/conversations/${conversation}`);
    expect(asked).toHaveLength(1);
    await agentPage(`/app/conversations/${conversation}`);
    await expect.poll(async () => (await pageContext()).customerId).toBe(GRACE);
    expect(h.sandbox.apiRequests('GET').filter((r) => r.path === `/v1/conversations/${conversation}`)).toHaveLength(1);
  });

  it('follows a client-side navigation to another customer, dropping the old one at once', async () => {
    const page = await agentPage(`/app/customers/${ada}`);
    await expect.poll(async () => (await pageContext()).customerId).toBe(ada);
    const spa = page.locator('a[data-spa]').first();
    const target = /\/app\/customers\/([0-9a-f]{24})/.exec((await spa.getAttribute('href'))!)![1]!;
    expect(target).not.toBe(ada);
    await spa.click();
    await expect.poll(() => page.url()).toContain(target);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1); // no reload
    await expect.poll(async () => (await pageContext()).customerId).toBe(target);
  });

  it('is nothing on a page without a customer', async () => {
    await agentPage('/app/customers');
    // The content script answers (it lists the page's links) and names no customer of the page.
    await expect.poll(async () => (await pageContext()).customerIds.length).toBeGreaterThan(0);
    expect((await pageContext()).customerId).toBeUndefined();
  });
});

describe('customers linked from the page', () => {
  it('are all found, including links that arrive later', async () => {
    const page = await agentPage('/app/customers');
    await expect.poll(async () => (await pageContext()).customerIds.sort()).toEqual([...h.sandbox.customerIds].sort());
    const late = 'abcdefabcdefabcdefabcdef';
    await page.evaluate((id) => {
      const wrapper = document.createElement('div');
      wrapper.innerHTML = `<section><p><a href="/app/customers/${id}">Someone new</a></p></section>`;
      document.body.append(wrapper);
    }, late);
    await expect.poll(async () => (await pageContext()).customerIds).toContain(late);
  });
});

describe('the badge', () => {
  it("opens the editor on the page's customer", async () => {
    const reader = await h.context.newPage();
    await reader.goto(h.extensionUrl('options.html'));
    const page = await agentPage(`/app/customers/${ada}`);
    const badge = page.locator('kustomer-customer-updater');
    await badge.waitFor();
    await badge.click();
    await expect
      .poll(() =>
        reader.evaluate(() => (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0]?.document.querySelector('.customer-name')?.textContent),
      )
      .toBe('Ada Lovelace');
  });

  it('can be turned off in the settings', async () => {
    const page = await agentPage(`/app/customers/${ada}`);
    await page.locator('kustomer-customer-updater').waitFor();
    const options = await OptionsPage.open(h);
    await options.page.getByLabel('Show the "Update customer" badge').uncheck();
    await expect.poll(() => page.locator('kustomer-customer-updater').isHidden()).toBe(true);
    await options.page.getByLabel('Show the "Update customer" badge').check();
    await expect.poll(() => page.locator('kustomer-customer-updater').isVisible()).toBe(true);
  });

  it('keeps its styles to itself (closed shadow root)', async () => {
    const page = await agentPage(`/app/customers/${ada}`);
    const badge = page.locator('kustomer-customer-updater');
    await badge.waitFor();
    expect(await badge.evaluate((el) => el.shadowRoot)).toBeNull(); // closed: the page cannot reach in
    await page.addStyleTag({ content: 'button { background: red !important; font-size: 40px !important; }' });
    const box = await badge.boundingBox();
    expect(box!.height).toBeLessThan(60);
  });
});

describe('other sites', () => {
  it('get nothing injected', async () => {
    await h.context.route('https://plain.example/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Plain</title><a href="https://acme.kustomerapp.com/app/customers/64b7f0c2a1d3e4f5a6b7c801">Ada</a>' }),
    );
    const page = await h.context.newPage();
    const cdp = await h.context.newCDPSession(page);
    // Every script world of the tab, in order, with a mark where one document gives way to the next.
    const events: ({ origin: string; auxData?: { type?: string } } | 'next document')[] = [];
    cdp.on('Runtime.executionContextCreated', (event) => events.push(event.context));
    cdp.on('Runtime.executionContextsCleared', () => events.push('next document'));
    await cdp.send('Runtime.enable');
    await page.goto('https://plain.example/');
    expect(await page.locator('kustomer-customer-updater').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('kustomer-customer-updater');
    // Then the same tab loads a Kustomer page, and its content script runs: the positive event that
    // comes after anything the plain page could have got.
    await page.goto(`https://acme.kustomerapp.com/app/customers/${ada}`);
    const ours = (e: (typeof events)[number]) => e !== 'next document' && e.auxData?.type === 'isolated' && e.origin.includes(h.extensionId);
    await expect.poll(() => events.some(ours)).toBe(true);
    const kustomerPage = events.lastIndexOf('next document');
    expect(events.slice(0, kustomerPage).filter(ours)).toEqual([]);
    await cdp.detach();
  });
});
