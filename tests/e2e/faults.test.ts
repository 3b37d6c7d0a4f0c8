/**
 * The fault matrix, in real Chromium with the production build against the sandbox: for each
 * fault, what the agent sees, and what Kustomer ends up holding (saved exactly once, or not at all
 * with the edit kept). README's table is this file.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { harnessForFile, OptionsPage, patchAsSomeoneElse, PopupPage, type Harness } from './support/extension';

const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const TAG = 'fault-check';
let h: Harness;

const harness = harnessForFile();
beforeAll(() => {
  h = harness();
});
beforeEach(async () => {
  // No alarm of an earlier test may deliver into this one.
  await h.worker.evaluate(() => (globalThis as any).chrome.alarms.clearAll());
});

const badge = () => h.worker.evaluate(() => (globalThis as any).chrome.action.getBadgeText({}) as Promise<string>);
const server = (id = ADA) => h.sandbox.customer(id) as { rev: number };
const patches = () => h.sandbox.apiRequests('PATCH');

/** Adds a tag and presses Save: what the popup says. */
async function saveTag(id = ADA) {
  const popup = await PopupPage.open(h, id);
  await popup.addTag(TAG);
  return { popup, said: await popup.save() };
}

/** Kustomer holds the tag once, from exactly one applied save. */
function savedOnce(rev: number, id = ADA) {
  expect(h.sandbox.tagNames(id).filter((t) => t === TAG)).toEqual([TAG]);
  expect(server(id).rev).toBe(rev + 1);
}

/** Nothing reached Kustomer, and the edit is still the agent's: reopening restores it. */
async function keptNotSaved(rev: number) {
  expect(h.sandbox.tagNames(ADA)).not.toContain(TAG);
  expect(server().rev).toBe(rev);
  const again = await PopupPage.open(h, ADA);
  expect(await again.tags()).toContain(TAG);
  expect(await again.page.getByText(/^Restored your unsaved edits/).count()).toBe(1);
}

describe('refused by Kustomer: never retried, the edit kept with the reason', () => {
  it.each([
    [401, /^401: the key is invalid, expired, or lacks the customer-update role\./],
    [404, /^404: customer 64b7f0c2a1d3e4f5a6b7c801 was not found in org "acme", or the key cannot see it\./],
    [413, /^413: the update is larger than Kustomer accepts \(100 kB\)\./],
    [400, /^400: Kustomer refused the update\./],
  ])('%i', async (status, message) => {
    const rev = server().rev;
    h.sandbox.addFault({ method: 'PATCH', status });
    const { said } = await saveTag();
    expect(said).toMatch(message);
    expect(patches()).toHaveLength(1);
    await keptNotSaved(rev);
    await expect.poll(badge).toBe(''); // the popup showed why and let go of it
  });

  it('401 for a key without the update role', async () => {
    const options = await OptionsPage.open(h);
    await options.save(h.sandbox.keys.readOnly, 'acme');
    const rev = server().rev;
    const { said } = await saveTag();
    expect(said).toMatch(/^401: the key is invalid, expired, or lacks the customer-update role\./);
    await keptNotSaved(rev);
    await options.save(h.sandbox.keys.admin, 'acme');
  });

  it('409: someone else saved first; both sides shown, one action re-applies', async () => {
    const popup = await PopupPage.open(h, ADA);
    await popup.addTag(TAG);
    expect(await patchAsSomeoneElse(h, ADA, { username: 'countess' })).toBe(200);
    const rev = server().rev;
    await popup.page.getByRole('button', { name: 'Save' }).click();
    await popup.page.getByRole('button', { name: 'Re-apply my edits and save' }).click();
    await popup.page.locator('.notice-success').waitFor();
    savedOnce(rev);
  });
});

