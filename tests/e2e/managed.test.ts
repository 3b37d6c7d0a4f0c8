/**
 * Settings an organization deploys, in real Chromium: a policy file (what IT rolls out) written
 * only for this run into Chromium's managed policy folder, for this build's extension id (computed
 * from the build path, as Chromium does for an unpacked extension), and removed in `finally`.
 * Chromium reads the folder while it runs: the policy arrives as a change, and applies at once.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_PATH, type Harness, harnessForFile, OptionsPage, PopupPage } from './support/extension';

/** Debian's Chromium reads machine policies from here (Google Chrome: /etc/opt/chrome/policies/managed). */
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, `kustomer-customer-updater-test-${process.pid}.json`);

/** An unpacked extension's id: the SHA-256 of its absolute path, first 32 hex digits written a–p. */
const unpackedExtensionId = (path: string) =>
  [...createHash('sha256').update(path).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');

let h: Harness;
const harness = harnessForFile({ connect: false });
beforeAll(() => {
  h = harness();
  // A run killed mid-test may have left its policy behind: no test starts under one.
  for (const name of existsSync(POLICY_DIR) ? readdirSync(POLICY_DIR) : []) {
    if (name.startsWith('kustomer-customer-updater-test-')) rmSync(join(POLICY_DIR, name));
  }
});

/** Writes the org's policy for this extension (undefined: removes it). */
function deploy(policy: Record<string, unknown> | undefined) {
  if (policy === undefined) {
    rmSync(POLICY_FILE, { force: true });
    // The folders too, when this run made them and nothing else is in them.
    for (const dir of [POLICY_DIR, dirname(POLICY_DIR)]) {
      try {
        rmdirSync(dir);
      } catch {
        break; // not empty, or not there
      }
    }
    return;
  }
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [unpackedExtensionId(EXTENSION_PATH)]: policy } } }));
}

/** What the extension's managed area holds now, as an extension page reads it. */
const managedArea = (options: OptionsPage) => options.page.evaluate(() => (globalThis as any).chrome.storage.managed.get(null));

describe('settings an organization deploys (Chromium policy)', () => {
  it('locks the org and the app, turns the key off and forgets a saved one, and the agent signs in with the org’s app', async () => {
    expect(unpackedExtensionId(EXTENSION_PATH)).toBe(h.extensionId);
    const options = await OptionsPage.open(h);
    expect((await options.send({ type: 'settings.save', org: 'acme', apiKey: h.sandbox.keys.admin })) as unknown).toMatchObject({ ok: true, value: { hasApiKey: true } });
    try {
      deploy({ org: 'acme', signInMode: 'oauth', clientId: h.sandbox.oauth.clientId, showBadge: false });
      // Chromium notices the new file while it runs (seen here within about 5 s).
      await expect.poll(() => managedArea(options), { timeout: 30_000, interval: 250 }).toMatchObject({ org: 'acme', signInMode: 'oauth' });
      // Applied at once: the saved key is forgotten, and the badge follows the org.
      await expect.poll(async () => (await options.send({ type: 'settings.get' })) as any, { timeout: 10_000 }).toMatchObject({ ok: true, value: { hasApiKey: false, managed: { locked: ['org', 'signInMode', 'clientId', 'showBadge'] } } });
      // The badge as the org set it, kept apart from the agent's own choice.
      await expect.poll(() => options.page.evaluate(() => (globalThis as any).chrome.storage.local.get('showBadgeByOrg'))).toEqual({ showBadgeByOrg: false });

      await options.page.reload();
      await options.page.getByText('Your organization has each agent sign in with Kustomer: API keys are turned off here.').waitFor();
      expect(await options.page.getByLabel('API key', { exact: true }).count()).toBe(0);
      const org = options.organization();
      expect(await org.inputValue()).toBe('acme');
      expect(await org.getAttribute('readonly')).not.toBeNull();
      expect(await options.page.getByLabel('App client id').inputValue()).toBe(h.sandbox.oauth.clientId);
      expect(await options.page.getByText('Set by your organization.', { exact: true }).count()).toBe(2);
      expect(await options.page.getByRole('checkbox', { name: 'Show the "Update customer" badge' }).isDisabled()).toBe(true);
      // A key sent anyway is refused by the background, and nothing is kept.
      expect((await options.send({ type: 'settings.save', org: 'acme', apiKey: h.sandbox.keys.admin })) as unknown).toMatchObject({ ok: false, error: { issues: [{ path: 'apiKey' }] } });

      // Signing in takes the org and the app from the policy: the agent types nothing.
      h.sandbox.settings.oauth.redirectUris = [`https://${h.extensionId}.chromiumapp.org/`];
      await options.page.getByRole('button', { name: 'Sign in with Kustomer' }).click();
      await expect.poll(() => options.page.locator('.sign-in .notice').textContent(), { timeout: 15_000 }).toBe('Signed in to acme as Grace Hopper.');
      const ada = h.sandbox.customerIds[0]!;
      const popup = await PopupPage.open(h, ada);
      await popup.addTag('deployed');
      expect(await popup.save()).toMatch(/^Saved/);
      expect(h.sandbox.modifiedBy(ada)).toBe(h.sandbox.oauth.agents.grace.id);
      await options.page.getByRole('button', { name: 'Sign out' }).click();
      await expect.poll(() => options.page.locator('.sign-in .notice').textContent()).toBe('Signed out.');
    } finally {
      deploy(undefined);
    }
    await expect.poll(() => managedArea(options), { timeout: 30_000, interval: 250 }).toEqual({});
    // The org let go: the badge is the agent's again.
    await expect.poll(() => options.page.evaluate(() => (globalThis as any).chrome.storage.local.get(null))).not.toHaveProperty('showBadgeByOrg');
  }, 90_000);

  it('names a scope Kustomer refuses when the org’s list asks for one it does not know', async () => {
    const options = await OptionsPage.open(h);
    try {
      deploy({ org: 'acme', clientId: h.sandbox.oauth.clientId, scopes: ['org.permission.customer.read', 'org.permission.customer.update', 'offline_access', 'org.permission.everything'] });
      await expect.poll(() => managedArea(options), { timeout: 30_000, interval: 250 }).toMatchObject({ scopes: expect.arrayContaining(['org.permission.everything']) });
      await options.page.reload();
      h.sandbox.settings.oauth.redirectUris = [`https://${h.extensionId}.chromiumapp.org/`];
      await options.page.getByRole('button', { name: 'Sign in with Kustomer' }).click();
      await expect
        .poll(() => options.page.locator('.sign-in .notice-error').textContent(), { timeout: 15_000 })
        .toBe('Kustomer refused a permission the extension asked for (Unknown scope: org.permission.everything): ask your Kustomer admin which scopes the app may have.');
    } finally {
      deploy(undefined);
    }
    await expect.poll(() => managedArea(options), { timeout: 30_000, interval: 250 }).toEqual({});
  }, 90_000);
});
