import type { BrowserContext, Page } from 'playwright-core';
import { launchWithExtension } from '../../../scripts/chromium.mjs';
import { startSandbox } from '../../../sandbox/server.mjs';
import { cleanSlate, EXTENSION_PATH, sharedHarness, wrapPage as wrap } from '../support/extension';
import type { Driver, Sandbox } from './driver';

/**
 * Chromium with the production build. Headless (the test run): the run's shared browser and
 * sandbox, from a clean state, left open when the driver is done. Headed (real input under Xvfb,
 * in a process of its own): a browser and sandbox of its own.
 */
export async function chromiumDriver({ headless = true } = {}): Promise<Driver> {
  let sandbox: Sandbox;
  let context: BrowserContext;
  let extensionUrl: (path: string) => string;
  let close: () => Promise<void>;
  if (headless) {
    const h = await sharedHarness();
    await cleanSlate(h);
    ({ sandbox, context } = h);
    extensionUrl = h.extensionUrl;
    close = async () => {};
  } else {
    sandbox = await startSandbox({ port: 0 });
    const browser = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxPort: sandbox.port, headless });
    ({ context, extensionUrl } = browser);
    close = async () => {
      await browser.close();
      await sandbox.close();
    };
  }
  // An extension page to read the toolbar popup from, opened before any agent page is in front.
  let reader: Page | undefined;
  const driver: Driver = {
    name: 'Chromium',
    windowClass: 'chromium',
    sandbox,
    async extensionPage(path) {
      const page = await context.newPage();
      await page.goto(extensionUrl(path));
      return wrap(page);
    },
    async webPage(url) {
      if (!reader || reader.isClosed()) {
        reader = await context.newPage();
        await reader.goto(extensionUrl('options.html'));
      }
      const page = await context.newPage();
      await page.goto(url);
      await page.bringToFront();
      return wrap(page);
    },
    openedEditorName() {
      return driver.inEditor('.customer-name');
    },
    async inEditor(selector) {
      const fromPopup = reader
        ? await reader.evaluate((s) => (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0]?.document.querySelector(s)?.textContent ?? null, selector)
        : null;
      if (fromPopup) return fromPopup;
      const window = context.pages().filter((p) => p.url().includes('/popup.html')).at(-1);
      return window ? ((await window.locator(selector).first().textContent({ timeout: 1000 }).catch(() => null)) ?? null) : null;
    },
    async closePages() {
      for (const page of context.pages()) await page.close();
      reader = undefined;
    },
    close,
  };
  return driver;
}
