// The content script's whole cost as the page pays it, measured from outside the extension:
// the tab's own counters (Chrome DevTools Protocol `Performance.getMetrics`) with the product
// loaded, minus the same counters for the same page in a browser with no extension, beside the
// same increment for a floor extension that does the least a content script here can do
// (scripts/bench/content-floor/). Three browsers, one run, loads interleaved round by round.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { connectExtension, sandboxFlags } from '../chromium.mjs';
import { largeAgentPage } from './large-page.mjs';
import { summarize } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
export const PRODUCT = resolve(ROOT, '.output/chrome-mv3');
export const FIREFOX_PRODUCT = resolve(ROOT, '.output/firefox-mv3');
export const FLOOR = resolve(import.meta.dirname, 'content-floor');

const KINDS = ['none', 'product', 'floor'];
const ROTATIONS = [
  ['none', 'product', 'floor'],
  ['product', 'floor', 'none'],
  ['floor', 'none', 'product'],
];
const METRICS = { script: 'ScriptDuration', task: 'TaskDuration', heap: 'JSHeapUsedSize' };
/** A floor whose p25–p75 spread is wider than this share of its median is too noisy to judge against. */
const MAX_FLOOR_SPREAD = 0.3;
/** Whichever holds passes: within `ratio`× the floor's increment, or within `slackMs` of it. */
const SCRIPT_BUDGETS = { 'customer.large': { ratio: 1.3, slackMs: 1.5 }, 'customer.small': { ratio: 1.5, slackMs: 1.5 } };

/** The pages, each at a customer URL (budgeted) and a conversation URL (reported). */
function pages(sandbox) {
  const customerId = sandbox.customerIds[0];
  const conversationId = sandbox.conversationIds[0];
  const small = `<!doctype html><html><head><title>Customer | Kustomer</title></head><body><a href="/app/customers/${customerId}">Ada Lovelace</a></body></html>`;
  const large = largeAgentPage();
  const customerUrl = `https://acme.kustomerapp.com/app/customers/${customerId}`;
  const conversationUrl = `https://acme.kustomerapp.com/app/conversations/${conversationId}`;
  return [
    { id: 'customer.small', label: 'customer page, 1 element', url: customerUrl, html: small, links: 1 },
    { id: 'customer.large', label: 'customer page, 20,000 elements / 500 links', url: customerUrl, html: large, links: 500 },
    { id: 'conversation.small', label: 'conversation page, 1 element', url: conversationUrl, html: small, links: 1 },
    { id: 'conversation.large', label: 'conversation page, 20,000 elements / 500 links', url: conversationUrl, html: large, links: 500 },
  ];
}

/**
 * Main-world code run once the page has loaded: resolves when the content script has done its
 * initial work (the product: its badge on the page, the last of its start's work; it scans the
 * page's links at the first ask, which checkProductAnswers makes; the floor: its
 * `data-content-floor` attribute, set once it has collected the links), with
 * what it can see of that work. The page observes nothing else: an observer of the product's
 * User Timing measures would run in the tab for the product only, and be charged to it.
 */
function initialWork(kind) {
  const root = document.documentElement;
  const until = (check) =>
    new Promise((resolve) => {
      if (check()) return resolve();
      const watch = new MutationObserver(() => check() && (watch.disconnect(), resolve()));
      watch.observe(root, { attributes: true, childList: true });
    });
  if (kind === 'none') return Promise.resolve({});
  if (kind === 'floor') return until(() => root.hasAttribute('data-content-floor')).then(() => ({ links: Number(root.dataset.contentFloor) }));
  return until(() => root.querySelector(':scope > kustomer-customer-updater:not([hidden])')).then(() => ({ badge: true }));
}

