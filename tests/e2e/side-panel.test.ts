/**
 * The side panel in headless Chromium: opened by a click on an extension page (a user gesture,
 * `sidePanel.open` called first), read through `extension.getViews()` from another extension page
 * (the panel is not among Playwright's pages). It follows the agent's tab through the app's
 * navigation and tab switches, and keeps a customer with an unsaved edit, offering "Switch".
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateCustomerUpdate } from '../../sandbox/openapi.mjs';
import { type Harness, harnessForFile } from './support/extension';

let h: Harness;
const harness = harnessForFile();
beforeAll(() => {
  h = harness();
});

const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const GRACE = '64b7f0c2a1d3e4f5a6b7c802';
const customerPage = (id: string) => `https://acme.kustomerapp.com/app/customers/${id}`;

/** Opens the panel in the window of an extension page, with a click (the gesture `sidePanel.open` needs). */
async function openPanel(): Promise<Page> {
  const reader = await h.context.newPage();
  await reader.goto(h.extensionUrl('options.html'));
  await reader.evaluate(async () => {
    const chrome = (globalThis as any).chrome;
    const { id } = await chrome.windows.getCurrent();
    const button = document.createElement('button');
    button.id = 'open-panel';
    button.textContent = 'Open panel';
    button.onclick = () => void chrome.sidePanel.open({ windowId: id });
    document.body.append(button);
  });
  await reader.click('#open-panel');
  await expect.poll(async () => (await inPanel(reader, '.panel')) !== null, { timeout: 10_000 }).toBe(true);
  return reader;
}

/** The text of `selector` in the open panel (null: no such element, or no panel). */
function inPanel(reader: Page, selector: string) {
  return reader.evaluate((s) => {
    const panel = (globalThis as any).chrome.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html') as Window | undefined;
    return panel?.document.querySelector(s)?.textContent ?? null;
  }, selector);
}

/** The panel open beside Ada's page, its editor ready to type in. */
async function panelEditingAda(): Promise<{ reader: Page; agent: Page }> {
  const reader = await openPanel();
  const agent = await h.context.newPage();
  await agent.goto(customerPage(ADA));
  await agent.bringToFront();
  await expect.poll(() => inPanel(reader, '.customer-name'), { timeout: 10_000 }).toBe('Ada Lovelace');
  await expect.poll(async () => (await inPanel(reader, '#add-tag')) !== null).toBe(true);
  return { reader, agent };
}

/** Types into the panel's "Add tag" as an agent would (an input event in the panel's document). */
function typeInPanel(reader: Page, text: string) {
  return reader.evaluate((value) => {
    const panel = (globalThis as any).chrome.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html') as any;
    const input = panel.document.getElementById('add-tag') as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new panel.Event('input', { bubbles: true }));
  }, text);
}

function pressInPanel(reader: Page, key: string, { ctrl = false } = {}) {
  return reader.evaluate(
    ({ key, ctrl }) => {
      const panel = (globalThis as any).chrome.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html') as any;
      const target = panel.document.activeElement ?? panel.document.body;
      target.dispatchEvent(new panel.KeyboardEvent('keydown', { key, ctrlKey: ctrl, bubbles: true, cancelable: true }));
    },
    { key, ctrl },
  );
}

