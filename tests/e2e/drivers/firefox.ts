import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { startSandbox } from '../../../sandbox/server.mjs';
import type { BrowserPage, Driver } from './driver';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const BUILD = resolve(import.meta.dirname, '../../../.output/firefox-mv3');
const GECKO_ID = 'customer-updater@kustomer-tools.example';
/** A fixed moz-extension:// host, so extension pages have a known address. */
const UUID = '6f1f4c1e-2a55-4a8e-9a3b-0c6f7e5d4b21';

const wrap = (page: Page): BrowserPage => ({
  url: () => page.url(),
  evaluate: (fn, arg) => page.evaluate(fn as never, arg as never),
  click: (x, y, button = 'left') => page.mouse.click(x, y, { button }),
  close: () => page.close(),
});

/**
 * Debian's Firefox ESR with the production Firefox MV3 build, against a sandbox on 127.0.0.1:443
 * (Firefox has no host-resolver rules: `network.dns.localDomains` sends the Kustomer hosts to
 * loopback, and URLs carry no port).
 */
export async function firefoxDriver({ headless = true, managed }: { headless?: boolean; managed?: Record<string, unknown> } = {}): Promise<Driver> {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`Firefox ESR is missing at ${FIREFOX_PATH}: install it with \`apt-get install -y firefox-esr\`, or set FIREFOX_PATH.`);
  if (!existsSync(BUILD)) throw new Error('No Firefox build: run `npm run build:firefox` first.');
  const sandbox = await startSandbox({ port: 443 });
  // What an org deploys, as Firefox reads it for one user: a managed-storage manifest under HOME
  // (~/.mozilla/managed-storage/<add-on id>.json), read when the add-on starts.
  const home = managed && mkdtempSync(join(tmpdir(), 'kustomer-updater-home-'));
  if (home) {
    mkdirSync(join(home, '.mozilla/managed-storage'), { recursive: true });
    writeFileSync(join(home, `.mozilla/managed-storage/${GECKO_ID}.json`), JSON.stringify({ name: GECKO_ID, description: 'Kustomer Customer Updater, as the org deploys it', type: 'storage', data: managed }));
  }
  const browser = await puppeteer.launch({
    ...(home && { env: { ...process.env, HOME: home } }),
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.localDomains': 'acme.kustomerapp.com,acme.api.kustomerapp.com',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
    },
  });
  await browser.installExtension(BUILD);
  const opened: Page[] = [];
  let reader: BrowserPage | undefined;
  let closed = false;
  const driver: Driver = {
    name: 'Firefox',
    windowClass: 'firefox',
    sandbox,
    async extensionPage(path) {
      const page = await browser.newPage();
      opened.push(page);
      // Firefox sends no load events for extension pages: start the navigation, then wait for it
      // (a wait that the navigation itself cuts short is tried again).
      void page.goto(`moz-extension://${UUID}/${path}`).catch(() => {});
      const deadline = Date.now() + 15_000;
      for (;;) {
        try {
          await page.waitForFunction(
            () => location.protocol === 'moz-extension:' && document.readyState === 'complete' && document.querySelector('#app')?.firstChild !== null,
            { timeout: Math.max(1, deadline - Date.now()) },
          );
          await page.bringToFront(); // in front, as a page the agent works in (clicks reach it)
          return wrap(page);
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 50)); // the page is mid-navigation: look again
        }
      }
    },
    async webPage(url) {
      // An extension page to read the toolbar popup from (extension.getViews), opened before the agent's page.
      reader ??= await driver.extensionPage('options.html');
      const page = await browser.newPage();
      opened.push(page);
      await page.goto(url);
      await page.bringToFront();
      return wrap(page);
    },
    openedEditorName() {
      return driver.inEditor('.customer-name');
    },
    async inEditor(selector) {
      const fromPopup = reader
        ? await reader.evaluate((s) => (globalThis as any).browser.extension.getViews({ type: 'popup' })[0]?.document.querySelector(s)?.textContent ?? null, selector).catch(() => null)
        : null;
      if (fromPopup) return fromPopup;
      const windows = (await browser.pages()).filter((p) => p.url().includes('/popup.html'));
      const page = windows.at(-1);
      return page ? page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector).catch(() => null) : null;
    },
    async closePages() {
      for (const page of await browser.pages()) if (page.url() !== 'about:blank') await page.close().catch(() => {});
      opened.length = 0;
      reader = undefined;
    },
    async close() {
      if (closed) return; // closed once already (a file may close it early to start another Firefox)
      closed = true;
      await browser.close();
      await sandbox.close();
      if (home) rmSync(home, { recursive: true, force: true });
    },
  };
  return driver;
}
