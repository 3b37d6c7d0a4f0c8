/**
 * The page objects every browser test uses: the customer editor and the settings page, as an
 * agent works them (type, pick, press, read what is shown). Built on `BrowserPage`, so the same
 * objects drive Chromium (Playwright) and Firefox (WebDriver BiDi); Chromium-only tests extend
 * them with Playwright locators (support/extension.ts).
 */
import { clickButton, fill, press, textOf, waitIn, type BrowserPage } from './driver';

const OUTCOME = '.notice-success, .notice-error';

export class EditorPage {
  constructor(readonly view: BrowserPage) {}

  /** Waits until the editor shows its customer or an error. */
  async ready(): Promise<this> {
    await waitIn(this.view, () => document.querySelector('.customer-name, .notice-error') !== null);
    return this;
  }

  customerName = () => textOf(this.view, '.customer-name');
  errorText = () => textOf(this.view, '.notice-error');
  tags = () => this.view.evaluate(() => [...document.querySelectorAll('.tag-text')].map((t) => t.textContent ?? ''));

  /** The option "Add tag" highlights for what is typed, once the list offers one. */
  highlighted = () => waitIn(this.view, () => document.querySelector('[role="option"][aria-selected="true"]')?.textContent ?? '');

  /** Types into "Add tag" (what the agent typed, not yet a tag). */
  async typeTag(text: string): Promise<void> {
    await waitIn(this.view, () => {
      const input = document.getElementById('add-tag') as HTMLInputElement | null;
      return input !== null && !input.disabled;
    });
    await fill(this.view, 'Add tag', text);
  }

  /** Types a tag and presses Enter once the list offers it (highlighted: the org's tag, or the new one). */
  async addTag(tag: string): Promise<void> {
    await this.typeTag(tag);
    await this.highlighted();
    await press(this.view, 'Enter');
  }

  /** Presses a tag's remove button, once the tag shows (by name when Kustomer gives ids: after the tag list answered). */
  async removeTag(tag: string): Promise<void> {
    const name = `Remove tag ${tag}`;
    await waitIn(this.view, (label) => [...document.querySelectorAll('button')].some((b) => b.getAttribute('aria-label') === label || b.textContent?.trim() === label), name);
    await clickButton(this.view, name);
  }

  /** Presses Save (or Ctrl+S) and returns the outcome line: success or error. */
  async save({ keys = false } = {}): Promise<string> {
    if (keys) await press(this.view, 's', { ctrl: true });
    else await clickButton(this.view, 'Save');
    // As long as a save may take: the client gives up after 20 s (a slow answer is then kept in the outbox).
    return lastText(this.view, OUTCOME, 30_000);
  }
}

/** Waits for an element matching `selector` and gives the text of the last one. */
async function lastText(view: BrowserPage, selector: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await view.evaluate((s) => [...document.querySelectorAll(s)].at(-1)?.textContent ?? null, selector).catch(() => null);
    if (text !== null) return text;
    if (Date.now() > deadline) throw new Error(`Timed out waiting in ${view.url()} for ${selector}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class SettingsPage {
  constructor(readonly view: BrowserPage) {}

  /** Waits until the page says whether a key is saved (or that the agent is signed in instead). */
  async ready(): Promise<this> {
    await waitIn(this.view, () => /API key is saved|No API key saved|You are signed in|API keys are turned off/.test(document.body.textContent ?? ''));
    return this;
  }

  /** This build's redirect URL, as the sign-in section shows it to register. */
  redirectUrl = () => this.view.evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).identity.getRedirectURL() as string);

  /**
   * Types the org and the app's client id, presses "Sign in with Kustomer" and returns what the
   * sign-in section then says (success or the error).
   */
  async signIn(clientId: string, org: string): Promise<string> {
    // Signed in already (a test before this one ended early): sign out first.
    if (await this.view.evaluate(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Sign out'))) await this.signOut();
    await fill(this.view, 'Organization', org);
    await fill(this.view, 'App client id', clientId);
    await clickButton(this.view, 'Sign in with Kustomer');
    // Until the sign-in's own outcome shows (not the "Signed out." just before); the auth window
    // may take a while to give up.
    await waitIn(this.view, () => /^Signed in/.test(document.querySelector('.sign-in .notice-success')?.textContent ?? '') || document.querySelector('.sign-in .notice-error') !== null, undefined, 20_000);
    return lastText(this.view, '.sign-in .notice-success, .sign-in .notice-error');
  }

  /** Presses Sign out and returns what the sign-in section says. */
  async signOut(): Promise<string> {
    await clickButton(this.view, 'Sign out');
    await waitIn(this.view, () => /Signed out/.test(document.querySelector('.sign-in .notice-success')?.textContent ?? '') || document.querySelector('.sign-in .notice-error') !== null);
    return lastText(this.view, '.sign-in .notice-success, .sign-in .notice-error');
  }

  /** Types the key (and the organization, when given), presses Save, and returns what the page says. */
  async save(apiKey: string, org?: string): Promise<string> {
    await fill(this.view, 'API key', apiKey);
    if (org !== undefined) await fill(this.view, 'Organization', org);
    return this.press('Save');
  }

  testConnection = () => this.press('Test connection');

  private async press(button: string): Promise<string> {
    await clickButton(this.view, button);
    await lastText(this.view, OUTCOME);
    return lastText(this.view, '.notice');
  }
}
