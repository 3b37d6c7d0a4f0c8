import type { Page } from 'playwright-core';
import { launchWithExtension } from '../../../scripts/chromium.mjs';
import { startSandbox } from '../../../sandbox/server.mjs';
import { EXTENSION_PATH } from '../support/extension';
import type { BrowserPage, Driver } from './driver';

const wrap = (page: Page): BrowserPage => ({
  url: () => page.url(),
  evaluate: (fn, arg) => page.evaluate(fn as never, arg as never),
  click: (x, y, button = 'left') => page.mouse.click(x, y, { button }),
  close: () => page.close(),
});

export async function chromiumDriver({ headless = true } = {}): Promise<Driver> {
  const sandbox = await startSandbox({ port: 0 });
  const browser = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxPort: sandbox.port, headless });
  // An extension page to read the toolbar popup from, opened before any agent page is in front.
  let reader: Page | undefined;
  return {
    name: 'Chromium',
    windowClass: 'chromium',
    sandbox,
    async extensionPage(path) {
      const page = await browser.context.newPage();
      await page.goto(browser.extensionUrl(path));
      return wrap(page);
    },
    async webPage(url) {
      if (!reader || reader.isClosed()) {
        reader = await browser.context.newPage();
        await reader.goto(browser.extensionUrl('options.html'));
      }
      const page = await browser.context.newPage();
      await page.goto(url);
      await page.bringToFront();
      return wrap(page);
    },
    async openedEditorName() {
      const fromPopup = reader
        ? await reader.evaluate(() => (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0]?.document.querySelector('.customer-name')?.textContent ?? null)
        : null;
      if (fromPopup) return fromPopup;
      const window = browser.context.pages().filter((p) => p.url().includes('/popup.html')).at(-1);
      return window ? ((await window.locator('.customer-name').textContent().catch(() => null)) ?? null) : null;
    },
    async closePages() {
      for (const page of browser.context.pages()) await page.close();
      reader = undefined;
    },
    async close() {
      await browser.close();
      await sandbox.close();
    },
  };
}
