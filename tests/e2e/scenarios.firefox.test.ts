// The shared browser scenarios (scenarios.ts) in Firefox ESR, with the Firefox MV3 build; and
// what only Firefox does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clickButton, fill, waitIn, type Driver } from './drivers/driver';
import { firefoxDriver } from './drivers/firefox';
import { browserScenarios } from './scenarios';

// One Firefox for the file: the shared scenarios, then what only Firefox does.
let d: Driver;
beforeAll(async () => {
  d = await firefoxDriver();
}, 120_000);
afterAll(async () => {
  await d?.close();
});

describe('Firefox', () => browserScenarios(() => d));

describe('Firefox only', () => {
  beforeEach(async () => {
    await d.closePages();
    d.sandbox.reset();
  });

  it('opens the editor on the customer for a request without a user action (toolbar popup, or the popup window where Firefox refuses it)', async () => {
    const options = await d.extensionPage('options.html');
    await waitIn(options, () => /saved/i.test(document.querySelector('.saved-state')?.textContent ?? ''));
    await fill(options, 'API key', d.sandbox.keys.admin);
    await clickButton(options, 'Save');
    await waitIn(options, () => document.querySelector('.notice-success') !== null);
    // No click here: the request arrives as from a content script's badge. Firefox ESR 153 was seen
    // to allow openPopup then; where it refuses, the window opens instead (unit-tested with the
    // refusal in editor-window.test.ts). Either way the editor must be on Grace.
    d.sandbox.requests.length = 0;
    const opened = await options.evaluate(() =>
      (globalThis as any).browser.runtime.sendMessage({ type: 'editor.open', customerId: '64b7f0c2a1d3e4f5a6b7c802' }),
    );
    expect(['popup', 'window']).toContain((opened as { value: string }).value);
    await expect.poll(() => d.sandbox.apiRequests('GET').map((r) => r.path), { timeout: 15_000 }).toContain('/v1/customers/64b7f0c2a1d3e4f5a6b7c802');
  });

  it('keeps the hand-over in storage.session with no setAccessLevel (Firefox has none), readable by extension pages', async () => {
    const options = await d.extensionPage('options.html');
    const session = await options.evaluate(async () => {
      const api = (globalThis as any).browser;
      await api.storage.session.set({ probe: 1 });
      const read = await api.storage.session.get('probe');
      await api.storage.session.remove('probe');
      return { read: read.probe, setAccessLevel: typeof api.storage.session.setAccessLevel };
    });
    expect(session).toEqual({ read: 1, setAccessLevel: 'undefined' });
  });
});
