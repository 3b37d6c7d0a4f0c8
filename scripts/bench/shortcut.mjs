// The popup opened by a real keyboard shortcut, timed from outside the browser: xdotool presses the
// keys on a Kustomer customer page in headed Chromium under Xvfb, and the popup's document says
// when it started and when it was ready (the customer's name shown and "Add tag" focused). Each
// figure stands beside a floor taking the same path (shortcut-floor/: the product's manifest
// shape with a static popup), in a browser of its own (the same keys), presses interleaved.
//   node scripts/bench/shortcut.mjs [--presses 11] [--pinned] [--no-build]   (under xvfb-run by itself without DISPLAY)
// --pinned: both actions pinned to the toolbar first (Chromium otherwise animates the icon into the
// toolbar before it opens the popup).
// bench.mjs takes the figure rows from `shortcutRows()`.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { connectExtension, findChromium, launchWithExtension, unpackedExtensionId } from '../chromium.mjs';
import { clearTagList } from './tag-store.mjs';
import { summarize } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const PRODUCT = resolve(ROOT, '.output/chrome-mv3');
const FLOOR = resolve(import.meta.dirname, 'shortcut-floor');
const RESULTS = resolve(ROOT, 'bench-results');
const NAME = 'Ada Lovelace';
const TAG = 'churn-risk';
const SHORTCUTS = { k: 'alt+shift+k', u: 'alt+shift+u' };
/** A floor whose p25–p75 spread is wider than this part of its median is too noisy to judge by. */
const MAX_FLOOR_SPREAD = 0.3;
const WARMUP = 1;
const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Xvfb and xdotool

const XVFB_HINT = 'install them with `sudo apt-get install -y xvfb xdotool`';

/** xvfb-run (without a display) and xdotool: installed with apt when running as root, else an error naming the command. */
function ensureTools({ needXvfb }) {
  const missing = () => [...(needXvfb ? ['xvfb-run'] : []), 'xdotool'].filter((tool) => spawnSync('which', [tool]).status !== 0);
  if (!missing().length) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    process.stderr.write(`${missing().join(' and ')} missing: installing xvfb and xdotool with apt-get…\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'xvfb', 'xdotool'], { stdio: 'inherit', env });
  }
  if (missing().length) throw new Error(`The shortcut bench needs ${missing().join(' and ')}: ${XVFB_HINT}.`);
}

/** This module as a script under `xvfb-run -a`; resolves with its exit code. */
function underXvfb(argv) {
  ensureTools({ needXvfb: true });
  const child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', process.execPath, fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

// ---------------------------------------------------------------------------------------------
// One browser per side

/**
 * A headed Chromium with one extension (the product's build or the floor), an extension page of
 * that extension ("reader", opened before the agent page: from it the popup is read and the worker
 * stopped) and Ada's agent page in front. `--class` names its X window for xdotool.
 */
async function openSide(kind, { sandbox, executablePath, customer, org, pinned }) {
  const windowClass = `kcu-bench-${kind}`;
  const extensionPath = kind === 'product' ? PRODUCT : FLOOR;
  // Pinned: the action's icon already in the toolbar (Chromium's pref, as a click on the pin sets it).
  const profile = mkdtempSync(join(tmpdir(), 'kustomer-shortcut-profile-'));
  if (pinned) {
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ extensions: { pinned_extensions: [unpackedExtensionId(extensionPath)] } }));
  }
  const launched = await launchWithExtension({ extensionPath, sandboxPort: sandbox.port, headless: false, executablePath, profile, args: [`--class=${windowClass}`] });
  const browser = { ...launched, close: () => launched.close().finally(() => rmSync(profile, { recursive: true, force: true })) };
  try {
    if (kind === 'product') (await connectExtension(browser, { apiKey: sandbox.keys.admin, org })).close();
    const reader = await browser.context.newPage();
    await reader.goto(browser.extensionUrl('manifest.json'));
    if (kind === 'floor') {
      const { tags, rev } = sandbox.customer(customer);
      await reader.evaluate((s) => chrome.storage.local.set(s), { org, key: sandbox.keys.admin, customer, tags, rev, tagIds: { [TAG]: sandbox.tagIdOf(TAG) } });
    }
    const cdp = await browser.context.newCDPSession(reader);
    const worker = workerStatus(cdp, browser.extensionUrl(''));
    await cdp.send('ServiceWorker.enable');
    const page = await browser.context.newPage();
    await page.goto(`https://acme.kustomerapp.com/app/customers/${customer}`);
    await page.bringToFront();
    await page.waitForFunction(() => document.querySelector('kustomer-customer-updater') !== null || document.documentElement.dataset.shortcutFloor === 'ready', null, { timeout: 15_000 });
    const { stdout } = await run('xdotool', ['search', '--sync', '--onlyvisible', '--class', windowClass], { timeout: 10_000 });
    return { kind, browser, reader, cdp, worker, page, window: stdout.trim().split('\n').at(-1) };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** The extension's service worker as CDP's ServiceWorker domain reports it: its status, and a wait for one. */
function workerStatus(cdp, scope) {
  const state = { status: 'unknown', waiting: [] };
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    const mine = versions.filter((v) => v.scriptURL.startsWith(scope) && v.status !== 'redundant');
    if (!mine.length) return;
    state.status = mine.at(-1).runningStatus;
    state.waiting = state.waiting.filter((w) => (w.status === state.status ? (w.done(), false) : true));
  });
  return {
    scope,
    get status() {
      return state.status;
    },
    until(status, timeoutMs = 10_000) {
      if (state.status === status) return Promise.resolve();
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`the service worker did not become ${status} within ${timeoutMs} ms (it is ${state.status})`)), timeoutMs);
        state.waiting.push({ status, done: () => (clearTimeout(timer), done()) });
      });
    },
  };
}

