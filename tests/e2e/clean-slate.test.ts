/**
 * What each file starts from when one browser serves every file (support/extension.ts,
 * `cleanSlate`): whatever a file spent or left behind (the org's rate budget, drafts, the outbox,
 * alarms, settings, the key) does not reach the next one.
 */
import { beforeAll, expect, it } from 'vitest';
import { cleanSlate, connect, type Harness, harnessForFile, OptionsPage, PopupPage } from './support/extension';

const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const GRACE = '64b7f0c2a1d3e4f5a6b7c802';
let h: Harness;

const harness = harnessForFile();
beforeAll(() => {
  h = harness();
});

/** Everything the extension keeps, read from one of its pages. */
async function kept(page: import('playwright-core').Page) {
  return page.evaluate(async () => {
    const api = (globalThis as any).chrome;
    const stores = await new Promise<Record<string, number>>((resolve, reject) => {
      const open = indexedDB.open('kustomer-customer-updater');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const names = [...db.objectStoreNames];
        const counts: Record<string, number> = {};
        const tx = db.transaction(names, 'readonly');
        for (const name of names) {
          const count = tx.objectStore(name).count();
          count.onsuccess = () => (counts[name] = count.result);
        }
        tx.oncomplete = () => resolve(counts);
        tx.onerror = () => reject(tx.error);
      };
    });
    return {
      stores,
      local: await api.storage.local.get(null),
      session: await api.storage.session.get(null),
      alarms: (await api.alarms.getAll()).length,
      badge: await api.action.getBadgeText({}),
    };
  });
}

it('a file that spent the rate budget and left state behind neither slows nor changes the next one', async () => {
  // This file spends the org's budget and leaves a draft, an outbox entry, an alarm and a setting.
  h.sandbox.settings.rateLimit = 3;
  const spent = await PopupPage.open(h, ADA);
  await spent.addTag('left-behind');
  expect(await spent.save()).toMatch(/^Your org's Kustomer API budget is nearly used up.*Kept in the outbox/);
  const options = await OptionsPage.open(h);
  await options.page.getByLabel('Show the "Update customer" badge').uncheck();
  await expect.poll(() => kept(options.page)).toMatchObject({ stores: { drafts: 1, outbox: 1, recent: 1, credentials: 1 }, alarms: 1, badge: '1' });
  expect((await kept(options.page)).local).not.toEqual({});

  // Resetting Kustomer alone is not enough: the worker still remembers the spent budget, and a
  // save sent before any other request waits for it.
  h.sandbox.reset();
  const update = { type: 'customer.update', customerId: GRACE, changes: { tags: [h.sandbox.tagIdOf('enterprise'), 'next-file'], rev: 4 } };
  expect(await options.send(update)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/budget is nearly used up/) } });
  expect(h.sandbox.apiRequests('PATCH')).toHaveLength(0);

  // The next file starts here.
  await cleanSlate(h);
  const fresh = await OptionsPage.open(h);
  expect(await fresh.page.getByText('No API key saved').count()).toBe(1); // no credentials until a file connects
  expect(await kept(fresh.page)).toEqual({ stores: { credentials: 0, drafts: 0, outbox: 0, recent: 0, tags: 0 }, local: {}, session: {}, alarms: 0, badge: '' });
  await connect(h);
  h.sandbox.requests.length = 0;
  const again = await OptionsPage.open(h);
  expect(await again.send(update)).toMatchObject({ ok: true, value: { rev: 5 } }); // at once: no wait, no outbox
  expect(h.sandbox.tagNames(GRACE)).toEqual(['enterprise', 'next-file']);
  const next = await PopupPage.open(h, GRACE);
  expect(await next.page.getByText(/^Restored your unsaved edits/).count()).toBe(0);
  expect(h.sandbox.apiRequests('PATCH').map((p) => p.status)).toEqual([200]);
  expect(h.sandbox.apiRequests().filter((r) => r.status === 429)).toEqual([]); // nothing waited on the spent budget
});
