// The side panel following the page (part of `npm run bench`; alone: `--only panel`): headless
// Chromium with the production build, the bench's bare page (scripts/bench/baseline-extension/)
// and the panel floor (scripts/bench/panel-floor/: the least a panel that follows a Kustomer tab
// can do, a content script's port, the background's GET, the name set).
// Each panel is opened by a click on a page of its extension, the product's in one window and the
// floor's in another; the agent's tab of that window navigates in the app (pushState, a `data-spa`
// link), and the time from the link's click (the page's clock) to the new customer's name in the
// panel (the panel's clock, both as `performance.timeOrigin + now()`) is measured, and to the
// previous customer's name gone from it (budget: 100 ms). Beside them, in the same run and
// interleaved: the same customer's GET done by the bare page, from the fetch to the name in its
// DOM. Budget: the product panel's median under 1.5× the GET's; the floor is reported beside it.
import { resolve } from 'node:path';
import { connectExtension, findChromium, launchWithExtension, unpackedExtensionId } from '../chromium.mjs';
import { summarize } from './stats.mjs';

const root = resolve(import.meta.dirname, '../..');
const OUTPUT = resolve(root, '.output/chrome-mv3');
const BASELINE = resolve(root, 'scripts/bench/baseline-extension');
const FLOOR = resolve(root, 'scripts/bench/panel-floor');

/**
 * A panel read from a page of its own extension (`chrome.extension.getViews()`): it records each
 * change of the name it shows (null or empty: none, the next one loading) on its own clock, and
 * the bench waits for one inside the page (no polling, which would load the panel's process).
 * @param {import('playwright-core').Page} reader
 * @param {string} path the panel's document
 */
async function recorder(reader, path) {
  await reader.waitForFunction((path) => chrome.extension.getViews().some((v) => v.location.pathname === path), path, { timeout: 10_000 });
  await reader.evaluate((path) => {
    const view = chrome.extension.getViews().find((v) => v.location.pathname === path);
    view.__names = [];
    view.__heard = () => {};
    new view.MutationObserver(() => {
      const name = view.document.querySelector('.customer-name')?.textContent || null;
      if (view.__names.at(-1)?.name !== name) {
        view.__names.push({ name, at: view.performance.timeOrigin + view.performance.now() });
        view.__heard();
      }
    }).observe(view.document, { subtree: true, childList: true, characterData: true });
  }, path);
  return {
    /** The first name shown at or after `after`, `name` if given. */
    shown: (name, after = 0) =>
      reader.evaluate(
        ({ path, name, after }) =>
          new Promise((resolve, reject) => {
            const view = chrome.extension.getViews().find((v) => v.location.pathname === path);
            const timer = setTimeout(() => reject(new Error(`The panel ${path} did not show ${name ?? 'a customer'}.`)), 15_000);
            const check = () => {
              const seen = view.__names.find((n) => n.name !== null && (name === undefined || n.name === name) && n.at >= after);
              if (!seen) return;
              clearTimeout(timer);
              view.__heard = () => {};
              resolve(seen);
            };
            view.__heard = check;
            check();
          }),
        { path, name, after },
      ),
    /** The first change at or after `after`: the previous name gone. */
    changed: (after) => reader.evaluate(({ path, after }) => chrome.extension.getViews().find((v) => v.location.pathname === path).__names.find((n) => n.at >= after), { path, after }),
    /** The panel's renderer idle (its follow-up requests answered and drawn). */
    idle: () =>
      reader.evaluate(
        (path) =>
          new Promise((done) => {
            const view = chrome.extension.getViews().find((v) => v.location.pathname === path);
            // At most a second each: a renderer the browser keeps from idling does not stall the run.
            view.requestIdleCallback(() => view.requestIdleCallback(() => done(), { timeout: 1000 }), { timeout: 1000 });
          }),
        path,
      ),
  };
}

/** A page's renderer idle. */
const idle = (page) => page.evaluate(() => new Promise((done) => requestIdleCallback(() => requestIdleCallback(() => done(), { timeout: 1000 }), { timeout: 1000 })));

/** Clicks the app's link to a customer other than the one shown; its name and when (the page's clock). */
const navigate = (agent) =>
  agent.evaluate(() => {
    const link = [...document.querySelectorAll('a[data-spa]')].find((a) => !location.pathname.endsWith(a.dataset.customerId));
    const at = performance.timeOrigin + performance.now();
    link.click();
    return { name: link.dataset.customerName, at };
  });