async function setWorker(side, want) {
  if (want === 'stopped') {
    await side.cdp.send('ServiceWorker.stopAllWorkers');
    await side.worker.until('stopped');
  } else if (side.worker.status !== 'running') {
    await side.cdp.send('ServiceWorker.startWorker', { scopeURL: side.worker.scope });
    await side.worker.until('running');
  }
}

// ---------------------------------------------------------------------------------------------
// The popup, read from the reader page

/**
 * Runs in the reader before a press: polls for the toolbar popup's view and, once its own document
 * is there (not the initial empty one), watches it (mutations, focus) until the customer's name is
 * shown and "Add tag" has focus; `window.__watch` then holds the popup's time origin (its document's
 * start) and the ready time, both as epoch milliseconds on the popup's own clock. With `noteEnter`,
 * `window.__enter` later holds what "Add tag" offered when Enter went down.
 */
function startWatch({ name, timeoutMs, noteEnter }) {
  const since = Date.now();
  const popupUrl = chrome.runtime.getURL('popup.html');
  window.__enter = undefined;
  window.__watch = new Promise((resolve) => {
    const poll = () => {
      const view = chrome.extension.getViews({ type: 'popup' })[0];
      if (view?.location.href.startsWith(popupUrl)) return watch(view);
      if (Date.now() - since > timeoutMs) return resolve({ error: view ? `the popup stayed on ${view.location.href}` : 'no popup opened' });
      setTimeout(poll, 2);
    };
    const watch = (view) => {
      const doc = view.document;
      const ready = () => doc.querySelector('.customer-name')?.textContent === name && doc.activeElement?.id === 'add-tag';
      const stop = [];
      const finish = (result) => {
        stop.forEach((f) => f());
        const paints = Object.fromEntries(view.performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
        const nav = view.performance.getEntriesByType('navigation')[0];
        resolve({ timeOrigin: view.performance.timeOrigin, paints, domInteractive: nav?.domInteractive, ...result });
      };
      if (noteEnter) {
        // When "Add tag" first offers something (the org's tags, or "Loading tags…").
        const offered = new MutationObserver(() => {
          const option = doc.querySelector('[role="option"]');
          if (!option) return;
          window.__offered = { at: view.performance.now(), text: option.textContent.trim() };
          offered.disconnect();
        });
        window.__offered = undefined;
        offered.observe(doc, { subtree: true, childList: true });
        doc.addEventListener(
          'keydown',
          (event) => {
            if (event.key !== 'Enter' || window.__enter) return;
            const input = doc.querySelector('#add-tag');
            const options = [...doc.querySelectorAll('[role="option"]')].map((o) => o.textContent.trim());
            window.__enter = {
              at: view.performance.now(),
              value: input?.value,
              expanded: input?.getAttribute('aria-expanded'),
              options: options.slice(0, 5),
              highlighted: input?.getAttribute('aria-activedescendant') ?? null,
            };
          },
          true,
        );
      }
      // Already ready when first seen: only the floor's static page can be (it notes the time itself).
      if (ready()) return finish({ ready: view.__floorReady ?? view.performance.timeOrigin + view.performance.now(), seenLate: view.__floorReady === undefined });
      const check = () => ready() && finish({ ready: view.performance.timeOrigin + view.performance.now() });
      const observer = new MutationObserver(check);
      observer.observe(doc, { subtree: true, childList: true, characterData: true, attributes: true });
      doc.addEventListener('focusin', check, true);
      const timer = setTimeout(() => finish({ error: `not ready after ${timeoutMs} ms: ${doc.body?.innerText.slice(0, 300)}` }), timeoutMs);
      stop.push(() => observer.disconnect(), () => doc.removeEventListener('focusin', check, true), () => clearTimeout(timer));
    };
    poll();
  });
}

async function closePopup(side) {
  await side.reader.evaluate(async () => {
    for (const view of chrome.extension.getViews({ type: 'popup' })) view.close();
    const since = Date.now();
    while (chrome.extension.getViews({ type: 'popup' }).length && Date.now() - since < 5000) await new Promise((r) => setTimeout(r, 10));
  });
}

/**
 * One press of `keys` on the agent page, the worker `running` or `stopped` first. Times are from
 * the key press (Date.now() right before xdotool starts): the popup's document start and ready.
 */
async function press(side, keys, { worker = 'running', settleMs = 250, noteEnter = false } = {}) {
  await closePopup(side);
  await setWorker(side, worker);
  await sleep(settleMs);
  await run('xdotool', ['windowfocus', '--sync', side.window]);
  await side.reader.evaluate(startWatch, { name: NAME, timeoutMs: 10_000, noteEnter });
  const key = Date.now();
  await run('xdotool', ['key', '--window', side.window, '--clearmodifiers', keys]);
  const xdotool = Date.now() - key;
  const seen = await side.reader.evaluate(() => window.__watch);
  if (seen.error) throw new Error(`${side.kind}, ${keys}, worker ${worker}: ${seen.error}`);
  return {
    key,
    xdotool,
    docStart: seen.timeOrigin - key,
    ready: seen.ready - key,
    docToReady: seen.ready - seen.timeOrigin,
    domInteractive: seen.domInteractive,
    firstPaint: seen.paints['first-paint'],
    seenLate: seen.seenLate ?? false,
  };
}

/**
 * The keys an agent uses to tag a customer: the shortcut, then (once "Add tag" has focus) the tag
 * typed, Enter, Ctrl+S in one xdotool run (12 ms between keys, as `xdotool type`); the time from the key press to the PATCH's arrival at
 * the sandbox, and in which form the tag went (id or name).
 */
async function pressToPatch(side, sandbox) {
  const opened = await press(side, SHORTCUTS.k, { worker: 'running', noteEnter: true });
  const keysyms = [...TAG].map((c) => (c === '-' ? 'minus' : c));
  await run('xdotool', ['key', '--delay', '12', ...keysyms, 'Return', 'ctrl+s']);
  const since = Date.now();
  let patch;
  while (!(patch = sandbox.apiRequests('PATCH').find((r) => r.time >= opened.key)) && Date.now() - since < 10_000) await sleep(5);
  if (!patch) throw new Error(`${side.kind}: no PATCH within 10 s of Ctrl+S`);
  while (patch.status === null && Date.now() - since < 10_000) await sleep(5);
  const tags = patch.body?.tags ?? [];
  const id = sandbox.tagIdOf(TAG);
  const { atEnter, offered } = await side.reader.evaluate(() => ({ atEnter: window.__enter, offered: window.__offered }));
  await sleep(150); // the popup shows the outcome before it closes
  await closePopup(side);
  return { ...opened, patch: patch.time - opened.key, status: patch.status, tagSent: tags.includes(id) ? 'id' : tags.includes(TAG) ? 'name' : 'missing', atEnter, offered, body: patch.body };
}

// ---------------------------------------------------------------------------------------------
// The trace of one Alt+Shift+U press, worker stopped

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'loading',
  'navigation',
  'extensions',
  'ServiceWorker',
  'input',
  'ui',
  'views',
  'browser',
  'toplevel',
  'ipc',
  'content',
  'renderer',
  'blink',
  'benchmark',
];

