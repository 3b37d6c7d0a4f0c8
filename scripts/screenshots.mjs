// `npm run screenshots`: README's pictures of the popup (light and dark) and the options page,
// taken from the production build against the sandbox, so they never go stale.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectExtension, findChromium, launchWithExtension } from './chromium.mjs';
import { SANDBOX_ORG, startSandbox } from '../sandbox/server.mjs';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const out = resolve('docs/screenshots');
mkdirSync(out, { recursive: true });

if (spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) process.exit(1);
const sandbox = await startSandbox({ port: 0 });
const browser = await launchWithExtension({
  extensionPath: resolve('.output/chrome-mv3'),
  sandboxPort: sandbox.port,
  executablePath: findChromium(),
});
try {
  (await connectExtension(browser, { apiKey: sandbox.keys.admin, org: SANDBOX_ORG })).close();
  const ada = sandbox.customerIds[0];
  for (const scheme of ['light', 'dark']) {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 420, height: 600 });
    await page.goto(browser.extensionUrl(`popup.html?customer=${ada}`));
    await page.locator('.customer-name').waitFor();
    // An edit in progress, as an agent sees it before pressing Save.
    await page.getByLabel('Add tag', { exact: true }).fill('renewal-q3');
    await page.getByLabel('Add tag', { exact: true }).press('Enter');
    await page.getByLabel('Add tag', { exact: true }).blur();
    await page.screenshot({ path: resolve(out, `popup-${scheme}.png`) });
    // The edit stays as a draft: forget it, so the next picture starts from the same customer.
    await page.evaluate(
      () =>
        new Promise((done) => {
          const open = indexedDB.open('kustomer-customer-updater');
          open.onsuccess = () => {
            const tx = open.result.transaction('drafts', 'readwrite');
            tx.objectStore('drafts').clear();
            tx.oncomplete = done;
          };
        }),
    );
    await page.close();
  }
  const options = await browser.context.newPage();
  await options.setViewportSize({ width: 800, height: 560 });
  await options.goto(browser.extensionUrl('options.html'));
  await options.getByText(/API key is saved/).waitFor();
  await options.getByRole('button', { name: 'Test connection' }).click();
  await options.locator('.notice-success, .notice-error').waitFor();
  await options.screenshot({ path: resolve(out, 'options.png') });
  console.log(`Screenshots written to ${out}: popup-light.png, popup-dark.png, options.png`);
} finally {
  await browser.close();
  await sandbox.close();
}