export async function measureSidePanel({ rounds = 21, warmup = 3 } = {}) {
  const { startSandbox, SANDBOX_ORG } = await import('../../sandbox/server.mjs');
  const sandbox = await startSandbox({ port: 0 });
  const browser = await launchWithExtension({ extensionPath: [OUTPUT, BASELINE, FLOOR], sandboxPort: sandbox.port, executablePath: findChromium() });
  try {
    sandbox.settings.rateLimit = 100_000;
    const customerUrl = `https://${SANDBOX_ORG}.kustomerapp.com/app/customers/${sandbox.customerIds[0]}`;

    // The product's panel, in the first window.
    const reader = await connectExtension(browser, { apiKey: sandbox.keys.admin, org: SANDBOX_ORG });
    await reader.evaluate(async () => {
      const { id } = await chrome.windows.getCurrent();
      const button = document.createElement('button');
      button.id = 'open-panel';
      button.textContent = 'Open panel';
      button.onclick = () => void chrome.sidePanel.open({ windowId: id });
      document.body.prepend(button);
    });
    await reader.click('#open-panel');
    const product = await recorder(reader, '/sidepanel.html');
    const bare = await browser.context.newPage();
    await bare.goto(`chrome-extension://${unpackedExtensionId(BASELINE)}/manifest.json`);
    const agent = await browser.context.newPage();
    await agent.goto(customerUrl);
    await agent.bringToFront();
    await product.shown(undefined);

    // The floor's panel, in a second window with an agent tab of its own.
    const floorId = unpackedExtensionId(FLOOR);
    const opening = browser.context.waitForEvent('page', { predicate: (p) => p.url().includes(floorId), timeout: 10_000 });
    await reader.evaluate((url) => chrome.windows.create({ url }), `chrome-extension://${floorId}/opener.html`);
    const opener = await opening;
    await opener.evaluate(({ org, key }) => chrome.storage.local.set({ org, key }), { org: SANDBOX_ORG, key: sandbox.keys.admin });
    await opener.waitForFunction(() => document.body.dataset.ready === 'yes');
    await opener.click('#open-panel');
    const floor = await recorder(opener, '/panel.html');
    const floorAgentOpening = browser.context.waitForEvent('page', { predicate: (p) => p.url() === customerUrl, timeout: 10_000 });
    await opener.evaluate(async (url) => chrome.tabs.create({ windowId: (await chrome.windows.getCurrent()).id, url, active: true }), customerUrl);
    const floorAgent = await floorAgentOpening;
    await floorAgent.waitForLoadState('load');
    // The floor's panel follows the tab once its content script is there: one navigation to start.
    for (let attempt = 1; ; attempt++) {
      const { name, at } = await navigate(floorAgent);
      // Not shown within 2 s: its content script was not in yet, so navigate again.
      const seen = await Promise.race([floor.shown(name, at).catch(() => undefined), new Promise((r) => setTimeout(r, 2000, undefined))]);
      if (seen) break;
      if (attempt === 5) throw new Error('The panel floor does not follow its tab.');
    }

    /**
     * Before each step: the product panel's and the agent pages' renderers idle, so no figure pays
     * for another's tail (the floor's panel has none; asked for an idle callback in its own window,
     * it closed the page asking, seen here).
     */
    const settle = async () => {
      await product.idle();
      await idle(agent);
      await idle(floorAgent);
    };
    const panel = [];
    const gone = [];
    const bottom = [];
    const get = [];
    const kinds = ['panel', 'floor', 'get'];
    for (let i = 0; i < warmup + rounds; i++) {
      const order = [...kinds.slice(i % 3), ...kinds.slice(0, i % 3)];
      for (const kind of order) {
        await settle();
        if (kind === 'panel') {
          const { name, at } = await navigate(agent);
          const seen = await product.shown(name, at);
          const change = await product.changed(at);
          if (i >= warmup) {
            panel.push(seen.at - at);
            gone.push(change.at - at);
          }
        } else if (kind === 'floor') {
          const { name, at } = await navigate(floorAgent);
          const seen = await floor.shown(name, at);
          if (i >= warmup) bottom.push(seen.at - at);
        } else {
          const id = sandbox.customerIds[1 + (i % 5)];
          const ms = await bare.evaluate(
            async ({ org, id, key }) => {
              const start = performance.now();
              const response = await fetch(`https://${org}.api.kustomerapp.com/v1/customers/${id}`, { headers: { Authorization: `Bearer ${key}` } });
              const { data } = await response.json();
              document.body.textContent = data.attributes.name;
              return performance.now() - start;
            },
            { org: SANDBOX_ORG, id, key: sandbox.keys.admin },
          );
          if (i >= warmup) get.push(ms);
        }
      }
      process.stderr.write(`\rside panel ${i + 1}/${warmup + rounds}`);
    }
    process.stderr.write('\n');
    return { panel: summarize(panel), gone: summarize(gone), floor: summarize(bottom), get: summarize(get) };
  } finally {
    await browser.close();
    await sandbox.close();
  }
}

/**
 * The bench's rows: the panel's following beside the bare GET, budget ratio < 1.5; the panel
 * floor's following beside the same GET and the product (reported); and the previous customer gone
 * from the panel, within 100 ms of the URL change.
 */
export async function sidePanelRows() {
  const { panel, gone, floor, get } = await measureSidePanel();
  const spread = (s) => `${s.median.toFixed(1)} ms [${s.p25.toFixed(1)}–${s.p75.toFixed(1)}] (p75 ${s.p75.toFixed(1)})`;
  const ratio = panel.median / get.median;
  return [
    {
      id: 'panel-follow',
      label: 'Side panel: URL change in the app → new customer’s name in the panel',
      unit: 'ms',
      value: panel.median,
      stats: panel,
      baseline: get,
      ratio,
      text: spread(panel),
      baselineText: spread(get),
      budget: '< 1.5× the bare GET',
      pass: panel.min > 0 && ratio < 1.5,
    },
    {
      id: 'panel-floor',
      label: `Side panel floor (a bench extension: content script port, background GET, name set); the product is ${(panel.median / floor.median).toFixed(2)}× it`,
      unit: 'ms',
      value: floor.median,
      stats: floor,
      baseline: get,
      ratio: floor.median / get.median,
      text: spread(floor),
      baselineText: spread(get),
    },
    {
      id: 'panel-gone',
      label: 'Side panel: URL change in the app → previous customer gone (the next one loading)',
      unit: 'ms',
      value: gone.median,
      stats: gone,
      text: `${spread(gone)}, max ${gone.max.toFixed(1)}`,
      budget: '≤ 100 ms, every time',
      pass: gone.min > 0 && gone.max <= 100,
    },
  ];
}
