/**
 * Tags as Kustomer keeps them, in real Chromium against the sandbox: every form in which Kustomer
 * may take a PATCH's tags (`tagsWrittenAs`), a key without the tag-read role, the org's list kept
 * and refreshed, and custom keys the org does not define. The shared scenarios (both browsers)
 * cover the default and the shapes real documents have.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateCustomerUpdate } from '../../sandbox/openapi.mjs';
import { connect, type Harness, harnessForFile, PopupPage } from './support/extension';

const ADA = '64b7f0c2a1d3e4f5a6b7c801';
let h: Harness;

const harness = harnessForFile();
beforeAll(() => {
  h = harness();
});

const id = (name: string) => h.sandbox.tagIdOf(name)!;
const patches = () => h.sandbox.apiRequests('PATCH');

/** Opens Ada and waits until her tags show by name. */
async function ada() {
  const popup = await PopupPage.open(h, ADA);
  await expect.poll(() => popup.tags()).toEqual(['vip', 'beta-tester']);
  return popup;
}

describe.each(['both', 'ids', 'names'] as const)('Kustomer taking tags as %s', (mode) => {
  it('an org tag picked by three letters is saved as Kustomer holds it', async () => {
    h.sandbox.settings.tagsWrittenAs = mode;
    const popup = await ada();
    await popup.addTagInput().fill('chu');
    expect(await popup.highlighted()).toBe('churn-risk');
    await popup.addTagInput().press('Enter');
    await popup.addTagInput().press('Control+s');
    await popup.page.locator('.notice-success, .notice-error').last().waitFor();
    expect(patches()[0]!.body).toEqual({ tags: [id('vip'), id('beta-tester'), id('churn-risk')], rev: 12 });
    expect(validateCustomerUpdate(patches()[0]!.body)).toEqual({ valid: true });
    if (mode !== 'names') {
      expect(h.sandbox.tagNames(ADA)).toEqual(['vip', 'beta-tester', 'churn-risk']);
      expect(await popup.page.locator('.tag-outcome').count()).toBe(0);
      return;
    }
    // Kustomer made tags named after the ids: the editor says so and puts it right in one action.
    expect(h.sandbox.tagNames(ADA)).toEqual([id('vip'), id('beta-tester'), id('churn-risk')]);
    const outcome = popup.page.locator('.tag-outcome');
    await expect.poll(() => outcome.textContent()).toMatch(new RegExp(`^Kustomer created tags named ${id('vip').slice(0, 8)}…, .* instead of adding vip, beta-tester, churn-risk: it takes tags by name here\\.`));
    await popup.page.getByRole('button', { name: 'Send the tags by name' }).click();
    await expect.poll(() => h.sandbox.tagNames(ADA)).toEqual(['vip', 'beta-tester', 'churn-risk']);
    expect(patches()[1]!.body).toEqual({ tags: ['vip', 'beta-tester', 'churn-risk'], rev: 13 });
    await popup.page.getByText(/^Saved \(revision 14\): Tags: sent again by name/).waitFor();
    expect(await outcome.count()).toBe(0);
    // From now on the org's tags go by name.
    await popup.removeTag('churn-risk');
    expect(await popup.save()).toMatch(/^Saved \(revision 15\)/);
    expect(patches()[2]!.body).toEqual({ tags: ['vip', 'beta-tester'], rev: 14 });
    expect(h.sandbox.tagNames(ADA)).toEqual(['vip', 'beta-tester']);
  });

  it('a new name is sent as a name', async () => {
    h.sandbox.settings.tagsWrittenAs = mode;
    const popup = await ada();
    await popup.addTagInput().fill('first-contact');
    expect(await popup.highlighted()).toBe('Add new tag "first-contact"');
    await popup.addTagInput().press('Enter');
    const said = await popup.save();
    expect(patches()[0]!.body).toEqual({ tags: [id('vip'), id('beta-tester'), 'first-contact'], rev: 12 });
    if (mode === 'ids') {
      // Kustomer takes only ids here: its refusal, in its words, on the tags; nothing lost.
      expect(said).toMatch(/^400: Kustomer refused the update\. Kustomer says: "Invalid tag: "first-contact" is not the id of a tag/);
      expect(await popup.page.locator('#tag-problem').textContent()).toMatch(/Invalid tag: "first-contact" is not the id of a tag/);
      expect(await popup.tags()).toEqual(['vip', 'beta-tester', 'first-contact']);
    } else {
      expect(said).toMatch(/^Saved \(revision 13\): Tags: added first-contact$/);
      expect(h.sandbox.tagNames(ADA).at(-1)).toBe('first-contact');
    }
  });
});

describe('the org tag list', () => {
  it('is read once and kept: a second opening asks Kustomer only for the customer', async () => {
    const first = await ada();
    const reads = () => h.sandbox.apiRequests('GET').filter((r) => r.path === '/v1/tags').length;
    // The list is read once the customer shows (at idle, which a loaded machine delays): wait until it was, and its names show.
    await expect.poll(reads, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => first.tags()).toEqual(['vip', 'beta-tester']);
    h.sandbox.requests.length = 0;
    const again = await ada();
    await again.addTagInput().fill('ren');
    expect(await again.highlighted()).toBe('renewal');
    expect(h.sandbox.apiRequests('GET').map((r) => r.path).filter((p) => p.startsWith('/v1/tags'))).toEqual([]);
    // A tag made in Kustomer since shows after "Refresh tags".
    h.sandbox.settings.extraTags = 1;
    await again.addTagInput().fill('tag-000');
    expect(await again.highlighted()).toBe('Add new tag "tag-000"');
    const refresh = again.page.getByRole('button', { name: 'Refresh tags' });
    await refresh.click();
    await expect.poll(() => reads()).toBeGreaterThan(0);
    await expect.poll(() => refresh.isEnabled()).toBe(true); // the list is back
    await again.addTagInput().fill('tag-0000');
    expect(await again.highlighted()).toBe('tag-00001');
  });

  it('without the tag-read role: one line names the role, the ids stay, removing and new names still work', async () => {
    await connect(h, h.sandbox.keys.customerOnly);
    const popup = await PopupPage.open(h, ADA);
    const note = popup.page.locator('#tag-problem');
    await expect.poll(() => note.textContent()).toMatch(/org\.permission\.tag\.read/);
    expect(await popup.page.getByText(/invalid|expired/).count()).toBe(0);
    expect(await popup.tags()).toEqual(['tag …23aae', 'tag …01e9a']);
    await popup.page.getByRole('button', { name: `Remove tag id ${id('beta-tester')}` }).click();
    await popup.addTag('typed-by-name');
    expect(await popup.save()).toMatch(/^Saved/);
    expect(patches()[0]!.body).toEqual({ tags: [id('vip'), 'typed-by-name'], rev: 12 });
    // Not asked again with that key: the next popup says so at once.
    const asked = h.sandbox.apiRequests('GET').filter((r) => r.path.startsWith('/v1/tags')).length;
    const next = await PopupPage.open(h, ADA);
    await expect.poll(() => next.page.locator('#tag-problem').textContent()).toMatch(/org\.permission\.tag\.read/);
    expect(h.sandbox.apiRequests('GET').filter((r) => r.path.startsWith('/v1/tags')).length).toBe(asked);
    await connect(h);
  });
});

describe('custom attributes the org does not define', () => {
  it('are not offered; where the definitions cannot be read, Kustomer\'s refusal lands on the attribute', async () => {
    const popup = await PopupPage.open(h, ADA);
    await popup.openMoreFields();
    await popup.page.getByLabel('Attribute name', { exact: true }).fill('regionStr');
    await popup.page.getByRole('button', { name: 'Add attribute' }).click();
    await popup.page.getByText('Custom attribute "regionStr" is not defined in org acme: Kustomer refuses it.').waitFor();

    // A key without the metadata role: free entry, and Kustomer's own words on the row.
    await connect(h, h.sandbox.keys.customerOnly);
    const free = await PopupPage.open(h, ADA);
    await free.openMoreFields();
    await free.page.getByLabel('Attribute name', { exact: true }).fill('regionStr');
    await free.page.getByRole('button', { name: 'Add attribute' }).click();
    await free.page.getByLabel('regionStr', { exact: true }).fill('EMEA');
    expect(await free.save()).toMatch(/^400: Kustomer refused the update\./);
    const row = free.page.getByLabel('regionStr', { exact: true });
    expect(await row.getAttribute('aria-invalid')).toBe('true');
    expect(await free.page.locator(`#${await row.getAttribute('aria-describedby')}`).textContent()).toBe(
      'Additional properties not allowed: /properties/custom/additionalProperties',
    );
    await connect(h);
  });
});
