/**
 * The production build in real Chromium against the sandbox, and page objects for its pages. One
 * browser and one sandbox serve every Chromium test file of a run (the e2e project runs its files
 * one after another in one process, `isolate: false`); each file starts from a named clean state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { beforeAll, beforeEach } from 'vitest';
import { launchWithExtension } from '../../../scripts/chromium.mjs';
import { startSandbox } from '../../../sandbox/server.mjs';
import type { BrowserPage } from '../drivers/driver';
import { EditorPage, SettingsPage } from '../drivers/pages';

export const EXTENSION_PATH = resolve(import.meta.dirname, '../../../.output/chrome-mv3');

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface Harness {
  sandbox: Sandbox;
  context: BrowserContext;
  /** The extension's service worker as it runs now (a stopped one is replaced when it starts again). */
  readonly worker: Worker;
  extensionId: string;
  extensionUrl(path: string): string;
  /** Closes the browser and opens it again on the same profile (what the extension kept survives). */
  restart(): Promise<void>;
}

type Browser = Awaited<ReturnType<typeof launchWithExtension>>;

let shared: Promise<Harness> | undefined;

/** The run's browser and sandbox, started by the first file that asks; closed when the test process exits. */
export function sharedHarness(): Promise<Harness> {
  shared ??= (async () => {
    const sandbox = await startSandbox({ port: 0 });
    const profile = mkdtempSync(join(tmpdir(), 'kustomer-updater-profile-'));
    const launch = () => launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxPort: sandbox.port, profile });
    let browser: Browser = await launch();
    let lastWorker = browser.worker;
    process.once('exit', () => rmSync(profile, { recursive: true, force: true })); // Playwright kills the browser on exit first
    return {
      sandbox,
      get context() {
        return browser.context;
      },
      get worker() {
        lastWorker = browser.context.serviceWorkers().at(-1) ?? lastWorker;
        return lastWorker;
      },
      get extensionId() {
        return browser.extensionId;
      },
      extensionUrl: (path: string) => browser.extensionUrl(path),
      async restart() {
        await browser.close();
        browser = await launch();
        lastWorker = browser.worker;
      },
    };
  })();
  return shared;
}

/**
 * The clean state every file starts from: no page open and no route left by the last file; the
 * extension's service worker stopped (nothing of the last file runs on, and its memory, such as the
 * org's rate budget and cached lookups, is gone); every IndexedDB store (credentials, drafts,
 * outbox, recent customers), `storage.local`, `storage.session`, the alarms and the toolbar badge
 * cleared; the sandbox reset (its rate windows too); a fresh worker started. No credentials: a file
 * that needs them connects.
 */
export async function cleanSlate(h: Harness): Promise<void> {
  for (const page of h.context.pages()) await page.close();
  await h.context.unrouteAll({ behavior: 'ignoreErrors' });
  // First in the worker that runs now, so that no alarm or outbox entry is there when the next one starts.
  await h.worker.evaluate(forget, EVERYTHING).catch(() => {});
  const page = await h.context.newPage();
  const cdp = await h.context.newCDPSession(page);
  const status: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) if (v.scriptURL.startsWith(h.extensionUrl(''))) status.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await waitUntil(() => status.at(-1) === 'stopped', 'the service worker to stop');
  h.sandbox.reset();
  // An extension page wakes a fresh worker; what the old one may still have written goes too.
  await page.goto(h.extensionUrl('options.html'));
  await waitUntil(() => status.at(-1) === 'running', 'a fresh service worker');
  await cdp.detach();
  await page.evaluate(forget, EVERYTHING);
  await page.close();
}

/** Polls `condition` until it holds (or throws, naming `what`, after `timeoutMs`). */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Forget {
  /** IndexedDB stores to empty; `all`: every one. */
  stores: string[] | 'all';
  /** `storage.local`, `storage.session`, the alarms and the toolbar badge too. */
  everythingElse: boolean;
}
const EVERYTHING: Forget = { stores: 'all', everythingElse: true };
/** What each test starts without: drafts, the outbox, and the org's tag list (the sandbox's tags are reset too). */
const DRAFTS: Forget = { stores: ['drafts', 'outbox', 'tags'], everythingElse: false };

