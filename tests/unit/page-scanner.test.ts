/**
 * @vitest-environment-options {"url": "https://acme.kustomerapp.com/app/customers"}
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchCustomerLinks } from '@/utils/detect/link-watcher';

const id = (n: number) => n.toString(16).padStart(24, '0');
const link = (n: number) => `<a href="/app/customers/${id(n)}">Customer ${n}</a>`;

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('watchCustomerLinks', () => {
  it('finds every customer link on the page at once, and only customer links', () => {
    document.body.innerHTML = `<main>${link(1)}${link(2)}<a href="/app/conversations/${id(3)}">c</a>${link(1)}<a href="https://x.example/">x</a></main>`;
    const found: string[][] = [];
    const scanner = watchCustomerLinks(document, { onFound: (ids) => found.push([...ids]) });
    expect([...scanner.ids]).toEqual([id(1), id(2)]);
    expect(found).toEqual([[id(1), id(2)]]);
    scanner.stop();
  });

  it('only queues in the observer callback, and scans added subtrees later in slices', async () => {
    const scanner = watchCustomerLinks(document, { onFound: () => {}, sliceMs: 1 });
    const section = document.createElement('section');
    section.innerHTML = `<div><p>${link(7)}</p></div>`;
    document.body.append(section);
    await Promise.resolve(); // the observer's callback has run by now
    expect(scanner.ids.has(id(7))).toBe(false); // queued, not scanned yet
    await vi.waitFor(() => expect(scanner.ids.has(id(7))).toBe(true));
    // A burst of many subtrees is worked through without losing any.
    for (let n = 100; n < 400; n++) {
      const div = document.createElement('div');
      div.innerHTML = link(n);
      document.body.append(div);
    }
    await vi.waitFor(() => expect(scanner.ids.size).toBe(301), { timeout: 3000 });
    scanner.stop();
  });

  it('slices the work: a burst is scanned a few elements per slice, and the page runs between slices', async () => {
    const scanner = watchCustomerLinks(document, { onFound: () => {}, sliceMs: 4 });
    // Each look at the clock is a millisecond later: scanning one subtree "takes" about 1 ms.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock++);
    const slices: number[] = [];
    const measure = vi.spyOn(performance, 'measure').mockImplementation(((name: string) => {
      if (name === 'kustomer-updater:scan-slice') slices.push(scanner.ids.size);
    }) as typeof performance.measure);
    for (let n = 500; n < 540; n++) {
      const div = document.createElement('div');
      div.innerHTML = link(n);
      document.body.append(div);
    }
    // Page work queued right after the burst: it gets the thread before the scan is through.
    let pageRanAt: number | undefined;
    setTimeout(() => (pageRanAt = scanner.ids.size), 0);
    await vi.waitFor(() => expect(scanner.ids.size).toBe(40), { timeout: 5000 });
    expect(slices.length).toBeGreaterThanOrEqual(10);
    const perSlice = slices.map((size, i) => size - (slices[i - 1] ?? 0));
    expect(Math.max(...perSlice)).toBeLessThanOrEqual(4);
    expect(pageRanAt).toBeLessThan(40);
    measure.mockRestore();
    vi.restoreAllMocks();
    scanner.stop();
  });

  it('starts over after a navigation in the app', () => {
    document.body.innerHTML = link(1);
    const scanner = watchCustomerLinks(document, { onFound: () => {} });
    document.body.innerHTML = link(2);
    scanner.restart();
    expect([...scanner.ids]).toEqual([id(2)]);
    scanner.stop();
  });

  it('stops watching a page that shows no customer link for a long time', async () => {
    const scanner = watchCustomerLinks(document, { onFound: () => {}, quietStopMs: 0 });
    expect(scanner.watching()).toBe(true);
    document.body.append(document.createElement('div'));
    await vi.waitFor(() => expect(scanner.watching()).toBe(false));
  });
});