async function tracePress(side, keys, sandbox) {
  const cdp = await side.browser.context.browser().newBrowserCDPSession();
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await closePopup(side);
  await setWorker(side, 'stopped');
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { recordMode: 'recordAsMuchAsPossible', includedCategories: TRACE_CATEGORIES } });
  await sleep(300);
  // A clock mark: the same moment as a trace timestamp and as epoch milliseconds.
  const clock = await side.reader.evaluate(() => {
    const mark = performance.mark('shortcut-bench:clock');
    return performance.timeOrigin + mark.startTime;
  });
  sandbox.requests.length = 0;
  const result = await press(side, keys, { worker: 'stopped', settleMs: 100 });
  await sleep(300);
  // What reached Kustomer meanwhile, by the sandbox's clock (the same machine's).
  const requests = sandbox.apiRequests().map((r) => ({ what: `${r.method} ${r.path} arrives at Kustomer`, ms: r.time - result.key }));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach().catch(() => {});
  await closePopup(side);
  return { result, clock, events, requests };
}

// ---------------------------------------------------------------------------------------------
// Figures

const ms = (v) => `${v.toFixed(1)} ms`;
const spread = (s) => `${ms(s.median)} [${s.p25.toFixed(1)}–${s.p75.toFixed(1)}]`;
const CONFIGS = [
  { id: 'k.running', keys: 'k', worker: 'running', label: 'Real keys: Alt+Shift+K (toolbar popup), worker running' },
  { id: 'k.stopped', keys: 'k', worker: 'stopped', label: 'Real keys: Alt+Shift+K (toolbar popup), worker stopped' },
  { id: 'u.running', keys: 'u', worker: 'running', label: 'Real keys: Alt+Shift+U (command → action.openPopup()), worker running' },
  { id: 'u.stopped', keys: 'u', worker: 'stopped', label: 'Real keys: Alt+Shift+U (command → action.openPopup()), worker stopped' },
];

