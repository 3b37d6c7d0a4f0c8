/**
 * One set of browser scenarios, two drivers (Chromium through Playwright, Firefox through
 * Puppeteer over WebDriver BiDi). Scenarios talk to pages only through this interface.
 */
import type { startSandbox } from '../../../sandbox/server.mjs';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface BrowserPage {
  url(): string;
  /** Runs `fn(arg)` in the page; both drivers take one serialisable argument. */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** A real mouse click at page coordinates. */
  click(x: number, y: number, button?: 'left' | 'right'): Promise<void>;
  close(): Promise<void>;
}

export interface Driver {
  name: 'Chromium' | 'Firefox';
  /** The X window class, to send real keys to it (xdotool) when it runs headed under Xvfb. */
  windowClass: string;
  sandbox: Sandbox;
  /** An extension page (`options.html`, `popup.html?customer=…`), loaded. */
  extensionPage(path: string): Promise<BrowserPage>;
  /** A web page (the sandbox's agent app), loaded and in front. */
  webPage(url: string): Promise<BrowserPage>;
  /** The customer name shown by the editor that opened last (toolbar popup or popup window), or null. */
  openedEditorName(): Promise<string | null>;
  /** The text of `selector` in the editor that opened last (toolbar popup or popup window), or null. */
  inEditor(selector: string): Promise<string | null>;
  /** Closes the toolbar popup if one is open (the next one can then open). */
  closePopup?(): Promise<void>;
  /** Closes every page the scenarios opened. */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

/** Polls `fn(arg)` in the page until it returns something truthy (and serialisable: no DOM nodes). */
export async function waitIn<T, A = undefined>(page: BrowserPage, fn: (arg: A) => T, arg?: A, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(fn, arg).catch(() => undefined);
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`Timed out waiting in ${page.url()} for ${fn.toString().slice(0, 120)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types into the input labelled `label` (the nth one), as an agent would, firing input events. */
export function fill(page: BrowserPage, label: string, value: string, nth: 'first' | 'last' = 'first') {
  return page.evaluate(
    ({ label, value, nth }) => {
      const inputs = [...document.querySelectorAll('label')]
        .filter((l) => (l.querySelector('.field-label')?.textContent ?? l.textContent)?.trim() === label)
        .map((l) => (l.htmlFor ? document.getElementById(l.htmlFor) : l.querySelector('input, select, textarea')))
        .filter(Boolean) as HTMLInputElement[];
      const input = nth === 'first' ? inputs[0] : inputs.at(-1);
      if (!input) throw new Error(`No input labelled ${label}`);
      input.focus();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { label, value, nth },
  );
}

/** Presses a key in the focused element (keydown, as the editor listens), with Ctrl when asked. */
export function press(page: BrowserPage, key: string, { ctrl = false } = {}) {
  return page.evaluate(
    ({ key, ctrl }) => {
      (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: ctrl, bubbles: true, cancelable: true }));
    },
    { key, ctrl },
  );
}

/** The option "Add tag" highlights, once the list offers one. */
export const highlightedTag = (page: BrowserPage) => waitIn(page, () => document.querySelector('[role="option"][aria-selected="true"]')?.textContent ?? '');

/** The tags the editor shows. */
export const shownTags = (page: BrowserPage) => page.evaluate(() => [...document.querySelectorAll('.tag-text')].map((t) => t.textContent ?? ''));

/** Clicks the button whose visible text (or accessible label) is `name`. */
export function clickButton(page: BrowserPage, name: string) {
  return page.evaluate((name) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name);
    if (!button) throw new Error(`No button ${name}`);
    button.click();
  }, name);
}

export const textOf = (page: BrowserPage, selector: string) =>
  page.evaluate((selector) => document.querySelector(selector)?.textContent ?? null, selector);
