// Run under Xvfb (`xvfb-run -a jiti press-shortcut-firefox.ts`, from real-input.test.ts): headed
// Firefox ESR with the Firefox build, a sandbox customer page in front, the real keyboard
// shortcuts pressed with xdotool. Prints one JSON line: which customer each shortcut opened.
import { execFileSync } from 'node:child_process';
import { clickButton, fill, waitIn } from '../drivers/driver';
import { firefoxDriver } from '../drivers/firefox';

const result: Record<string, string | null> = {};
const d = await firefoxDriver({ headless: false });
try {
  const options = await d.extensionPage('options.html');
  await waitIn(options, () => /saved/i.test(document.querySelector('.saved-state')?.textContent ?? ''));
  await fill(options, 'API key', d.sandbox.keys.admin);
  await clickButton(options, 'Save');
  await waitIn(options, () => document.querySelector('.notice-success') !== null);
  for (const [name, keys, customer] of [
    ['update-customer', 'alt+shift+u', '64b7f0c2a1d3e4f5a6b7c802'],
    ['_execute_action', 'alt+shift+k', '64b7f0c2a1d3e4f5a6b7c801'],
  ] as const) {
    const page = await d.webPage(`https://acme.kustomerapp.com/app/customers/${customer}`);
    await waitIn(page, () => document.querySelector('kustomer-customer-updater') !== null);
    d.sandbox.requests.length = 0;
    const window = execFileSync('xdotool', ['search', '--onlyvisible', '--class', 'firefox'], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
    execFileSync('xdotool', ['windowfocus', '--sync', window]);
    execFileSync('xdotool', ['key', '--window', window, '--clearmodifiers', keys]);
    let opened: string | null = null;
    for (let i = 0; i < 50 && !opened; i++) {
      await new Promise((r) => setTimeout(r, 100));
      opened = d.sandbox.apiRequests('GET').map((r) => /^\/v1\/customers\/([0-9a-f]{24})$/.exec(r.path)?.[1]).find(Boolean) ?? null;
    }
    result[name] = opened;
    execFileSync('xdotool', ['key', '--window', window, 'Escape']);
    await page.close();
  }
} catch (error) {
  result.error = String((error as Error)?.stack ?? error).slice(0, 600);
} finally {
  console.log(JSON.stringify(result));
  await d.close();
}
