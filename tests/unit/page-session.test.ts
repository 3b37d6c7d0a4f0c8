/**
 * @vitest-environment-options {"url": "https://acme.kustomerapp.com/app/customers"}
 */
// The content script's session on a Kustomer tab, with WXT's fake browser: nothing is built or
// read before the page shows a customer, the badge follows the app's navigation and the agent's
// preference, and the extension's pages are told what the tab shows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startPageSession } from '@/utils/detect/page-session';

const APP = 'https://acme.kustomerapp.com/app';
const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const GRACE = '64b7f0c2a1d3e4f5a6b7c802';

let end: (() => void) | undefined;

/** Starts a session on `url`; gives the app's navigation to another URL. */
function startOn(url: string) {
  const invalidated: (() => void)[] = [];
  let navigated: (url: string) => void = () => {};
  startPageSession(document, { href: url }, { onInvalidated: (run) => invalidated.push(run), onLocationChange: (run) => (navigated = run) });
  end = () => invalidated.forEach((run) => run());
  return (to: string) => navigated(to);
}

const badge = () => document.querySelector('kustomer-customer-updater') as HTMLElement | null;
const badgeShown = () => badge() !== null && !badge()!.hidden;

/** The content script's answer to an extension page asking what the tab shows. */
async function pageContext() {
  const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
  let reply: unknown;
  await fakeBrowser.runtime.onMessage.trigger({ type: 'page.context' }, sender, (r: unknown) => (reply = r));
  return reply as { customerId?: string; customerIds: string[] };
}

/** Lets pending promise callbacks (the preference read) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The fake browser has no `runtime.onConnect`: a small one, for the side panel's port. */
let connectListeners: ((port: unknown) => void)[] = [];
const connect = (port: unknown) => connectListeners.forEach((listener) => listener(port));

beforeEach(() => {
  fakeBrowser.reset();
  connectListeners = [];
  (fakeBrowser.runtime as any).onConnect = { addListener: (listener: (port: unknown) => void) => void connectListeners.push(listener) };
});
afterEach(() => {
  end?.();
  end = undefined;
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('the page session', () => {
  it('builds no badge and reads no preference on a page without a customer, until the app shows one', async () => {
    document.body.innerHTML = `<a href="/app/customers/${ADA}">Ada</a>`;
    const read = vi.spyOn(fakeBrowser.storage.local, 'get');
    const navigate = startOn(`${APP}/customers`);
    await settle();
    expect(badge()).toBeNull();
    expect(read).not.toHaveBeenCalled();
    expect(fakeBrowser.storage.onChanged.hasListeners()).toBe(false);
    expect(await pageContext()).toMatchObject({ customerId: undefined, customerIds: [ADA] });

    navigate(`${APP}/customers/${ADA}`);
    await vi.waitFor(() => expect(badgeShown()).toBe(true));
    expect(read).toHaveBeenCalledTimes(1);
    expect(await pageContext()).toMatchObject({ customerId: ADA });

    // On to another customer: the same badge, the preference not read again.
    navigate(`${APP}/customers/${GRACE}`);
    expect(badgeShown()).toBe(true);
    expect(await pageContext()).toMatchObject({ customerId: GRACE });
    navigate(`${APP}/customers`);
    expect(badgeShown()).toBe(false);
    expect(document.querySelectorAll('kustomer-customer-updater')).toHaveLength(1);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('scans and watches the page for customer links only once an extension page asks, and follows it from then on', async () => {
    document.body.innerHTML = `<a href="/app/customers/${ADA}">Ada</a>`;
    const observe = vi.spyOn(MutationObserver.prototype, 'observe');
    const scan = vi.spyOn(Element.prototype, 'querySelectorAll');
    const navigate = startOn(`${APP}/customers/${ADA}`);
    await vi.waitFor(() => expect(badgeShown()).toBe(true));
    navigate(`${APP}/customers/${GRACE}`);
    expect(observe).not.toHaveBeenCalled();
    expect(scan).not.toHaveBeenCalled();

    expect(await pageContext()).toMatchObject({ customerId: GRACE, customerIds: [ADA] });
    expect(observe).toHaveBeenCalledTimes(1);
    // Watched from the first ask: a link the app adds later is in the next answer.
    const more = document.createElement('p');
    more.innerHTML = `<a href="/app/customers/${GRACE}">Grace</a>`;
    document.body.append(more);
    await vi.waitFor(async () => expect((await pageContext()).customerIds).toEqual([ADA, GRACE]));
    // After a navigation in the app, what the page links to then.
    document.body.innerHTML = `<a href="/app/customers/${GRACE}">Grace</a>`;
    navigate(`${APP}/customers`);
    expect((await pageContext()).customerIds).toEqual([GRACE]);
  });

  it('never builds the badge for an agent who turned it off, and shows it once turned on', async () => {
    await fakeBrowser.storage.local.set({ showBadge: false });
    startOn(`${APP}/customers/${ADA}`);
    await settle();
    expect(badge()).toBeNull(); // not even for a moment
    await fakeBrowser.storage.local.set({ showBadge: true });
    await vi.waitFor(() => expect(badgeShown()).toBe(true));
    await fakeBrowser.storage.local.set({ showBadge: false });
    await vi.waitFor(() => expect(badgeShown()).toBe(false));
  });

  it('takes the badge and its preference listener away when the script is replaced', async () => {
    startOn(`${APP}/customers/${ADA}`);
    await vi.waitFor(() => expect(badgeShown()).toBe(true));
    end!();
    end = undefined;
    expect(badge()).toBeNull();
    expect(fakeBrowser.storage.onChanged.hasListeners()).toBe(false);
  });
});

describe('following the tab (the side panel’s port)', () => {
  function fakePort(sender: { id?: string; url?: string }, name = 'page.follow') {
    const posted: { customerId?: string; customerIds: string[] }[] = [];
    const port = {
      name,
      sender,
      posted,
      disconnected: false,
      postMessage: (m: never) => void posted.push(m),
      disconnect: () => void (port.disconnected = true),
      onDisconnect: { addListener: () => {} },
      onMessage: { addListener: () => {} },
    };
    return port;
  }

  it('tells an extension page what the tab shows at once and at each navigation, links included', async () => {
    document.body.innerHTML = `<a href="/app/customers/${GRACE}">Grace</a>`;
    const navigate = startOn(`${APP}/customers/${ADA}`);
    const port = fakePort({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/sidepanel.html') });
    connect(port);
    expect(port.posted[0]).toMatchObject({ customerId: ADA, customerIds: [GRACE] });
    navigate(`${APP}/customers/${GRACE}`);
    await vi.waitFor(() => expect(port.posted.at(-1)).toMatchObject({ customerId: GRACE }));
    expect(port.disconnected).toBe(false);
  });

  it('closes a port from anything but the extension’s own pages, telling it nothing', async () => {
    startOn(`${APP}/customers/${ADA}`);
    const port = fakePort({ id: 'another-extension', url: 'https://evil.example/' });
    connect(port);
    expect(port.posted).toEqual([]);
    expect(port.disconnected).toBe(true);
  });
});