/** Chromium as scripts/chromium.mjs launches it (same flags), with one extension or none. */
async function launch({ executablePath, sandboxPort, extension }) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'kustomer-content-cost-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1200, height: 800 },
    args: [
      ...(extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`] : []),
      ...sandboxFlags(sandboxPort),
    ],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** `promise`, or an error naming `what` after 15 s. */
function deadline(promise, what) {
  let timer;
  const late = new Promise((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 15_000)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** One load of one page in one browser: the tab's counters once the content script is done. */
async function load(browser, page, kind) {
  browser.serving = page.html;
  const tab = await browser.context.newPage();
  try {
    const cdp = await browser.context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await tab.goto(page.url, { waitUntil: 'load' });
    const seen = await deadline(tab.evaluate(initialWork, kind), `${kind}: the content script's initial work on the ${page.label}`);
    if (kind === 'floor' && seen.links !== page.links) throw new Error(`the floor found ${seen.links} customers of ${page.links}`);
    const { metrics } = await cdp.send('Performance.getMetrics');
    await cdp.detach();
    const value = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    // Seconds to ms; the heap as the tab holds it then (no collection forced: garbage counts too).
    return { script: value[METRICS.script] * 1000, task: value[METRICS.task] * 1000, heap: value[METRICS.heap] };
  } finally {
    await tab.close();
  }
}

/** The product answers `page.context` on the large page with all 500 customers (asked outside the measured loads). */
async function checkProductAnswers(browser, page) {
  browser.serving = page.html;
  const tab = await browser.context.newPage();
  try {
    await tab.goto(page.url, { waitUntil: 'load' });
    await deadline(tab.evaluate(initialWork, 'product'), "product: the content script's initial work");
    await tab.bringToFront();
    const found = await browser.worker.evaluate(async () => {
      const [active] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return (await chrome.tabs.sendMessage(active.id, { type: 'page.context' })).customerIds.length;
    });
    if (found !== page.links) throw new Error(`the product found ${found} customers of ${page.links}`);
  } finally {
    await tab.close();
  }
}

/**
 * The content script's cost, as increments over no extension, for the product and the floor.
 * @param {{ executablePath: string, sandbox: import('../../sandbox/server.mjs').Sandbox, runs?: number, warmup?: number,
 *   log?: (line: string) => void }} options `runs`: measured rounds (the bench asks for at least 21)
 * @returns {Promise<{ rounds: number, warmup: number, seconds: number, pages: { id: string, label: string,
 *   samples: Record<'product' | 'floor', Record<'script' | 'task' | 'heap', number[]>> }[] }>}
 */