/** Runs in the extension's origin (its worker or one of its pages): forgets what the extension keeps. */
async function forget({ stores, everythingElse }: Forget) {
  const api = (globalThis as any).chrome;
  if (everythingElse) {
    await Promise.all([api.storage.local.clear(), api.storage.session.clear(), api.alarms.clearAll(), api.action.setBadgeText({ text: '' })]);
  }
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('kustomer-customer-updater');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames].filter((name) => stores === 'all' || stores.includes(name));
      if (names.length === 0) return resolve(db.close());
      const tx = db.transaction(names, 'readwrite');
      for (const name of names) tx.objectStore(name).clear();
      tx.oncomplete = () => resolve(db.close());
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Saves the sandbox's admin key for org acme through the settings page, as an agent would. */
export async function connect(h: Harness, key = h.sandbox.keys.admin) {
  const options = await OptionsPage.open(h);
  const said = await options.save(key, 'acme');
  if (said !== 'Saved. Key stored for org "acme".') throw new Error(`Could not connect the extension: ${said}`);
  await options.page.close();
}

/**
 * The run's browser and sandbox for one test file: the file starts from `cleanSlate`, connected to
 * the sandbox org (unless `connect: false`). Each test starts from a reset sandbox, no open pages,
 * no drafts, an empty outbox and no tag list read yet. Returns a getter for the harness.
 */
export function harnessForFile({ connect: connected = true } = {}): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await sharedHarness();
    await cleanSlate(h);
    if (connected) await connect(h);
  });
  beforeEach(async () => {
    h!.sandbox.reset();
    for (const page of h!.context.pages()) await page.close();
    await clearDrafts(h!);
  });
  return () => h!;
}

/** Forgets every unsaved draft, every save waiting in the outbox and the org's tag list (the extension origin's IndexedDB), so tests start clean. */
export async function clearDrafts(h: Harness) {
  // In the worker when it runs (no page to open); else from an extension page, which wakes it.
  const ran = await h.worker.evaluate(forget, DRAFTS).then(
    () => true,
    () => false,
  );
  if (ran) return;
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl('options.html'));
  await page.evaluate(forget, DRAFTS);
  await page.close();
}
/** A Playwright page as the drivers' `BrowserPage`. */
export const wrapPage = (page: Page): BrowserPage => ({
  url: () => page.url(),
  evaluate: (fn, arg) => page.evaluate(fn as never, arg as never),
  click: (x, y, button = 'left') => page.mouse.click(x, y, { button }),
  close: () => page.close(),
});

/** The settings page: the shared page object, with Playwright locators for Chromium-only tests. */
export class OptionsPage extends SettingsPage {
  constructor(readonly page: Page) {
    super(wrapPage(page));
  }

  static async open(h: Harness) {
    const page = await h.context.newPage();
    await page.goto(h.extensionUrl('options.html'));
    await page.getByText(/API key is saved|No API key saved/).waitFor();
    return new OptionsPage(page);
  }

  apiKey = () => this.page.getByLabel('API key', { exact: true });
  organization = () => this.page.getByLabel('Organization', { exact: true });
  status = () => this.page.locator('.notice').last();

  /** A request sent from this extension page, reply as received. */
  send(message: unknown) {
    return this.page.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message);
  }
}

/** The customer editor: the shared page object, with Playwright locators for Chromium-only tests. */
export class PopupPage extends EditorPage {
  constructor(readonly page: Page) {
    super(wrapPage(page));
  }

  static async open(h: Harness, customerId: string) {
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(h.extensionUrl(`popup.html?customer=${customerId}`));
    await page.locator('.editor, .notice-error').first().waitFor();
    return new PopupPage(page);
  }

  name = () => this.page.locator('.customer-name');
  addTagInput = () => this.page.getByLabel('Add tag', { exact: true });
  error = () => this.page.locator('.notice-error');

  /** Opens "More fields" (custom attributes, name, dates, …) and waits for its controls. */
  async openMoreFields() {
    await this.page.getByText('More fields', { exact: true }).click();
    await this.page.getByLabel('Name', { exact: true }).waitFor();
  }
}

/**
 * Evaluates code in the content script's isolated world of a page (CDP), to show what a
 * content script can and cannot reach.
 */
export async function inContentScript<T>(context: BrowserContext, page: Page, extensionId: string, expression: string): Promise<T> {
  const cdp: CDPSession = await context.newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) => contexts.push(event.context));
  await cdp.send('Runtime.enable');
  const world = () => contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(extensionId));
  await waitUntil(() => world() !== undefined, 'the content script to run on this page', 5000);
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression,
    contextId: world()!.id,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value as T;
}

/** A change made in Kustomer by someone else: a real PATCH to the sandbox's API from outside the browser. */
export async function patchAsSomeoneElse(h: Harness, customerId: string, body: unknown): Promise<number> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: h.sandbox.port,
        method: 'PATCH',
        path: `/v1/customers/${customerId}`,
        rejectUnauthorized: false,
        headers: {
          Host: 'acme.api.kustomerapp.com',
          Authorization: `Bearer ${h.sandbox.keys.admin}`,
          'Content-Type': 'application/json',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
