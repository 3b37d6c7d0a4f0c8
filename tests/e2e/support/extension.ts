/** The production build in real Chromium against a fresh sandbox, and page objects for its pages. */
import { resolve } from 'node:path';
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchWithExtension } from '../../../scripts/chromium.mjs';
import { startSandbox } from '../../../sandbox/server.mjs';

export const EXTENSION_PATH = resolve(import.meta.dirname, '../../../.output/chrome-mv3');

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface Harness {
  sandbox: Sandbox;
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const sandbox = await startSandbox({ port: 0 });
  const browser = await launchWithExtension({ extensionPath: EXTENSION_PATH, sandboxPort: sandbox.port });
  return {
    sandbox,
    ...browser,
    async close() {
      await browser.close();
      await sandbox.close();
    },
  };
}

/**
 * One browser and sandbox per test file, started before its tests and closed after; the extension
 * is connected to the sandbox org (unless `connect: false`). Each test starts from a reset
 * sandbox, no open pages and no drafts. Returns a getter for the harness.
 */
export function harnessForFile({ connect = true } = {}): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness();
    if (connect) {
      const options = await OptionsPage.open(h);
      const said = await options.save(h.sandbox.keys.admin, 'acme');
      if (said !== 'Saved. Key stored for org "acme".') throw new Error(`Could not connect the extension: ${said}`);
      await options.page.close();
    }
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    h!.sandbox.reset();
    for (const page of h!.context.pages()) await page.close();
    await clearDrafts(h!);
  });
  return () => h!;
}

/** Forgets every unsaved draft and every save waiting in the outbox (the extension origin's IndexedDB), so tests start clean. */
export async function clearDrafts(h: Harness) {
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl('options.html'));
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('kustomer-customer-updater');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const stores = ['drafts', 'outbox'].filter((name) => db.objectStoreNames.contains(name));
          if (stores.length === 0) return resolve(db.close());
          const tx = db.transaction(stores, 'readwrite');
          for (const name of stores) tx.objectStore(name).clear();
          tx.oncomplete = () => resolve(db.close());
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.close();
}

export class OptionsPage {
  constructor(readonly page: Page) {}

  static async open(h: Harness) {
    const page = await h.context.newPage();
    await page.goto(h.extensionUrl('options.html'));
    await page.getByText(/API key is saved|No API key saved/).waitFor();
    return new OptionsPage(page);
  }

  apiKey = () => this.page.getByLabel('API key', { exact: true });
  organization = () => this.page.getByLabel('Organization', { exact: true });
  status = () => this.page.locator('.notice').last();

  async save(apiKey: string, org?: string) {
    await this.apiKey().fill(apiKey);
    if (org !== undefined) await this.organization().fill(org);
    await this.page.getByRole('button', { name: 'Save' }).click();
    await this.page.locator('.notice-success, .notice-error').last().waitFor();
    return (await this.status().textContent()) ?? '';
  }

  async testConnection() {
    await this.page.getByRole('button', { name: 'Test connection' }).click();
    await this.page.locator('.notice-success, .notice-error').last().waitFor();
    return (await this.status().textContent()) ?? '';
  }

  /** A request sent from this extension page, reply as received. */
  send(message: unknown) {
    return this.page.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message);
  }
}

export class PopupPage {
  constructor(readonly page: Page) {}

  static async open(h: Harness, customerId: string) {
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(h.extensionUrl(`popup.html?customer=${customerId}`));
    await page.locator('.editor, .notice-error').first().waitFor();
    return new PopupPage(page);
  }

  name = () => this.page.locator('.customer-name');
  tags = () => this.page.getByRole('list', { name: 'Tags' }).locator('.tag-text').allTextContents();
  addTagInput = () => this.page.getByLabel('Add tag', { exact: true });
  error = () => this.page.locator('.notice-error');

  /** Opens "More fields" (custom attributes, name, dates, …) and waits for its controls. */
  async openMoreFields() {
    await this.page.getByText('More fields', { exact: true }).click();
    await this.page.getByLabel('Name', { exact: true }).waitFor();
  }

  async addTag(tag: string) {
    await this.addTagInput().fill(tag);
    await this.addTagInput().press('Enter');
  }

  async removeTag(tag: string) {
    await this.page.getByRole('button', { name: `Remove tag ${tag}` }).click();
  }

  /** Presses Save and returns the outcome line: success or error. */
  async save() {
    await this.page.getByRole('button', { name: 'Save' }).click();
    const outcome = this.page.locator('.notice-success, .notice-error').last();
    await outcome.waitFor();
    return (await outcome.textContent()) ?? '';
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
  const deadline = Date.now() + 5000;
  let world: (typeof contexts)[number] | undefined;
  while (!(world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(extensionId)))) {
    if (Date.now() > deadline) throw new Error('The content script did not run on this page.');
    await new Promise((r) => setTimeout(r, 50));
  }
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression,
    contextId: world.id,
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
