// Run under Xvfb from real-input.test.ts: `xvfb-run -a jiti real-input.ts chromium|firefox`.
// The same real input in either browser, headed, with the production build: the keyboard
// shortcuts pressed with xdotool, and a real right-click with the last menu item ("Update
// customer…") chosen with the keyboard, on a link, on selected text and on the page. Prints one
// JSON line: which customer the editor fetched each time.
import { execFileSync } from 'node:child_process';
import { chromiumDriver } from '../drivers/chromium';
import { clickButton, fill, waitIn, type Driver } from '../drivers/driver';
import { firefoxDriver } from '../drivers/firefox';
import { waitUntil } from './extension';

const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const GRACE = '64b7f0c2a1d3e4f5a6b7c802';
const which = process.argv[2] === 'firefox' ? 'firefox' : 'chromium';
const d: Driver = which === 'firefox' ? await firefoxDriver({ headless: false }) : await chromiumDriver({ headless: false });
const result: Record<string, string | null> = {};

/** The customer the editor fetched since the last reset of the sandbox's log (null if none within 6 s). */
async function editorFetched(): Promise<string | null> {
  const fetched = () => d.sandbox.apiRequests('GET').map((r) => /^\/v1\/customers\/([0-9a-f]{24})$/.exec(r.path)?.[1]).find(Boolean);
  return waitUntil(() => fetched() !== undefined, 'the editor to fetch a customer', 6_000).then(() => fetched()!, () => null);
}

function focusedWindow(): string {
  const window = execFileSync('xdotool', ['search', '--onlyvisible', '--class', d.windowClass], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  execFileSync('xdotool', ['windowfocus', '--sync', window]);
  return window;
}

/**
 * Waits until the browser's native context menu is on screen (`xdotool search --sync`): an X window
 * of the browser's process that Chromium leaves unnamed and Firefox names by the instance "Firefox"
 * (its main window is "Navigator").
 */
function menuShown(main: string) {
  const pid = execFileSync('xdotool', ['getwindowpid', main], { encoding: 'utf8' }).trim();
  const which = d.name === 'Chromium' ? ['--name', '^$'] : ['--classname', '^Firefox$'];
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      execFileSync('xdotool', ['search', '--sync', '--all', '--onlyvisible', '--pid', pid, ...which], { timeout: Math.max(1000, deadline - Date.now()), stdio: 'pipe' });
      return;
    } catch (error) {
      // A window of the browser can close while xdotool reads its attributes (X's BadWindow, seen
      // once in a fresh clone's run): search again until the deadline.
      if (Date.now() > deadline || !/BadWindow/.test(String((error as { stderr?: unknown }).stderr ?? error))) throw error;
    }
  }
}

async function shortcut(keys: string, customer: string) {
  const page = await d.webPage(`https://acme.kustomerapp.com/app/customers/${customer}`);
  await waitIn(page, () => document.querySelector('kustomer-customer-updater') !== null);
  d.sandbox.requests.length = 0;
  execFileSync('xdotool', ['key', '--window', focusedWindow(), '--clearmodifiers', keys]);
  const opened = await editorFetched();
  execFileSync('xdotool', ['key', 'Escape']);
  await page.close();
  return opened;
}

/**
 * Only keys, on a customer's page: the shortcut opens the editor with "Add tag" focused, three
 * letters of an org tag, Enter adds the one it highlights, Ctrl+S saves. The tags of the PATCH.
 */
async function keyboardOnly(customer: string) {
  const page = await d.webPage(`https://acme.kustomerapp.com/app/customers/${customer}`);
  await waitIn(page, () => document.querySelector('kustomer-customer-updater') !== null);
  d.sandbox.requests.length = 0;
  execFileSync('xdotool', ['key', '--window', focusedWindow(), '--clearmodifiers', 'alt+shift+k']);
  // Typing starts once "Add tag" has the focus, not when the name shows (the focus may come a frame later).
  await waitUntil(
    async () => (await d.inEditor('.customer-name')) === 'Ada Lovelace' && (await d.inEditor('.field:focus-within > .field-head > label[for="add-tag"]')) === 'Add tag',
    'the editor on Ada with "Add tag" focused',
  );
  execFileSync('xdotool', ['type', 'chu']);
  await waitUntil(async () => (await d.inEditor('[role="option"][aria-selected="true"]')) === 'churn-risk', '"churn-risk" highlighted');
  execFileSync('xdotool', ['key', 'Return']);
  execFileSync('xdotool', ['key', 'ctrl+s']);
  await waitUntil(() => d.sandbox.apiRequests('PATCH').some((r) => r.status === 200), 'the PATCH');
  execFileSync('xdotool', ['key', 'Escape']);
  await page.close();
  const sent = (d.sandbox.apiRequests('PATCH')[0]!.body as { tags: string[] }).tags;
  const asIds = sent.every((t) => /^[0-9a-f]{24}$/.test(t)) ? 'as ids' : `not as ids: ${sent.join(', ')}`;
  return `${d.sandbox.tagNames(customer).join(', ')} (${asIds})`;
}