function clickInPanel(reader: Page, name: string) {
  return reader.evaluate((name) => {
    const panel = (globalThis as any).chrome.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html') as Window;
    const button = [...panel.document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
    if (!button) throw new Error(`No button ${name} in the panel`);
    button.click();
  }, name);
}

/** Clicks the agent app's in-app link to another customer (pushState, no reload). */
const navigateInApp = (agent: Page) =>
  agent.evaluate(() => {
    const link = document.querySelector('a[data-spa]') as HTMLAnchorElement;
    link.click();
    return { id: link.dataset.customerId!, name: link.dataset.customerName! };
  });

describe('the side panel', () => {
  it('follows the page’s customer through the app’s navigation and tab switches', async () => {
    const reader = await openPanel();
    const agent = await h.context.newPage();
    await agent.goto(customerPage(ADA));
    await agent.bringToFront();
    await expect.poll(() => inPanel(reader, '.customer-name'), { timeout: 10_000 }).toBe('Ada Lovelace');

    const reads = (id: string) => h.sandbox.apiRequests('GET').filter((r) => r.path === `/v1/customers/${id}`).length;
    const before = reads(await agent.evaluate(() => (document.querySelector('a[data-spa]') as HTMLAnchorElement).dataset.customerId!));
    const other = await navigateInApp(agent);
    await expect.poll(() => inPanel(reader, '.customer-name'), { timeout: 10_000 }).toBe(other.name);
    // Read once: the page telling the panel again (its links, rescanned) does not load the customer again.
    expect(reads(other.id) - before).toBe(1);

    const second = await h.context.newPage();
    await second.goto(customerPage(GRACE));
    await second.bringToFront();
    await expect.poll(() => inPanel(reader, '.customer-name'), { timeout: 10_000 }).toBe('Grace Hopper');
    await agent.bringToFront();
    await expect.poll(() => inPanel(reader, '.customer-name'), { timeout: 10_000 }).toBe(other.name);
  });

  it('keeps the customer with an unsaved edit when the page moves on, saves it to that customer, and switches on request', async () => {
    const { reader, agent } = await panelEditingAda();
    await typeInPanel(reader, 'kept-in-panel');

    const other = await navigateInApp(agent);
    await expect.poll(() => inPanel(reader, '.panel .notice-info'), { timeout: 10_000 }).toBe(`The page now shows ${other.name}: Switch`);
    expect(await inPanel(reader, '.customer-name')).toBe('Ada Lovelace'); // the header names the customer Save acts on

    await pressInPanel(reader, 'Enter');
    await pressInPanel(reader, 's', { ctrl: true });
    await expect.poll(() => h.sandbox.apiRequests('PATCH').filter((r) => r.status !== null).length, { timeout: 10_000 }).toBe(1);
    const [patch] = h.sandbox.apiRequests('PATCH');
    expect(patch!.path).toBe(`/v1/customers/${ADA}`);
    expect(patch!.status).toBe(200);
    expect(validateCustomerUpdate(patch!.body)).toEqual({ valid: true });
    expect(h.sandbox.tagNames(ADA)).toContain('kept-in-panel');

    await clickInPanel(reader, 'Switch');
    await expect.poll(() => inPanel(reader, '.customer-name'), { timeout: 10_000 }).toBe(other.name);
    expect(await inPanel(reader, '.panel .notice-info')).toBeNull();
  });

  it('a save Kustomer refuses after the panel moved on is announced at once, stays in the outbox and on the toolbar badge, and Open brings the edit back', async () => {
    const { reader, agent } = await panelEditingAda();
    await typeInPanel(reader, 'refused-later');
    await pressInPanel(reader, 'Enter');
    const other = await navigateInApp(agent);
    await expect.poll(() => inPanel(reader, '.panel .notice-info'), { timeout: 10_000 }).toBe(`The page now shows ${other.name}: Switch`);

    // Kustomer takes its time, then refuses; meanwhile the agent moves on.
    h.sandbox.addFault({ method: 'PATCH', path: `/v1/customers/${ADA}`, status: 400, delayMs: 4000 });
    await pressInPanel(reader, 's', { ctrl: true });
    await expect.poll(() => h.sandbox.apiRequests('PATCH').length, { timeout: 10_000 }).toBe(1);
    await clickInPanel(reader, 'Switch');
    await expect.poll(() => inPanel(reader, '.customer-name'), { timeout: 10_000 }).toBe(other.name);
    expect(h.sandbox.apiRequests('PATCH')[0]!.status).toBeNull(); // still at Kustomer when the panel moved on

    await expect.poll(() => inPanel(reader, '.panel .notice-error'), { timeout: 15_000 }).toMatch(/^Not saved for Ada Lovelace: 400: Kustomer refused the update\..* Open$/);
    expect(await inPanel(reader, '.customer-name')).toBe(other.name); // the panel stays where the agent is
    const outbox = () => reader.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'outbox.list' }));
    expect(await outbox()).toMatchObject({ ok: true, value: [{ customerId: ADA, state: 'failed', label: 'Ada Lovelace' }] });
    expect(await reader.evaluate(() => (globalThis as any).chrome.action.getBadgeText({}))).toBe('1');

    await clickInPanel(reader, 'Open');
    await expect.poll(() => inPanel(reader, '.customer-name'), { timeout: 10_000 }).toBe('Ada Lovelace');
    await expect.poll(() => inPanel(reader, '.outbox-note'), { timeout: 10_000 }).toMatch(/400: Kustomer refused the update/);
    expect(await inPanel(reader, '.panel .notice-error')).toBeNull();
    expect(await reader.evaluate(() => [...(globalThis as any).chrome.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html').document.querySelectorAll('.tag-text')].map((e: Element) => e.textContent))).toContain('refused-later');
    expect(h.sandbox.tagNames(ADA)).not.toContain('refused-later');
  });

  it('in the side panel mode, chosen in settings: the toolbar button opens the panel (still after a restart), and so does the page’s badge', async () => {
    const options = await h.context.newPage();
    await options.goto(h.extensionUrl('options.html'));
    await options.getByRole('radio', { name: /^The side panel/ }).check();
    const toolbar = () =>
      options.evaluate(async () => {
        const chrome = (globalThis as any).chrome;
        return { popup: await chrome.action.getPopup({}), openOnClick: (await chrome.sidePanel.getPanelBehavior()).openPanelOnActionClick };
      });
    await expect.poll(toolbar).toEqual({ popup: '', openOnClick: true });
    await h.restart();
    const again = await h.context.newPage();
    await again.goto(h.extensionUrl('options.html'));
    await expect.poll(() => again.evaluate(async () => ({ popup: await (globalThis as any).chrome.action.getPopup({}), openOnClick: (await (globalThis as any).chrome.sidePanel.getPanelBehavior()).openPanelOnActionClick }))).toEqual({ popup: '', openOnClick: true });
    expect(await again.getByRole('radio', { name: /^The side panel/ }).isChecked()).toBe(true);

    // The badge on a Kustomer page: a real click, and the panel opens on that tab.
    const agent = await h.context.newPage();
    await agent.goto(customerPage(ADA));
    const badge = agent.locator('kustomer-customer-updater');
    await badge.waitFor();
    const box = (await badge.boundingBox())!;
    await agent.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => inPanel(again, '.customer-name'), { timeout: 10_000 }).toBe('Ada Lovelace');

    // Kept for an unsaved edit, the panel still shows the customer the agent asks for with the badge.
    await expect.poll(() => again.evaluate(() => !!(globalThis as any).chrome.extension.getViews().find((v: any) => v.location.pathname === '/sidepanel.html')?.document.getElementById('add-tag'))).toBe(true);
    await typeInPanel(again, 'kept-for-later');
    const other = await navigateInApp(agent);
    await expect.poll(() => inPanel(again, '.panel .notice-info'), { timeout: 10_000 }).toBe(`The page now shows ${other.name}: Switch`);
    const moved = (await badge.boundingBox())!;
    await agent.mouse.click(moved.x + moved.width / 2, moved.y + moved.height / 2);
    await expect.poll(() => inPanel(again, '.customer-name'), { timeout: 10_000 }).toBe(other.name);
    expect(await inPanel(again, '.panel .notice-info')).toBeNull();

    // Back to the popup.
    await again.getByRole('radio', { name: /^The popup/ }).check();
    await expect.poll(() => again.evaluate(async () => (globalThis as any).chrome.action.getPopup({}))).toMatch(/popup\.html$/);
  });
  it('on a page listing customers offers them ("Customers on this page"), and one picked opens in the editor', async () => {
    const reader = await openPanel();
    const agent = await h.context.newPage();
    await agent.goto('https://acme.kustomerapp.com/app/customers');
    await agent.bringToFront();
    await expect.poll(() => inPanel(reader, '.finder-list[aria-label="Customers on this page"] h2'), { timeout: 10_000 }).toBe('Customers on this page');
    expect(await inPanel(reader, '.customer-name')).toBeNull(); // no customer chosen for the agent
    const listed = await reader.evaluate(() =>
      [...(globalThis as any).chrome.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html').document.querySelectorAll('.finder-list .pick-label')].map((e: Element) => e.textContent),
    );
    expect(listed).toEqual(expect.arrayContaining(['Ada Lovelace', 'Grace Hopper']));
    await reader.evaluate(() => {
      const view = (globalThis as any).chrome.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html') as Window;
      ([...view.document.querySelectorAll('.finder-list .pick')].find((b) => b.querySelector('.pick-label')?.textContent === 'Grace Hopper') as HTMLButtonElement).click();
    });
    await expect.poll(() => inPanel(reader, '.customer-name'), { timeout: 10_000 }).toBe('Grace Hopper');
  });
});