describe('rate limits', () => {
  it('429 with x-ratelimit-reset: waits as told, then saves once', async () => {
    const rev = server().rev;
    h.sandbox.addFault({ method: 'PATCH', status: 429, headers: { 'x-ratelimit-reset': '1', 'retry-after': '1' } });
    expect((await saveTag()).said).toMatch(/^Saved/);
    expect(patches().map((p) => p.status)).toEqual([429, 200]);
    savedOnce(rev);
  });

  it('429 without reset headers: backs off, then saves once', async () => {
    const rev = server().rev;
    h.sandbox.addFault({ method: 'PATCH', status: 429, headers: { 'x-ratelimit-reset': '', 'retry-after': '' } });
    expect((await saveTag()).said).toMatch(/^Saved/);
    savedOnce(rev);
  });

  it("the org's budget nearly spent: the save waits in the outbox instead of taking the last requests", async () => {
    h.sandbox.settings.rateLimit = 3; // per minute, shared with every agent and integration
    const rev = server().rev;
    const popup = await PopupPage.open(h, ADA);
    await popup.addTag(TAG);
    await expect.poll(() => h.sandbox.apiRequests().length).toBeGreaterThanOrEqual(1); // the customer (definitions may be cached)
    expect(await popup.save()).toMatch(/^Your org's Kustomer API budget is nearly used up.*Kept in the outbox/);
    expect(patches()).toHaveLength(0);
    await expect.poll(badge).toBe('1');
    expect(server().rev).toBe(rev);
  });

  it('429 with a long reset: kept in the outbox, counted on the badge, not hammered', async () => {
    const rev = server().rev;
    h.sandbox.addFault({ method: 'PATCH', status: 429, headers: { 'x-ratelimit-reset': '600', 'retry-after': '600' } });
    expect((await saveTag()).said).toMatch(/Kept in the outbox: the next try is at \d\d:\d\d/);
    await expect.poll(badge).toBe('1');
    expect(patches()).toHaveLength(1);
    await keptNotSaved(rev);
    expect(await (await PopupPage.open(h, ADA)).page.locator('.outbox-note').textContent()).toMatch(/Kept in the outbox/);
  });
});

describe('refused on a retry', () => {
  it('shows as not accepted in the pending list; Dismiss lets it go and lowers the badge at once, and the edit stays the draft', async () => {
    const id = h.sandbox.customerIds[6]!;
    const rev = server(id).rev;
    h.sandbox.addFault({ method: 'PATCH', path: `/v1/customers/${id}`, status: 503 });
    expect((await saveTag(id)).said).toMatch(/Kept in the outbox/);
    h.sandbox.addFault({ method: 'PATCH', path: `/v1/customers/${id}`, status: 400 }); // the retry is refused
    await expect.poll(() => patches().filter((p) => p.path.endsWith(id)).length, { timeout: 30_000, interval: 500 }).toBe(2);
    await expect.poll(badge).toBe('1');
    await Promise.all(h.context.pages().map((p) => p.close()));

    const finder = await h.context.newPage();
    await finder.goto(h.extensionUrl('popup.html'));
    const pending = finder.getByRole('region', { name: 'Saves not sent yet' });
    await expect.poll(() => pending.textContent()).toMatch(/not accepted/);
    await pending.getByRole('button', { name: /^Dismiss the refused save of / }).click();
    await expect.poll(badge).toBe('');
    await expect.poll(() => pending.count()).toBe(0);
    expect(patches().filter((p) => p.path.endsWith(id))).toHaveLength(2); // never sent again
    expect(server(id).rev).toBe(rev);
    const again = await PopupPage.open(h, id);
    expect(await again.tags()).toContain(TAG);
    expect(await again.page.getByText(/^Restored your unsaved edits/).count()).toBe(1);
  }, 45_000);
});

describe('passing failures: kept in the outbox, delivered exactly once', () => {
  /** Waits until the outbox is empty again (an alarm retried the save). */
  async function delivered() {
    await expect.poll(badge, { timeout: 45_000, interval: 500 }).toBe('');
  }

  it('500, 503 without Retry-After, an answer that is not JSON, Kustomer unreachable then back, an answer slower than the timeout (applied late): each kept, then delivered once', async () => {
    // One customer per fault, all waiting at once: one round of retries delivers them all.
    // Unreachable: every connection dropped (the browser itself retries some) until Kustomer is back.
    const faults = [{ status: 500 }, { status: 503 }, { status: 200, body: '<html>Bad gateway</html>' }, { drop: true, times: 1000 }];
    const ids = h.sandbox.customerIds.slice(0, faults.length);
    const slow = h.sandbox.customerIds[faults.length]!;
    const revs = [...ids, slow].map((id) => server(id).rev);
    faults.forEach((fault, i) => h.sandbox.addFault({ method: 'PATCH', path: `/v1/customers/${ids[i]}`, ...fault }));
    h.sandbox.addFault({ method: 'PATCH', path: `/v1/customers/${slow}`, delayMs: 11_000 });
    const late = saveTag(slow);
    await expect.poll(() => patches().filter((p) => p.path.endsWith(slow)).length, { timeout: 10_000 }).toBe(1); // on its way, held back
    const saves = await Promise.all(ids.map((id) => saveTag(id)));
    saves.forEach(({ said }, i) => expect(said, JSON.stringify(faults[i])).toMatch(/Kept in the outbox: the next try is at/));
    await expect.poll(badge).toBe('5'); // the slow one counts from the moment it is written down
    h.sandbox.clearFaults(); // Kustomer is back (the slow answer is still on its way)
    expect((await late).said).toMatch(/did not answer within 10 s.*Kept in the outbox/s);
    await delivered();
    [...ids, slow].forEach((id, i) => savedOnce(revs[i]!, id));
    // The late one applied; its replay found it done.
    expect(patches().filter((p) => p.path.endsWith(slow)).map((p) => p.status)).toEqual([200, 409]);
  }, 60_000);

  it('a dropped connection after Kustomer applied the save: the resend is refused as stale, found applied, saved once', async () => {
    const rev = server().rev;
    h.sandbox.addFault({ method: 'PATCH', drop: 'after' });
    const { said } = await saveTag();
    // Chromium resends a request whose reused connection was reset; our own replay would do the
    // same. Either way the stale rev makes Kustomer refuse it, and the values show it is done.
    expect(said).toMatch(/^Saved/);
    expect(patches().map((p) => p.status)).toEqual([null, 409]);
    savedOnce(rev);
    await expect.poll(badge).toBe(''); // the popup showed why and let go of it
  });

  it('the service worker stopped mid-save: the save is picked up again and applied once', async () => {
    const rev = server().rev;
    h.sandbox.addFault({ method: 'PATCH', delayMs: 2_000 });
    const popup = await PopupPage.open(h, ADA);
    await popup.addTag(TAG);
    await popup.page.getByRole('button', { name: 'Save' }).click();
    // Mid-save: Kustomer has the PATCH and holds its answer back (the fault's delay).
    await expect.poll(() => patches().map((p) => p.status)).toEqual([null]);
    const cdp = await h.context.newCDPSession(popup.page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await popup.page.locator('.notice-error, .notice-success').first().waitFor();
    // The cut-off save is picked up again by an alarm: replayed, refused as stale, found applied.
    await expect.poll(() => patches().map((p) => p.status), { timeout: 45_000, interval: 500 }).toEqual([200, 409]);
    await expect.poll(badge, { timeout: 10_000 }).toBe('');
    savedOnce(rev);
  }, 90_000);

  it('the browser closed with a save waiting, and opened again: delivered', async () => {
    const rev = server().rev;
    h.sandbox.addFault({ method: 'PATCH', status: 503 });
    expect((await saveTag()).said).toMatch(/Kept in the outbox/);
    await h.restart();
    await expect.poll(() => h.sandbox.tagNames(ADA).includes(TAG), { timeout: 45_000, interval: 500 }).toBe(true);
    savedOnce(rev);
    await expect.poll(badge, { timeout: 10_000 }).toBe('');
  }, 90_000);
});