async function menu(url: string, point: () => { x: number; y: number }) {
  const page = await d.webPage(url);
  await waitIn(page, () => document.readyState === 'complete');
  // On a customer's page the content script is in once its badge shows.
  if (/\/customers\/[0-9a-f]{24}/.test(url)) await waitIn(page, () => document.querySelector('kustomer-customer-updater') !== null);
  const at = await page.evaluate(point);
  const main = focusedWindow();
  d.sandbox.requests.length = 0;
  await page.click(at.x, at.y, 'right');
  menuShown(main);
  // Firefox lists the extension's item last; Chromium picks it by its first letter (the only "U…").
  for (const key of d.name === 'Chromium' ? ['u'] : ['Up', 'Return']) execFileSync('xdotool', ['key', key]);
  const opened = await editorFetched();
  execFileSync('xdotool', ['key', 'Escape']);
  await page.close();
  return opened;
}

/**
 * Chromium: Alt+Shift+L (the open-side-panel command) pressed on Ada's page opens the side panel;
 * then the app navigates to another customer and to a conversation, and another tab comes to the
 * front. The names the panel showed, in order (read through extension.getViews() from an extension
 * page opened first, so that the agent's tab stays the active one).
 */
async function sidePanel(): Promise<string> {
  const reader = await d.extensionPage('options.html');
  const inPanel = (selector: string) =>
    reader.evaluate((s) => {
      const panel = (globalThis as any).chrome.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html') as Window | undefined;
      return panel?.document.querySelector(s)?.textContent ?? null;
    }, selector);
  const page = await d.webPage(`https://acme.kustomerapp.com/app/customers/${ADA}`);
  await waitIn(page, () => document.querySelector('kustomer-customer-updater') !== null);
  const seen: string[] = [];
  const next = async (what: string) => {
    let name: string | null = null;
    await waitUntil(async () => (name = await inPanel('.customer-name')) !== null && name !== seen.at(-1), `the panel to show ${what}`, 10_000);
    seen.push(name!);
  };
  execFileSync('xdotool', ['key', '--window', focusedWindow(), '--clearmodifiers', 'alt+shift+l']);
  await next("the page's customer");
  // The agent clicks into the page (xdotool, on the screen, at the page's bottom left: no link
  // there): the panel had the focus (the editor is ready to type in), and a click the driver
  // dispatches into the page does not take it away. Then the app goes to another customer.
  const blank = await page.evaluate(() => ({ x: Math.round(screenX + 20), y: Math.round(screenY + outerHeight - 30) }));
  execFileSync('xdotool', ['mousemove', '--sync', String(blank.x), String(blank.y), 'click', '1']);
  await waitUntil(async () => (await reader.evaluate(() => (globalThis as any).chrome.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html')?.document.hasFocus())) === false, 'the page to take the focus from the panel');
  await page.evaluate(() => (document.querySelector('a[data-spa]') as HTMLAnchorElement).click());
  await next('the customer the app went to');
  // The app opens a conversation (its address names no customer: the content script asks Kustomer whose it is).
  await page.evaluate((id) => history.pushState({}, '', `/app/conversations/${id}`), d.sandbox.conversationIds[0]!);
  await next("the conversation's customer");
  await d.webPage(`https://acme.kustomerapp.com/app/customers/${GRACE}`); // another tab, in front
  await next("the other tab's customer");
  return seen.join(' → ');
}

/**
 * Firefox, the toolbar button in the side panel mode: no popup, and its click (here its real
 * shortcut, Alt+Shift+K, which Firefox handles as the button's click) toggles the sidebar, which
 * opens on the page's customer; then Alt+Shift+L, the sidebar's own command, toggles it too. What
 * was seen, in order; the mode goes back to the popup.
 */
async function toolbarTogglesSidebar(options: Awaited<ReturnType<Driver['extensionPage']>>): Promise<string> {
  const mode = (value: 'popup' | 'panel') =>
    options.evaluate(async (v) => {
      (document.querySelector(`input[name="toolbar-mode"][value="${v}"]`) as HTMLInputElement).click();
      const browser = (globalThis as any).browser;
      // Applied by the background once it sees the change: no popup in the side panel mode.
      for (let i = 0; i < 100 && ((await browser.action.getPopup({})) === '') !== (v === 'panel'); i++) await new Promise((r) => setTimeout(r, 50));
    }, value);
  const sidebar = () =>
    options.evaluate(() => {
      const view = (globalThis as any).browser.extension.getViews().find((v: Window) => v.location.pathname === '/sidepanel.html') as Window | undefined;
      return view ? (view.document.querySelector('.customer-name')?.textContent ?? '') : null;
    });
  await mode('panel');
  const page = await d.webPage(`https://acme.kustomerapp.com/app/customers/${ADA}`);
  await waitIn(page, () => document.querySelector('kustomer-customer-updater') !== null);
  const seen: string[] = [];
  execFileSync('xdotool', ['key', '--window', focusedWindow(), '--clearmodifiers', 'alt+shift+k']);
  await waitUntil(async () => (await sidebar()) === 'Ada Lovelace', 'the sidebar open on Ada');
  seen.push('open');
  execFileSync('xdotool', ['key', '--window', focusedWindow(), '--clearmodifiers', 'alt+shift+k']);
  await waitUntil(async () => (await sidebar()) === null, 'the sidebar closed');
  seen.push('closed');
  // Alt+Shift+L: the sidebar's own command (_execute_sidebar_action), in either mode.
  execFileSync('xdotool', ['key', '--window', focusedWindow(), '--clearmodifiers', 'alt+shift+l']);
  await waitUntil(async () => (await sidebar()) === 'Ada Lovelace', 'the sidebar open on Ada (Alt+Shift+L)');
  seen.push('Alt+Shift+L open');
  execFileSync('xdotool', ['key', '--window', focusedWindow(), '--clearmodifiers', 'alt+shift+l']);
  await waitUntil(async () => (await sidebar()) === null, 'the sidebar closed (Alt+Shift+L)');
  seen.push('closed');
  await page.close();
  await mode('popup');
  return seen.join(', ');
}

try {
  const options = await d.extensionPage('options.html');
  await waitIn(options, () => /saved/i.test(document.querySelector('.saved-state')?.textContent ?? ''));
  await fill(options, 'API key', d.sandbox.keys.admin);
  await clickButton(options, 'Save');
  await waitIn(options, () => document.querySelector('.notice-success') !== null);

  result['update-customer'] = await shortcut('alt+shift+u', GRACE);
  result._execute_action = await shortcut('alt+shift+k', ADA);
  // Firefox's toolbar popup is a window of its own that gets no X keyboard focus under Xvfb without a
  // window manager: real keys go to the page (seen here: xdotool type, and type --window, both
  // missed it). Keys alone are checked in Chromium; Firefox runs the same keys as DOM events.
  if (d.name === 'Chromium') result.keyboard = await keyboardOnly(ADA);
  // Firefox's sidebar command is the browser's own (_execute_sidebar_action); the panel's real key is checked in Chromium.
  if (d.name === 'Chromium') result.sidePanel = await sidePanel();
  result.link = await menu('https://acme.kustomerapp.com/app/customers', () => {
    const a = [...document.querySelectorAll('a')].find((x) => x.textContent?.includes('Grace'))!;
    const r = a.getBoundingClientRect();
    return { x: r.x + 5, y: r.y + r.height / 2 };
  });
  result.selection = await menu(`https://acme.kustomerapp.com/app/customers/${ADA}`, () => {
    const p = document.createElement('p');
    p.textContent = 'Ask grace@navy.example about it';
    p.style.cssText = 'font-size:24px;margin:40px';
    document.querySelector('main, body')!.prepend(p);
    const range = document.createRange();
    range.setStart(p.firstChild!, 4);
    range.setEnd(p.firstChild!, 22);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    const r = range.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  result.page = await menu(`https://acme.kustomerapp.com/app/customers/${GRACE}`, () => ({ x: 5, y: window.innerHeight - 5 }));
  if (d.name !== 'Chromium') result.toolbarToggle = await toolbarTogglesSidebar(options);
} catch (error) {
  result.error = String((error as Error)?.stack ?? error).slice(0, 600);
} finally {
  console.log(JSON.stringify(result));
  await d.close();
}