/** A product figure beside its floor, judged by ratio unless the floor is too noisy to judge by. */
function compared(id, label, product, floor, maxRatio) {
  const p = summarize(product);
  const f = summarize(floor);
  const ratio = p.median / f.median;
  const floorSpread = (f.p75 - f.p25) / f.median;
  const row = { id, label, unit: 'ms', value: p.median, stats: p, baseline: f, baselineLabel: 'floor', ratio, text: spread(p), baselineText: spread(f) };
  if (maxRatio === undefined) return row;
  row.budget = `≤ ${maxRatio}× floor`;
  if (floorSpread > MAX_FLOOR_SPREAD) {
    row.note = `not judged: the floor's p25–p75 spread is ${(floorSpread * 100).toFixed(0)} % of its median (over ${MAX_FLOOR_SPREAD * 100} %)`;
    row.budget += ` (${row.note})`;
    row.pass = undefined;
  } else row.pass = ratio <= maxRatio;
  return row;
}

function figures(samples) {
  const rows = [];
  for (const c of CONFIGS) {
    const s = samples[c.id];
    rows.push(compared(`shortcut.ready.${c.id}`, `${c.label}: key → customer shown, "Add tag" focused`, s.product.map((x) => x.ready), s.floor.map((x) => x.ready), 2));
  }
  for (const c of CONFIGS) {
    const s = samples[c.id];
    const part = (list, f) => summarize(list.map(f));
    const split = (list) => `key → document start ${spread(part(list, (x) => x.docStart))} · document start → ready ${spread(part(list, (x) => x.docToReady))}`;
    const keyToDoc = part(s.product, (x) => x.docStart);
    rows.push({
      id: `shortcut.split.${c.id}`,
      label: `${c.label}: where the time goes`,
      unit: 'ms',
      value: keyToDoc.median,
      text: split(s.product),
      baselineText: split(s.floor),
      ratio: keyToDoc.median / part(s.floor, (x) => x.docStart).median,
    });
  }
  const patch = samples.patch;
  /** How the tag went out when not always as the org tag's id (Enter added nothing, Save sent what was typed). */
  const tagNote = (list) => {
    const counts = {};
    for (const x of list) counts[x.tagSent] = (counts[x.tagSent] ?? 0) + 1;
    return Object.keys(counts).join() === 'id' ? '' : ` (${TAG} sent as ${Object.entries(counts).map(([form, n]) => `${form === 'name' ? 'its name' : form === 'id' ? 'its id' : 'nothing'} ×${n}`).join(', ')})`;
  };
  rows.push(
    compared('shortcut.patch.tagsKept', `Real keys: Alt+Shift+K, "${TAG}", Enter, Ctrl+S → PATCH at Kustomer, tag list kept${tagNote(patch.product)}`, patch.product.map((x) => x.patch), patch.floor.map((x) => x.patch), 2),
  );
  rows.push(
    compared('shortcut.patch.tagsCold', `Real keys: Alt+Shift+K, "${TAG}", Enter, Ctrl+S → PATCH at Kustomer, tag list cold${tagNote(patch.productCold)}`, patch.productCold.map((x) => x.patch), patch.floor.map((x) => x.patch)),
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The trace's timeline

/**
 * The traced press as a list of moments, in ms after the key press: trace timestamps (µs of the
 * browser's monotonic clock) are placed through the clock mark made in the reader just before.
 */
function timeline(trace) {
  const { events, clock, result, requests } = trace;
  const mark = events.find((e) => e.name === 'shortcut-bench:clock');
  if (!mark) return { rows: [], missing: ['the clock mark (blink.user_timing): no timeline'] };
  const at = (e) => e.ts / 1000 - mark.ts / 1000 + clock - result.key;
  const inWindow = events.filter((e) => e.ph !== 'M' && at(e) >= -5 && at(e) <= result.ready + 300).sort((a, b) => a.ts - b.ts);
  const args = (e) => JSON.stringify(e.args ?? {});
  const first = (test, after = -Infinity) => inWindow.find((e) => at(e) >= after && test(e));
  const within = (outer, inner) => inner.pid === outer.pid && inner.tid === outer.tid && inner.ts >= outer.ts && inner.ts <= outer.ts + (outer.dur ?? 0);
  const rows = [{ what: 'key press (Date.now() before xdotool starts)', ms: 0, event: 'node' }];
  const missing = [];
  const add = (what, e, how = `${e?.cat} ${e?.name}`) => (e ? rows.push({ what, ms: at(e), event: how }) : missing.push(what));

  add('key reaches the browser (the modifiers, sent on to the page; the K itself is taken as the shortcut)', first((e) => /^InputLatency::(RawKeyDown|KeyDown)$/.test(e.name)));
  const requested = first((e) => e.name === 'ServiceWorkerVersion::StartWorkerRequested');
  add('worker start asked', requested);
  const evaluated = first((e) => e.name === 'EvaluateScript' && /background\.js/.test(args(e)));
  add('worker script evaluation starts', evaluated);
  if (evaluated?.dur) rows.push({ what: 'worker script evaluation ends', ms: at(evaluated) + evaluated.dur / 1000, event: `EvaluateScript, ${(evaluated.dur / 1000).toFixed(1)} ms` });
  const started = first((e) => e.name === 'ServiceWorkerVersion::StartWorkerFinished');
  add('worker running', started);
  add('commands.onCommand reaches the worker', first((e) => e.name === 'Receive mojo message' && /extensions\.mojom\.EventDispatcher/.test(args(e)), started ? at(started) : -Infinity), 'mojo extensions.mojom.EventDispatcher on the worker thread (the trace does not name the event)');
  const created = first((e) => e.name === 'WebContentsImpl::CreateWithOpener');
  const dispatch = created && inWindow.find((e) => e.name === 'ExtensionFunctionDispatcher::DispatchForServiceWorker' && within(e, created));
  if (dispatch) add('openPopup call handled in the browser', dispatch, 'ExtensionFunctionDispatcher::DispatchForServiceWorker creating the popup (the trace does not name the function)');
  else missing.push('openPopup call (no extension function dispatch creating the popup)');
  add("popup's WebContents created", created);
  const widget = first((e) => e.name === 'Widget::Init', created ? at(created) : -Infinity);
  const task = widget && inWindow.filter((e) => e.ph === 'X' && /RunTask$/.test(e.name) && e.args?.src_file && within(e, widget)).at(-1);
  add("popup's window created", widget, task ? `Widget::Init, in a task posted by ${task.args.src_file.split('/').pop()} ${task.args.src_func}` : 'Widget::Init');
  add('popup navigation starts (popup.html requested)', first((e) => e.name === 'NavigationControllerImpl::LoadURLWithParamsForResult' && /popup\.html/.test(args(e))));
  const navigation = first((e) => e.name === 'navigationStart' && /popup\.html/.test(args(e)));
  add('popup document start (navigationStart)', navigation);
  const frame = navigation?.args?.frame;
  add('popup document committed', first((e) => e.name === 'commitNavigationEnd' && e.args?.frame === frame, navigation ? at(navigation) : -Infinity));
  for (const e of inWindow.filter((e) => e.name === 'ResourceSendRequest' && e.args?.data?.frame === frame && /\.(js|css)$/.test(e.args.data.url ?? ''))) {
    add(`popup requests ${e.args.data.url.replace(/^chrome-extension:\/\/[^/]+\//, '')}`, e, 'ResourceSendRequest');
  }
  add("worker's fetch to Kustomer sent", first((e) => e.name === 'ResourceSendRequest' && /kustomerapp\.com/.test(e.args?.data?.url ?? '')));
  rows.push(...requests.map((r) => ({ ...r, event: 'sandbox request log' })));
  const navigationId = navigation?.args?.data?.navigationId;
  add('popup first paint', first((e) => e.name === 'firstPaint' && e.args?.data?.navigationId === navigationId));
  add('popup first contentful paint', first((e) => e.name === 'firstContentfulPaint' && e.args?.data?.navigationId === navigationId));
  rows.push({ what: 'popup document start (performance.timeOrigin)', ms: result.docStart, event: 'the popup' });
  rows.push({ what: 'customer shown, "Add tag" focused', ms: result.ready, event: 'MutationObserver on the popup' });
  rows.sort((a, b) => a.ms - b.ms);
  return { rows, missing };
}

// ---------------------------------------------------------------------------------------------

/** Every press and the trace; both browsers open for the whole section. */
export async function measureShortcuts({ presses = 11, pinned = false, executablePath = findChromium(), log = (line) => process.stderr.write(line) } = {}) {
  const started = Date.now();
  ensureTools({ needXvfb: false });
  const { startSandbox, SANDBOX_ORG } = await import('../../sandbox/server.mjs');
  const sandbox = await startSandbox({ port: 0 });
  const reset = () => {
    sandbox.reset();
    sandbox.settings.rateLimit = 100_000;
  };
  reset();
  const customer = sandbox.customerIds[0];
  if (sandbox.customer(customer)?.name !== NAME) throw new Error(`the sandbox's first customer is not ${NAME}`);
  const sides = [];
  try {
    for (const kind of ['product', 'floor']) sides.push(await openSide(kind, { sandbox, executablePath, customer, org: SANDBOX_ORG, pinned }));
    const [product, floor] = sides;
    const samples = Object.fromEntries(CONFIGS.map((c) => [c.id, { product: [], floor: [] }]));
    samples.patch = { product: [], productCold: [], floor: [] };
    const total = WARMUP + presses;
    for (let i = 0; i < total; i++) {
      const order = i % 2 ? [floor, product] : [product, floor];
      for (const c of CONFIGS) {
        for (const side of order) {
          const r = await press(side, SHORTCUTS[c.keys], { worker: c.worker });
          if (i >= WARMUP) samples[c.id][side.kind].push(r);
        }
      }
      log(`\rshortcut presses: round ${i + 1}/${total}`);
    }
    log('\n');
    for (let i = 0; i < total; i++) {
      const steps = [
        ['product', () => pressToPatch(product, sandbox)],
        ['floor', () => pressToPatch(floor, sandbox)],
        ['productCold', () => clearTagList(product.reader).then(() => pressToPatch(product, sandbox))],
      ];
      for (const [kind, step] of i % 2 ? steps.reverse() : steps) {
        reset();
        const r = await step();
        if (r.status !== 200) throw new Error(`${kind}: the PATCH was answered ${r.status}`);
        if (i >= WARMUP) samples.patch[kind].push(r);
      }
      log(`\rshortcut → PATCH: round ${i + 1}/${total}`);
    }
    log('\n');
    const trace = await tracePress(product, SHORTCUTS.u, sandbox);
    const rows = figures(samples);
    return { rows, samples, trace, durationMs: Date.now() - started };
  } finally {
    for (const side of sides) await side.browser.close();
    await sandbox.close();
  }
}

function report({ rows, trace, durationMs, samples }) {
  const lines = ['| figure | product | floor | ratio | budget | |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.label} | ${r.text} | ${r.baselineText ?? ''} | ${r.ratio ? r.ratio.toFixed(2) : ''} | ${r.budget ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL'} |`);
  const all = Object.values(samples).flatMap((s) => Object.values(s).flat());
  const late = all.filter((x) => x.seenLate).length;
  const xdotool = summarize(all.map((x) => x.xdotool));
  lines.push('', `xdotool key (process start to exit, inside every figure): ${spread(xdotool)}. Popups first seen already ready: ${late} of ${all.length}.`);
  const atEnter = (list) => {
    const seen = list.map(({ atEnter: e }) => (!e ? 'no Enter seen' : e.highlighted ? `"${e.options[0] ?? ''}" offered, one highlighted` : e.options.length ? `offered ${e.options.join(' / ')}, none highlighted` : 'no list shown'));
    const counts = {};
    for (const s of seen) counts[s] = (counts[s] ?? 0) + 1;
    return Object.entries(counts).map(([s, n]) => `${s} ×${n}`).join('; ');
  };
  const offeredLater = (list) => {
    const gaps = list.filter((x) => x.atEnter && x.offered).map((x) => x.offered.at - x.atEnter.at);
    return gaps.length ? `; its first option ("${list.find((x) => x.offered)?.offered.text}") showed ${spread(summarize(gaps))} after Enter` : '; no option showed before the save';
  };
  for (const [kind, label] of [['product', 'tag list kept'], ['productCold', 'tag list cold']]) {
    const list = samples.patch[kind];
    lines.push(`"Add tag" when Enter went down, ${label}: ${atEnter(list)}${offeredLater(list)}.`);
  }
  const t = timeline(trace);
  lines.push('', 'Trace of one Alt+Shift+U press, worker stopped (ms after the key press):', '');
  for (const r of t.rows) lines.push(`  ${r.ms.toFixed(1).padStart(7)}  ${r.what}  [${r.event}]`);
  if (t.missing.length) lines.push(`  not in the trace: ${t.missing.join('; ')}`);
  lines.push('', `Shortcut section: ${(durationMs / 1000).toFixed(0)} s.`);
  return { text: lines.join('\n'), timeline: t };
}

/** Writes the samples, the timeline and the raw trace to bench-results/. */
function save(result, timelineRows, name) {
  mkdirSync(RESULTS, { recursive: true });
  const { trace, ...rest } = result;
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify({ date: new Date().toISOString(), ...rest, trace: { result: trace.result, clock: trace.clock, requests: trace.requests, timeline: timelineRows } }, null, 2));
  writeFileSync(join(RESULTS, `${name}-trace.json`), JSON.stringify({ traceEvents: trace.events }));
  console.log(`\nJSON: ${join(RESULTS, `${name}.json`)}; trace (chrome://tracing, Perfetto): ${join(RESULTS, `${name}-trace.json`)}`);
}

/**
 * The figure rows for bench.mjs (id, label, unit, value, text, baselineText, ratio, budget, pass),
 * measured here when there is a display, else by this module re-run under `xvfb-run -a`.
 */
export async function shortcutRows({ presses = 11, pinned = false } = {}) {
  if (process.env.DISPLAY) {
    const result = await measureShortcuts({ presses, pinned });
    const { text, timeline: t } = report(result);
    const how = pinned ? 'both actions pinned to the toolbar' : 'actions not pinned (as installed)';
    console.log(`\nShortcuts, real key presses (headed Chromium, Xvfb; ${how}), median [p25–p75] of ${presses} presses, product and floor interleaved:\n\n${text}`);
    save(result, t, pinned ? 'shortcut-pinned' : 'shortcut');
    return result.rows;
  }
  const out = join(tmpdir(), `shortcut-rows-${process.pid}.json`);
  try {
    const code = await underXvfb(['--no-build', '--presses', String(presses), ...(pinned ? ['--pinned'] : []), '--rows-out', out]);
    if (code !== 0) throw new Error(`the shortcut bench under xvfb-run exited with ${code}`);
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(out, { force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: args } = parseArgs({
    options: { presses: { type: 'string', default: '11' }, pinned: { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false }, 'rows-out': { type: 'string' } },
  });
  process.chdir(ROOT);
  if (!process.env.DISPLAY) {
    process.exitCode = await underXvfb(process.argv.slice(2));
  } else {
    if (!args['no-build'] || !existsSync(PRODUCT)) {
      process.stderr.write('Building the production extension…\n');
      if (spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) throw new Error('wxt build failed');
    }
    const rows = await shortcutRows({ presses: Math.max(3, Number(args.presses) || 11), pinned: args.pinned });
    if (args['rows-out']) writeFileSync(args['rows-out'], JSON.stringify(rows));
    else if (rows.some((r) => r.pass === false)) {
      console.log(`Over budget: ${rows.filter((r) => r.pass === false).map((r) => r.label).join('; ')}`);
      process.exitCode = 1;
    }
  }
}
