/**
 * "Sign in with Kustomer" in real Chromium against the sandbox's provider (consent "auto"): the
 * settings page's auth window (identity.launchWebAuthFlow, headless) comes back to this build's
 * redirect URL, the background exchanges the code with its PKCE verifier, and the agent's edits
 * carry their name; the sign-in window closing without an answer is explained.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harnessForFile, inContentScript, OptionsPage, PopupPage } from './support/extension';

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

    // A content script on the agent's Kustomer page reaches no token: not in the storage it can
    // read, not in its origin's IndexedDB, not in a reply (settings are refused to it).
    const tokens = h.sandbox.oauth.issuedTokens();
    expect(tokens).toHaveLength(2); // the access and the refresh token
    const page = await h.context.newPage();
    await page.goto(`https://acme.kustomerapp.com/app/customers/${ada}`);
    const seen = await inContentScript<{ local: string; sync: string; databases: string; settings: unknown; signIn: unknown }>(
      h.context,
      page,
      h.extensionId,
      `(async () => ({
        local: JSON.stringify(await chrome.storage.local.get(null)),
        sync: JSON.stringify(await chrome.storage.sync.get(null)),
        databases: JSON.stringify(await indexedDB.databases()),
        settings: await chrome.runtime.sendMessage({ type: 'settings.get' }),
        signIn: await chrome.runtime.sendMessage({ type: 'auth.signOut' }),
      }))()`,
    );
    for (const token of tokens) expect(JSON.stringify(seen)).not.toContain(token);
    expect(seen.databases).toBe('[]');
    expect(seen.settings).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(seen.signIn).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(h.sandbox.oauth.liveAccessTokens()).toBe(1); // the forged sign-out did nothing
    await page.close();

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

  it('signs in through Kustomer’s sign-in and consent page (consent "page"), driven in the auth window', async () => {
    const { options } = await signInPage();
    h.sandbox.settings.oauth.consent = 'page';
    const authWindow = h.context.waitForEvent('page', { predicate: (p) => p.url().includes('/oauth/authorize'), timeout: 15_000 });
    await options.page.getByRole('button', { name: 'Sign in with Kustomer' }).click();
    const consent = await authWindow;
    await consent.getByLabel('Email').fill('linus@acme.example');
    await consent.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => options.page.locator('.sign-in .notice').textContent(), { timeout: 15_000 }).toBe('Signed in to acme as Linus Pauling.');
    expect(h.sandbox.oauth.exchanges).toMatchObject([{ grantType: 'authorization_code', ok: true, verifierChecked: true }]);
    // Linus may read customers but not update them: his save is refused naming the role, and kept.
    const ada = h.sandbox.customerIds[0]!;
    const popup = await PopupPage.open(h, ada);
    await popup.addTagInput().fill('by-linus');
    await popup.addTagInput().press('Enter');
    expect(await popup.save()).toMatch(/^401: your Kustomer sign-in does not allow this: it lacks the customer-update role .*org\.permission\.customer\.update/);
    await expect.poll(() => popup.page.locator('.tag-text').allTextContents()).toContain('by-linus');
    expect(h.sandbox.tagNames(ada)).not.toContain('by-linus');
    expect(h.sandbox.oauth.exchanges.filter((e) => e.grantType === 'refresh_token')).toHaveLength(1); // one renewal, then the role is named
    await options.page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => options.page.locator('.sign-in .notice').textContent()).toBe('Signed out.');
  });

  it('the service worker stopped during a renewal: the next save asks to sign in (or succeeds), the save is kept and sent after signing in', async () => {
    const { options } = await signInPage();
    await options.page.getByRole('button', { name: 'Sign in with Kustomer' }).click();
    await expect.poll(() => options.page.locator('.sign-in .notice').textContent()).toBe('Signed in to acme as Grace Hopper.');
    const ada = h.sandbox.customerIds[0]!;
    const popup = await PopupPage.open(h, ada);
    await popup.addTag('mid-renewal');
    h.sandbox.requests.length = 0;
    h.sandbox.oauth.expireAccessTokens();
    h.sandbox.addFault({ method: 'POST', path: '/oauth/token', delayMs: 2_000 });
    const renewals = () => h.sandbox.requests.filter((r) => r.path === '/oauth/token').map((r) => r.status);
    await popup.page.getByRole('button', { name: 'Save' }).click();
    // Mid-renewal: Kustomer has the refresh token and holds its answer (the new tokens) back.
    await expect.poll(renewals).toEqual([null]);
    const cdp = await h.context.newCDPSession(popup.page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await popup.page.locator('.notice-error, .notice-success').first().waitFor();
    // Kustomer used the refresh token; the answer died with the worker. The agent saves again.
    await expect.poll(() => h.sandbox.oauth.exchanges.map((e) => `${e.grantType}:${e.ok}`), { timeout: 5_000 }).toEqual(['authorization_code:true', 'refresh_token:true']);
    const again = await popup.save();
    expect(again).toMatch(/^Saved|Sign in to acme in Settings: your saves wait until then\./);
    if (!again.startsWith('Saved')) {
      expect(await options.send({ type: 'outbox.list' })).toMatchObject({ ok: true, value: [{ customerId: ada, state: 'signed-out', org: 'acme' }] });
      await options.page.reload();
      await options.page.getByLabel('App client id').fill(h.sandbox.oauth.clientId);
      await options.page.getByRole('button', { name: 'Sign in with Kustomer' }).click();
      await expect.poll(() => options.page.locator('.sign-in .notice').textContent()).toBe('Signed in to acme as Grace Hopper.');
    }
    await expect.poll(() => h.sandbox.tagNames(ada), { timeout: 15_000 }).toContain('mid-renewal');
    expect(h.sandbox.modifiedBy(ada)).toBe(h.sandbox.oauth.agents.grace.id);
    expect(h.sandbox.apiRequests('PATCH').filter((r) => r.status === 200)).toHaveLength(1);
    await expect.poll(async () => (await options.send({ type: 'outbox.list' })) as unknown).toEqual({ ok: true, value: [] });
  }, 60_000);
});
