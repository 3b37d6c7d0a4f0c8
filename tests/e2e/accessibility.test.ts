/**
 * axe-core on the production build's pages in real Chromium: the popup (loaded customer, More
 * fields open, a problem shown) and the options page (with an error), in light and dark themes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harnessForFile, OptionsPage, PopupPage } from './support/extension';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let h: Harness;
let ada: string;

const harness = harnessForFile();
beforeAll(() => {
  h = harness();
  ada = h.sandbox.customerIds[0]!;
});

/** axe's violations on the page as it is now (page.evaluate is not subject to the page's CSP). */
async function violations(page: Page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (globalThis as any).axe.run(document, { resultTypes: ['violations'], runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }),
  );
  return (result.violations as { id: string; help: string; nodes: { target: string[] }[] }[]).map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

it('finds a violation planted in a page (the check can fail)', async () => {
  const popup = await PopupPage.open(h, ada);
  await popup.page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'text';
    document.querySelector('main')!.append(input);
  });
  expect((await violations(popup.page)).map((v) => v.split(':')[0])).toContain('label');
});

for (const scheme of ['light', 'dark'] as const) {
  describe(`${scheme} theme`, () => {
    it('the popup has no violations: loaded, with More fields open and a problem shown', async () => {
      const popup = await PopupPage.open(h, ada);
      await popup.page.emulateMedia({ colorScheme: scheme });
      expect(await violations(popup.page)).toEqual([]);
      await popup.openMoreFields();
      await popup.page.getByRole('button', { name: 'Add email' }).click();
      await popup.page.getByLabel('Email', { exact: true }).last().fill('not-an-email');
      await popup.page.getByRole('button', { name: 'Save' }).click();
      await popup.page.locator('.notice-error').first().waitFor();
      expect(await violations(popup.page)).toEqual([]);
    });

    it('the side panel has no violations, narrow (320 px) and wide, showing search as beside a page with no customer', async () => {
      const panel = await h.context.newPage();
      await panel.emulateMedia({ colorScheme: scheme });
      for (const width of [320, 900]) {
        await panel.setViewportSize({ width, height: 700 });
        await panel.goto(h.extensionUrl('sidepanel.html'));
        await panel.getByLabel('Find customer', { exact: true }).waitFor();
        expect(await violations(panel), `${width} px`).toEqual([]);
        expect(await panel.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${width} px: no sideways scrolling`).toBe(true);
      }
    });

    it('the options page has no violations, with an error shown', async () => {
      const options = await OptionsPage.open(h);
      await options.page.emulateMedia({ colorScheme: scheme });
      expect(await violations(options.page)).toEqual([]);
      await options.organization().fill('acme corp');
      await options.page.getByRole('button', { name: 'Save' }).click();
      await options.page.locator('.notice-error').waitFor();
      expect(await violations(options.page)).toEqual([]);
    });
  });
}
