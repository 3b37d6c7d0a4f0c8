/**
 * The full editor in real Chromium against the sandbox: each kind of edit is exactly one PATCH
 * of only the changed fields (plus the loaded rev), valid against Kustomer's OpenAPI schema; and
 * conflicts, drafts, undo and masked values behave as promised.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateCustomerUpdate } from '../../sandbox/openapi.mjs';
import { type Harness, harnessForFile, patchAsSomeoneElse, PopupPage } from './support/extension';

let h: Harness;
let ada: string;

const harness = harnessForFile();
beforeAll(() => {
  h = harness();
  ada = h.sandbox.customerIds[0]!;
});

type Stored = Record<string, any>;
const stored = () => h.sandbox.customer(ada) as Stored;
/** The ids of the org's tags of these names: how Kustomer holds them. */
const tagIds = (...names: string[]) => names.map((name) => h.sandbox.tagIdOf(name)!);

/** The one PATCH a save sent: its body, checked against Kustomer's schema. */
function onePatch() {
  const patches = h.sandbox.apiRequests('PATCH');
  expect(patches).toHaveLength(1);
  const body = patches[0]!.body as Stored;
  expect(validateCustomerUpdate(body)).toEqual({ valid: true });
  expect(patches[0]!.status).toBe(200);
  return body;
}

describe('each edit is one PATCH of only what changed', () => {
  it('adds and removes tags', async () => {
    const rev = stored().rev;
    const popup = await PopupPage.open(h, ada);
    await popup.removeTag('beta-tester');
    await popup.addTag('renewal');
    expect(await popup.page.locator('.summary').textContent()).toContain('Tags: added renewal; removed beta-tester');
    expect(await popup.save()).toMatch(/^Saved \(revision 13\): Tags: added renewal; removed beta-tester/);
    expect(onePatch()).toEqual({ tags: tagIds('vip', 'renewal'), rev }); // a picked tag goes as its id, like the ones read
    expect(await popup.tags()).toEqual(['vip', 'renewal']);
  });

  it('adds an email and a phone', async () => {
    const before = stored();
    const popup = await PopupPage.open(h, ada);
    await popup.page.getByRole('button', { name: 'Add email' }).click();
    await popup.page.getByLabel('Email', { exact: true }).last().fill('ada@work.example');
    await popup.page.getByRole('button', { name: 'Add phone' }).click();
    const phone = popup.page.getByLabel('Phone', { exact: true }).last();
    await phone.fill('+1 (415) 555-0123');
    await phone.blur();
    expect(await phone.inputValue()).toBe('+14155550123'); // E.164 where unambiguous
    expect(await popup.save()).toMatch(/^Saved/);
    const body = onePatch();
    expect(Object.keys(body).sort()).toEqual(['emails', 'phones', 'rev']);
    expect(body.emails.map((e: Stored) => e.email)).toEqual([...before.emails.map((e: Stored) => e.email), 'ada@work.example']);
    expect(body.phones.at(-1)).toEqual({ phone: '+14155550123' });
    expect(body.emails.every((e: Stored) => !('id' in e))).toBe(true); // read-only keys are not sent back
    expect(await popup.page.getByLabel('Email', { exact: true }).last().inputValue()).toBe('ada@work.example');
  });

  it('edits a location', async () => {
    const popup = await PopupPage.open(h, ada);
    await popup.page.getByLabel('City', { exact: true }).first().fill('Marylebone');
    await popup.page.getByLabel('ZIP code', { exact: true }).first().fill('NW1 6XE');
    expect(await popup.save()).toMatch(/^Saved/);
    const body = onePatch();
    expect(Object.keys(body).sort()).toEqual(['locations', 'rev']);
    expect(body.locations).toHaveLength(1);
    expect(body.locations[0]).toMatchObject({ cityName: 'Marylebone', zipCode: 'NW1 6XE', countryCode: 'GB', latitude: 51.5074 });
    expect(stored().locations[0]).toMatchObject({ cityName: 'Marylebone', zipCode: 'NW1 6XE' });
  });

  it('sets a custom attribute of each suffix type', async () => {
    const popup = await PopupPage.open(h, ada);
    const page = popup.page;
    await popup.openMoreFields();
    await page.getByLabel('Loyalty points', { exact: true }).fill('1300');
    await page.getByLabel('Last order', { exact: true }).fill('2024-06-01T12:30:00');
    await page.getByLabel('Plan', { exact: true }).selectOption('enterprise');
    await page.getByLabel('Account notes', { exact: true }).fill('Call before noon.');
    await page.getByLabel('VIP', { exact: true }).uncheck();
    await page.getByLabel('CRM profile', { exact: true }).fill('https://crm.example.com/customers/1001?v=2');
    expect(await popup.save()).toMatch(/^Saved/);
    const body = onePatch();
    expect(Object.keys(body).sort()).toEqual(['custom', 'rev']);
    expect(body.custom).toEqual({
      loyaltyPointsNum: 1300,
      lastOrderAt: new Date('2024-06-01T12:30:00').toISOString(),
      planStr: 'enterprise',
      notesTxt: 'Call before noon.',
      vipBool: false,
      crmProfileUrl: 'https://crm.example.com/customers/1001?v=2',
    });
    expect(stored().custom).toMatchObject({ ...body.custom, accountManagerStr: 'Charles Babbage' });
    expect(await page.getByLabel('Loyalty points', { exact: true }).inputValue()).toBe('1300');
  });

  it('refuses invalid input where it is, and sends nothing', async () => {
    const popup = await PopupPage.open(h, ada);
    await popup.page.getByRole('button', { name: 'Add email' }).click();
    const email = popup.page.getByLabel('Email', { exact: true }).last();
    await email.fill('not-an-email');
    await popup.openMoreFields();
    await popup.page.getByLabel('Loyalty points', { exact: true }).fill('lots');
    await popup.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => popup.error().first().textContent()).toMatch(/^Not saved: fix 2 problems marked below\./);
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await popup.page.getByLabel('Loyalty points', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(h.sandbox.apiRequests('PATCH')).toHaveLength(0);
    expect(await email.inputValue()).toBe('not-an-email');
  });
});

