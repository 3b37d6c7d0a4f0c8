/**
 * "Sign in with Kustomer" in real Chromium against the sandbox's provider (consent "auto"): the
 * settings page's auth window (identity.launchWebAuthFlow, headless) comes back to this build's
 * redirect URL, the background exchanges the code with its PKCE verifier, and the agent's edits
 * carry their name; the sign-in window closing without an answer is explained.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harnessForFile, OptionsPage, PopupPage } from './support/extension';

let h: Harness;
const harness = harnessForFile({ connect: false });
beforeAll(() => {
  h = harness();
});

async function signInPage() {
  const options = await OptionsPage.open(h);
  const redirect = await options.page.evaluate(() => (globalThis as any).chrome.identity.getRedirectURL() as string);
  h.sandbox.settings.oauth.redirectUris = [redirect];
  await options.organization().fill('acme');
  await options.page.getByLabel('App client id').fill(h.sandbox.oauth.clientId);
  return { options, redirect };
}

describe('sign in with Kustomer', () => {
  it('signs the agent in with PKCE, and their edit is theirs in Kustomer', async () => {
    const { options, redirect } = await signInPage();
    expect(redirect).toBe(`https://${h.extensionId}.chromiumapp.org/`);
    await expect.poll(() => options.page.locator('.app-definition pre').textContent()).toContain(redirect);
    await options.page.getByRole('button', { name: 'Sign in with Kustomer' }).click();
    await expect.poll(() => options.page.locator('.sign-in .notice').textContent()).toBe('Signed in to acme as Grace Hopper.');
    expect(h.sandbox.oauth.exchanges).toMatchObject([{ grantType: 'authorization_code', ok: true, verifierChecked: true }]);
    await expect.poll(() => options.page.locator('.sign-in .saved-state').textContent()).toContain('Signed in to acme as Grace Hopper (grace@acme.example)');

    const ada = h.sandbox.customerIds[0]!;
    const popup = await PopupPage.open(h, ada);
    await popup.addTagInput().fill('signed-in');
    await popup.addTagInput().press('Enter');
    expect(await popup.save()).toMatch(/^Saved/);
    expect(h.sandbox.modifiedBy(ada)).toBe(h.sandbox.oauth.agents.grace.id);
    expect(h.sandbox.apiRequests('PATCH').at(-1)!.headers.authorization).toMatch(/^Bearer at_/);

    await options.page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => options.page.locator('.sign-in .notice').textContent()).toBe('Signed out.');
    expect(h.sandbox.oauth.liveAccessTokens()).toBe(0);
  });

  it('explains a sign-in that did not finish (the app not installed: Kustomer shows "Invalid Client")', async () => {
    const { options } = await signInPage();
    h.sandbox.settings.oauth.installed = false;
    await options.page.getByRole('button', { name: 'Sign in with Kustomer' }).click();
    await expect.poll(() => options.page.locator('.sign-in').textContent(), { timeout: 15_000 }).toContain('Sign-in did not finish. If Kustomer showed "Invalid Client", the app is not installed in org acme');
    expect(h.sandbox.oauth.exchanges).toEqual([]);
  });
});
