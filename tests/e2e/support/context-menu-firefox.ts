// Run under Xvfb (`xvfb-run -a jiti context-menu-firefox.ts`, from real-input.test.ts): headed
// Firefox ESR with the Firefox build; a real right-click (on a link, on selected text, on the page)
// and the last menu item, "Update customer…", chosen with the keyboard. Prints one JSON line: which
// customer the editor fetched each time.
import { execFileSync } from 'node:child_process';
import { clickButton, fill, waitIn } from '../drivers/driver';
import { firefoxDriver } from '../drivers/firefox';

const GRACE = '64b7f0c2a1d3e4f5a6b7c802';
const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const result: Record<string, string | null> = {};
const d = await firefoxDriver({ headless: false });

/** Right-clicks at (x, y) in the page showing `url`, picks the last menu item, and says which customer the editor fetched. */
async function menuAt(url: string, point: () => { x: number; y: number }): Promise<string | null> {
  const page = await d.webPage(url);
  await waitIn(page, () => document.readyState === 'complete');
  await new Promise((r) => setTimeout(r, 300)); // the content script is in by then
  const at = await page.evaluate(point);
  const raw = (await d.pages()).find((p) => p.url() === url)!;
  d.sandbox.requests.length = 0;
  await raw.mouse.click(at.x, at.y, { button: 'right' });
  await new Promise((r) => setTimeout(r, 600));
  execFileSync('xdotool', ['key', 'Up']);
  execFileSync('xdotool', ['key', 'Return']);
  let opened: string | null = null;
  for (let i = 0; i < 50 && !opened; i++) {
    await new Promise((r) => setTimeout(r, 100));
    opened = d.sandbox.apiRequests('GET').map((r) => /^\/v1\/customers\/([0-9a-f]{24})$/.exec(r.path)?.[1]).find(Boolean) ?? null;
  }
  execFileSync('xdotool', ['key', 'Escape']);
  await page.close();
  return opened;
}

try {
  const options = await d.extensionPage('options.html');
  await waitIn(options, () => /saved/i.test(document.querySelector('.saved-state')?.textContent ?? ''));
  await fill(options, 'API key', d.sandbox.keys.admin);
  await clickButton(options, 'Save');
  await waitIn(options, () => document.querySelector('.notice-success') !== null);

  result.link = await menuAt('https://acme.kustomerapp.com/app/customers', () => {
    const a = [...document.querySelectorAll('a')].find((x) => x.textContent?.includes('Grace'))!;
    const r = a.getBoundingClientRect();
    return { x: r.x + 5, y: r.y + r.height / 2 };
  });
  result.selection = await menuAt(`https://acme.kustomerapp.com/app/customers/${ADA}`, () => {
    const p = document.createElement('p');
    p.textContent = 'Ask grace@navy.example about it';
    p.style.cssText = 'font-size:24px;margin:40px';
    document.querySelector('main, body')!.prepend(p);
    const text = p.firstChild!;
    const range = document.createRange();
    range.setStart(text, 4);
    range.setEnd(text, 22);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    const r = range.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  result.page = await menuAt(`https://acme.kustomerapp.com/app/customers/${GRACE}`, () => ({ x: 5, y: window.innerHeight - 5 }));
} catch (error) {
  result.error = String((error as Error)?.stack ?? error).slice(0, 600);
} finally {
  console.log(JSON.stringify(result));
  await d.close();
}
