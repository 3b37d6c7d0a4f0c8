// Run under Xvfb (`xvfb-run -a node press-shortcut.mjs`): headed Chromium with the production
// build, a sandbox customer page in front, the real keyboard shortcut pressed with xdotool.
// Prints one JSON line: what the toolbar popup showed for each shortcut.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { connectExtension, launchWithExtension } from '../../../scripts/chromium.mjs';
import { startSandbox } from '../../../sandbox/server.mjs';

const sandbox = await startSandbox({ port: 0 });
const browser = await launchWithExtension({
  extensionPath: resolve(import.meta.dirname, '../../../.output/chrome-mv3'),
  sandboxPort: sandbox.port,
  headless: false,
});
const result = {};
try {
  (await connectExtension(browser, { apiKey: sandbox.keys.admin, org: 'acme' })).close();
  const reader = await browser.context.newPage();
  await reader.goto(browser.extensionUrl('options.html'));
  const popupName = () =>
    reader.evaluate(() => chrome.extension.getViews({ type: 'popup' })[0]?.document.querySelector('.customer-name')?.textContent ?? null);

  for (const [name, keys, customer] of [
    ['update-customer', 'alt+shift+u', '64b7f0c2a1d3e4f5a6b7c802'],
    ['_execute_action', 'alt+shift+k', '64b7f0c2a1d3e4f5a6b7c801'],
  ]) {
    const page = await browser.context.newPage();
    await page.goto(`https://acme.kustomerapp.com/app/customers/${customer}`);
    await page.bringToFront();
    const title = await page.title();
    await page.waitForTimeout(300);
    const window = execFileSync('xdotool', ['search', '--onlyvisible', '--name', title.slice(0, 30)], { encoding: 'utf8' }).trim().split('\n')[0];
    execFileSync('xdotool', ['windowfocus', '--sync', window]);
    execFileSync('xdotool', ['key', '--window', window, '--clearmodifiers', keys]);
    let shown = null;
    for (let i = 0; i < 50 && !shown; i++) {
      await new Promise((r) => setTimeout(r, 100));
      shown = await popupName();
    }
    result[name] = shown;
    await page.close();
    await new Promise((r) => setTimeout(r, 300));
  }
} catch (error) {
  result.error = String(error?.message ?? error);
} finally {
  console.log(JSON.stringify(result));
  await browser.close();
  await sandbox.close();
}