export async function measureContentCost({ executablePath, sandbox, runs: rounds = 21, warmup = 2, log = (line) => process.stderr.write(line) }) {
  const started = performance.now();
  sandbox.reset();
  sandbox.settings.rateLimit = 100_000;
  const list = pages(sandbox);
  const browsers = {};
  try {
    for (const kind of KINDS) {
      const extension = { none: undefined, product: PRODUCT, floor: FLOOR }[kind];
      const browser = await launch({ executablePath, sandboxPort: sandbox.port, extension });
      browsers[kind] = browser;
      await browser.context.route('https://acme.kustomerapp.com/app/**', (route) => route.fulfill({ contentType: 'text/html', body: browser.serving }));
    }
    // The product connected to the sandbox, so on a conversation page it finds the customer and shows its badge.
    const product = browsers.product;
    product.worker = product.context.serviceWorkers()[0] ?? (await product.context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(product.worker.url()).host;
    product.extensionUrl = (path) => `chrome-extension://${extensionId}/${path}`;
    await (await connectExtension(product, { apiKey: sandbox.keys.admin, org: sandbox.org })).close();

    const raw = Object.fromEntries(list.map((p) => [p.id, Object.fromEntries(KINDS.map((k) => [k, { script: [], task: [], heap: [] }]))]));
    for (let round = 0; round < warmup + rounds; round++) {
      for (const [index, page] of list.entries()) {
        for (const kind of ROTATIONS[(round + index) % ROTATIONS.length]) {
          const counters = await load(browsers[kind], page, kind);
          if (round < warmup) continue;
          for (const metric of Object.keys(METRICS)) raw[page.id][kind][metric].push(counters[metric]);
        }
      }
      log(`\rcontent cost: round ${round + 1}/${warmup + rounds}`);
    }
    log('\n');
    await checkProductAnswers(product, list.find((p) => p.id === 'customer.large'));

    const increments = (page, kind, metric) => raw[page.id][kind][metric].map((v, i) => v - raw[page.id].none[metric][i]);
    const result = list.map((page) => ({
      id: page.id,
      label: page.label,
      samples: Object.fromEntries(['product', 'floor'].map((kind) => [kind, Object.fromEntries(Object.keys(METRICS).map((m) => [m, increments(page, kind, m)]))])),
      absolute: raw[page.id],
    }));
    const seconds = (performance.now() - started) / 1000;
    log(`content cost: ${rounds} rounds (+${warmup} warm-up) × ${list.length} pages × 3 browsers in ${seconds.toFixed(0)} s\n`);
    return { rounds, warmup, seconds, pages: result };
  } finally {
    for (const browser of Object.values(browsers)) await browser.close();
  }
}

/** gzip (level 9) of the content scripts a build's manifest lists. */
function contentScriptGzip(dir) {
  const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8'));
  return manifest.content_scripts.flatMap((c) => c.js).reduce((total, f) => total + gzipSync(readFileSync(resolve(dir, f)), { level: 9 }).length, 0);
}

/** The content script's gzip size in the Chrome and Firefox builds, and the floor's. */
export function contentScriptSizes({ chrome = PRODUCT, firefox = FIREFOX_PRODUCT } = {}) {
  return { chrome: contentScriptGzip(chrome), firefox: contentScriptGzip(firefox), floor: contentScriptGzip(FLOOR) };
}

const kB = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
const msText = (v) => `${v.toFixed(2)} ms`;
const signed = (text) => (text.startsWith('-') ? text : `+${text}`);
const valueText = (v, unit) => signed(unit === 'bytes' ? kB(v) : msText(v));
const spreadText = (s, unit) =>
  unit === 'bytes' ? `${valueText(s.median, unit)} [${kB(s.p25)}–${kB(s.p75)}]` : `${valueText(s.median, unit)} [${s.p25.toFixed(2)}–${s.p75.toFixed(2)}]`;

/**
 * Figure rows (the format of bench.mjs's `figures()`) for the measured increments and the sizes.
 * A budget is judged only when the floor's increments are steady enough to judge against.
 */
export function contentCostRows(cost, sizes) {
  const rows = [];
  const sizeBudget = 5 * 1024;
  rows.push({
    id: 'contentCost.size',
    label: 'content script gzip, Chrome build / Firefox build',
    unit: 'bytes',
    value: Math.max(sizes.chrome, sizes.firefox),
    text: `${kB(sizes.chrome)} / ${kB(sizes.firefox)}`,
    baselineText: kB(sizes.floor),
    baselineLabel: 'floor content script',
    budget: `≤ ${kB(sizeBudget)} in each`,
    pass: sizes.chrome <= sizeBudget && sizes.firefox <= sizeBudget,
  });
  const what = { script: 'script time', task: 'main-thread task time', heap: 'JS heap used' };
  for (const page of cost.pages) {
    for (const metric of ['script', 'task', 'heap']) {
      const unit = metric === 'heap' ? 'bytes' : 'ms';
      const p = summarize(page.samples.product[metric]);
      const f = summarize(page.samples.floor[metric]);
      const ratio = p.median / f.median;
      const floorSpread = (f.p75 - f.p25) / Math.abs(f.median);
      const steady = f.median > 0 && floorSpread <= MAX_FLOOR_SPREAD;
      const note = steady
        ? undefined
        : f.median > 0
          ? `spread too wide to judge (floor p25–p75 ${(floorSpread * 100).toFixed(0)} % of its median)`
          : `spread too wide to judge (floor median ${valueText(f.median, unit)}, no increment to compare with)`;
      const limit = metric === 'script' ? SCRIPT_BUDGETS[page.id] : undefined;
      let budget;
      let pass;
      if (limit) {
        budget = `ratio ≤ ${limit.ratio} or ≤ floor + ${limit.slackMs} ms`;
        if (steady) pass = ratio <= limit.ratio || p.median - f.median <= limit.slackMs;
        else budget += `: ${note}`;
      } else if (note) budget = `(report only; ${note})`;
      rows.push({
        id: `contentCost.${page.id}.${metric}`,
        label: `content script cost to the tab, ${page.label}: ${what[metric]} over no extension (${cost.rounds} rounds)`,
        unit,
        value: p.median,
        stats: p,
        baseline: f,
        baselineLabel: 'floor extension (collects customer links once, answers page.context)',
        ratio,
        text: spreadText(p, unit),
        baselineText: spreadText(f, unit),
        budget,
        pass,
        ...(note && { note }),
        samples: page.samples.product[metric],
        baselineSamples: page.samples.floor[metric],
      });
    }
  }
  return rows;
}