describe('nothing is lost', () => {
  it('shows both sides of a 409 and re-applies the edit with one action', async () => {
    const popup = await PopupPage.open(h, ada);
    await popup.openMoreFields();
    await popup.page.getByLabel('Name', { exact: true }).fill('Augusta Ada King');
    expect(await patchAsSomeoneElse(h, ada, { username: 'countess' })).toBe(200); // rev 12 -> 13
    h.sandbox.requests.length = 0;

    await popup.page.getByRole('button', { name: 'Save' }).click();
    const conflict = popup.page.getByRole('alert').filter({ hasText: 'changed in Kustomer while you were editing' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Username: ada → countess');
    expect(await conflict.textContent()).toContain('Name: Ada Lovelace → Augusta Ada King');
    // Kustomer's values with the agent's edit on top, nothing saved yet; the username typed by
    // someone else is there, and a late edit during the conflict is kept too.
    expect(await popup.page.getByLabel('Name', { exact: true }).inputValue()).toBe('Augusta Ada King');
    expect(await popup.page.getByLabel('Username', { exact: true }).inputValue()).toBe('countess');
    expect(h.sandbox.apiRequests('PATCH').map((r) => r.status)).toEqual([409]);
    expect(stored()).toMatchObject({ name: 'Ada Lovelace', username: 'countess' });
    await popup.page.getByLabel('City', { exact: true }).first().fill('Marylebone');

    await popup.page.getByRole('button', { name: 'Re-apply my edits and save' }).click();
    await popup.page.locator('.notice-success').waitFor();
    const [, second] = h.sandbox.apiRequests('PATCH');
    expect(second!.body).toMatchObject({ name: 'Augusta Ada King', rev: 13 });
    expect(Object.keys(second!.body as object).sort()).toEqual(['locations', 'name', 'rev']);
    expect(second!.status).toBe(200);
    expect(stored()).toMatchObject({ name: 'Augusta Ada King', username: 'countess', rev: 14 });
    expect(stored().locations[0].cityName).toBe('Marylebone');
    expect(await popup.page.getByRole('alert').filter({ hasText: 'changed in Kustomer' }).count()).toBe(0);
  });

  it('keeps every keystroke as a draft: closing the popup loses nothing, saving clears it', async () => {
    let popup = await PopupPage.open(h, ada);
    await popup.openMoreFields();
    await popup.page.getByLabel('Name', { exact: true }).fill('Ada, Countess of Lovelace');
    await popup.addTagInput().fill('half-typed');
    await popup.page.close();

    popup = await PopupPage.open(h, ada);
    expect(await popup.page.getByText(/^Restored your unsaved edits from/).count()).toBe(1);
    // "More fields" opened by itself: it holds an unsaved change.
    expect(await popup.page.getByLabel('Name', { exact: true }).inputValue()).toBe('Ada, Countess of Lovelace');
    expect(await popup.addTagInput().inputValue()).toBe('half-typed');
    expect(h.sandbox.apiRequests('PATCH')).toHaveLength(0);

    expect(await popup.save()).toMatch(/^Saved/);
    expect(onePatch()).toEqual({ name: 'Ada, Countess of Lovelace', tags: [...tagIds('vip', 'beta-tester'), 'half-typed'], rev: 12 });
    await popup.page.close();
    popup = await PopupPage.open(h, ada);
    expect(await popup.page.getByText(/^Restored your unsaved edits/).count()).toBe(0);
    await popup.openMoreFields();
    expect(await popup.page.getByLabel('Name', { exact: true }).inputValue()).toBe('Ada, Countess of Lovelace');
  });

  it('keeps the last keystroke and the customer among the recent ones when the popup is closed at once', async () => {
    const grace = '64b7f0c2a1d3e4f5a6b7c802';
    // Opened and closed the moment her name shows: nothing the popup could still do after that counts.
    const glance = await h.context.newPage();
    await glance.addInitScript(() => {
      new MutationObserver(() => document.querySelector('.customer-name') && window.close()).observe(document, { childList: true, subtree: true });
    });
    const closed = glance.waitForEvent('close');
    void glance.goto(h.extensionUrl(`popup.html?customer=${grace}`)).catch(() => {});
    await closed;

    let popup = await PopupPage.open(h, grace);
    await popup.page.getByLabel('Email', { exact: true }).first().fill('grace@fleet.example');
    // The last keystroke and the close in one task: no render, no effect, no await runs after it.
    const gone = popup.page.waitForEvent('close');
    await popup.addTagInput().evaluate((input: HTMLInputElement) => {
      input.value = 'closed-at-once';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      window.close();
    });
    await gone;

    popup = await PopupPage.open(h, grace);
    expect(await popup.page.getByText(/^Restored your unsaved edits from/).count()).toBe(1);
    expect(await popup.addTagInput().inputValue()).toBe('closed-at-once');
    expect(await popup.page.getByLabel('Email', { exact: true }).first().inputValue()).toBe('grace@fleet.example');
    await popup.page.close();

    // The search screen (no customer in front) lists her first among the recent customers.
    const finder = await h.context.newPage();
    await finder.goto(h.extensionUrl('popup.html'));
    await expect.poll(() => finder.locator('section[aria-label="Recent customers"] .pick-label').allTextContents()).toEqual(
      expect.arrayContaining(['Grace Hopper']),
    );
    expect(await finder.locator('section[aria-label="Recent customers"] .pick-label').first().textContent()).toBe('Grace Hopper');
    expect(h.sandbox.apiRequests('PATCH')).toHaveLength(0);
  });

  it('keeps what is typed while a save is on its way', async () => {
    h.sandbox.addFault({ method: 'PATCH', delayMs: 1200 });
    const popup = await PopupPage.open(h, ada);
    await popup.openMoreFields();
    await popup.page.getByLabel('Name', { exact: true }).fill('A. Lovelace');
    await popup.page.getByRole('button', { name: 'Save' }).click();
    await popup.page.getByText('Saving…').first().waitFor();
    await popup.page.getByLabel('Username', { exact: true }).fill('typed-while-saving');
    await popup.page.locator('.notice-success').waitFor();
    expect(await popup.page.getByLabel('Username', { exact: true }).inputValue()).toBe('typed-while-saving');
    expect(await popup.page.locator('.summary').textContent()).toContain('Username: ada → typed-while-saving');
    expect(onePatch()).toEqual({ name: 'A. Lovelace', rev: 12 });
    expect(await popup.save()).toMatch(/^Saved \(revision 14\): Username/);
  });

  it('puts a draft made before someone else changed the customer on top of their change', async () => {
    let popup = await PopupPage.open(h, ada);
    await popup.openMoreFields();
    await popup.page.getByLabel('Name', { exact: true }).fill('Ada K.');
    await popup.page.close();
    expect(await patchAsSomeoneElse(h, ada, { username: 'countess' })).toBe(200);
    h.sandbox.requests.length = 0;
    popup = await PopupPage.open(h, ada);
    const conflict = popup.page.getByRole('alert').filter({ hasText: 'changed in Kustomer while you were editing' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Username: ada → countess');
    expect(await popup.page.getByLabel('Name', { exact: true }).inputValue()).toBe('Ada K.');
    await popup.page.getByRole('button', { name: 'Re-apply my edits and save' }).click();
    await popup.page.locator('.notice-success').waitFor();
    expect(onePatch()).toEqual({ name: 'Ada K.', rev: 13 });
    expect(stored()).toMatchObject({ name: 'Ada K.', username: 'countess' });
  });

  it('survives the service worker being stopped mid-edit', async () => {
    const popup = await PopupPage.open(h, ada);
    await popup.openMoreFields();
    await popup.page.getByLabel('Username', { exact: true }).fill('ada-k');
    const cdp = await h.context.newCDPSession(popup.page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    expect(await popup.save()).toMatch(/^Saved/);
    expect(onePatch()).toEqual({ username: 'ada-k', rev: 12 });
  });

  it('undoes a save with one PATCH', async () => {
    const original = stored();
    const popup = await PopupPage.open(h, ada);
    await popup.openMoreFields();
    await popup.page.getByLabel('Name', { exact: true }).fill('A. Lovelace');
    await popup.removeTag('vip');
    expect(await popup.save()).toMatch(/^Saved/);
    await popup.page.getByRole('button', { name: 'Undo' }).click();
    await popup.page.getByText(/^Undone/).waitFor();
    const patches = h.sandbox.apiRequests('PATCH');
    expect(patches).toHaveLength(2);
    expect(patches[1]!.body).toEqual({ name: 'Ada Lovelace', tags: tagIds('vip', 'beta-tester'), rev: 13 }); // the same ids back
    expect(validateCustomerUpdate(patches[1]!.body)).toEqual({ valid: true });
    expect(stored()).toMatchObject({ name: original.name, tags: original.tags, rev: 14 });
    expect(await popup.page.getByLabel('Name', { exact: true }).inputValue()).toBe('Ada Lovelace');
  });

  it('never sends back a value Kustomer masked', async () => {
    h.sandbox.settings.masked = ['phones'];
    const popup = await PopupPage.open(h, ada);
    expect(await popup.page.getByText(/Masked by Kustomer/).count()).toBeGreaterThan(0);
    expect(await popup.page.getByLabel('Phone', { exact: true }).first().getAttribute('readonly')).not.toBeNull();
    await popup.openMoreFields();
    await popup.page.getByLabel('Username', { exact: true }).fill('ada2');
    expect(await popup.save()).toMatch(/^Saved/);
    const body = onePatch();
    expect(body).toEqual({ username: 'ada2', rev: 12 });
    expect(stored().phones[0].phone).toBe('+442079460958');
  });
});

describe('keyboard and layout', () => {
  it('Esc puts the focused field back as loaded, and a second Esc closes the popup', async () => {
    const popup = await PopupPage.open(h, ada);
    expect(await popup.page.evaluate(() => document.activeElement?.id)).toBe('add-tag'); // the first useful field
    const city = popup.page.getByLabel('City', { exact: true }).first();
    await city.fill('Paris');
    await city.press('Escape');
    expect(await city.inputValue()).toBe('London');
    expect(await popup.page.locator('.summary').textContent()).toBe('No changes yet.');
    const closed = popup.page.waitForEvent('close');
    await city.press('Escape').catch(() => {}); // the page goes away while the key is pressed
    await closed;
    expect(popup.page.isClosed()).toBe(true);
    expect(h.sandbox.apiRequests('PATCH')).toHaveLength(0);
  });

  it('keeps a long name and twenty tags readable without horizontal scrolling', async () => {
    const tags = Array.from({ length: 20 }, (_, i) => `a-rather-long-tag-name-number-${i + 1}`);
    const name = 'Augusta Ada King, Countess of Lovelace, née Byron, of the Analytical Engine Society';
    expect(await patchAsSomeoneElse(h, ada, { name, tags })).toBe(200);
    const popup = await PopupPage.open(h, ada);
    await popup.page.setViewportSize({ width: 420, height: 600 });
    expect(await popup.name().textContent()).toBe(name);
    await expect.poll(() => popup.tags()).toEqual(tags); // names fill in from the org's tags
    await popup.openMoreFields();
    const overflow = await popup.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await popup.page.getByText('20/20').count()).toBe(1);
  });
});

