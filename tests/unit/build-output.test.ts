// @vitest-environment node
// The production builds for Chrome and Firefox, from the same code: the content script Kustomer
// pages load is small and carries neither webextension-polyfill nor valibot (the background keeps
// the polyfill), and the Firefox manifest has what Firefox needs and nothing of Chrome's that would
// break it. The one unit file that builds: two builds writing one folder at once would break each
// other (scripts/test.mjs builds again only after the unit suite).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const BROWSERS = ['chrome', 'firefox'] as const;
type Browser = (typeof BROWSERS)[number];
const folder = (browser: Browser) => resolve(root, `.output/${browser}-mv3`);
const read = (browser: Browser, file: string) => readFileSync(resolve(folder(browser), file), 'utf8');
let firefox: Record<string, any>;

/** The content script's budget on every Kustomer page, gzip at level 9 (as `npm run bench` measures). */
const CONTENT_SCRIPT_GZIP_BUDGET = 5 * 1024;

/**
 * Strings only webextension-polyfill's code holds (its error messages in
 * node_modules/webextension-polyfill/dist/browser-polyfill.js), and strings every valibot schema
 * brings (its Standard Schema vendor name, its `~run` method). Minifying keeps string literals.
 */
const POLYFILL_MARKERS = ['This script should only be loaded in a browser extension.', 'api-metadata.json has not been included in browser-polyfill'];
const VALIBOT_MARKERS = ['valibot', '~run'];

function bundles(browser: Browser) {
  const manifest = JSON.parse(read(browser, 'manifest.json'));
  const contentScripts: string[] = manifest.content_scripts.flatMap((c: { js: string[] }) => c.js);
  const background: string[] = manifest.background.service_worker ? [manifest.background.service_worker] : manifest.background.scripts;
  /** Every other script the build ships: the background, the pages and their chunks. */
  const others = [...background, ...readdirSync(resolve(folder(browser), 'chunks')).map((f) => `chunks/${f}`)];
  return {
    contentScripts: contentScripts.map((file) => ({ file, code: read(browser, file) })),
    background: background.map((file) => read(browser, file)).join('\n'),
    others: others.map((file) => read(browser, file)).join('\n'),
  };
}

beforeAll(() => {
  for (const args of [['build'], ['build', '-b', 'firefox', '--mv3']]) execFileSync('npx', ['wxt', ...args], { cwd: root, stdio: 'ignore' });
  firefox = JSON.parse(read('firefox', 'manifest.json'));
}, 120_000);

describe.each(BROWSERS)('the %s build’s content script', (browser) => {
  it('is one script, at most 5 kB gzip', () => {
    const { contentScripts } = bundles(browser);
    expect(contentScripts.map((s) => s.file)).toEqual(['content-scripts/content.js']);
    for (const { code } of contentScripts) expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(CONTENT_SCRIPT_GZIP_BUDGET);
  });

  it('carries no webextension-polyfill, which the background keeps', () => {
    const { contentScripts, background } = bundles(browser);
    for (const marker of POLYFILL_MARKERS) {
      expect(background).toContain(marker);
      for (const { code } of contentScripts) expect(code).not.toContain(marker);
    }
  });

  it('carries no valibot, which the extension’s other scripts use', () => {
    const { contentScripts, others } = bundles(browser);
    for (const marker of VALIBOT_MARKERS) {
      expect(others).toContain(marker);
      for (const { code } of contentScripts) expect(code).not.toContain(marker);
    }
  });
});

/**
 * Runs a background bundle in a bare context whose `chrome` and `browser` are stand-ins taking
 * every call (and never answering, as IndexedDB here: only the start is looked at), and returns the API objects whose own properties were listed while it started: the
 * bundler's CommonJS interop lists (and reads the descriptor of) each of `browser`'s namespaces,
 * which in Chrome builds every one of them.
 */
function listedAtStart(code: string): string[] {
  const listed = new Set<string>();
  const api = (path: string): unknown =>
    new Proxy(() => {}, {
      get: (_target, key) => (key === 'then' ? undefined : key === 'id' ? 'test-extension' : key === 'getURL' ? (p: string) => `chrome-extension://test-extension${p}` : api(`${path}.${String(key)}`)),
      apply: () => new Promise(() => {}),
      ownKeys: () => (listed.add(path), []),
      getOwnPropertyDescriptor: () => (listed.add(path), undefined),
    });
  const quiet = { log() {}, warn() {}, error() {}, debug() {}, info() {} };
  const context: Record<string, unknown> = { chrome: api('chrome'), browser: api('browser'), console: quiet, indexedDB: { open: () => ({}) }, setTimeout: () => 0, clearTimeout() {} };
  context.self = context.globalThis = context;
  runInNewContext(code, context);
  return [...listed];
}

describe.each(BROWSERS)('the %s build’s background', (browser) => {
  it('keeps webextension-polyfill and starts without listing the API’s namespaces', () => {
    const { background } = bundles(browser);
    for (const marker of POLYFILL_MARKERS) expect(background).toContain(marker);
    expect(listedAtStart(background)).toEqual([]);
  });
});

describe('the commands in each build', () => {
  it('suggest at most 4 keys per browser, none twice; Alt+Shift+L opens the side panel', () => {
    const chrome = JSON.parse(read('chrome', 'manifest.json'));
    expect(Object.keys(chrome.commands).sort()).toEqual(['_execute_action', 'open-side-panel', 'update-customer']);
    for (const manifest of [chrome, firefox]) {
      const keys = Object.values(manifest.commands as Record<string, { suggested_key?: { default: string } }>).flatMap((c) => (c.suggested_key ? [c.suggested_key.default] : []));
      expect(keys.length).toBeLessThanOrEqual(4);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(chrome.commands['open-side-panel'].suggested_key.default).toBe('Alt+Shift+L');
    expect(firefox.commands._execute_sidebar_action.suggested_key.default).toBe('Alt+Shift+L');
  });
});

describe('the side panel in each build', () => {
  it('is Chrome’s side panel with only the sidePanel permission added, and Firefox’s sidebar that does not open at install', () => {
    const chrome = JSON.parse(read('chrome', 'manifest.json'));
    expect(chrome.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(chrome.permissions.sort()).toEqual(['activeTab', 'alarms', 'contextMenus', 'identity', 'sidePanel', 'storage']);
    expect(chrome.host_permissions.sort()).toEqual(firefox.host_permissions.sort());
    expect(firefox.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html', open_at_install: false });
    for (const browser of BROWSERS) expect(existsSync(resolve(folder(browser), 'sidepanel.html')), browser).toBe(true);
  });
});

describe('Firefox MV3 manifest', () => {
  it('is MV3 with a gecko id, a minimum version and data collection permissions', () => {
    expect(firefox.manifest_version).toBe(3);
    expect(firefox.browser_specific_settings.gecko.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    expect(firefox.browser_specific_settings.gecko.strict_min_version).toMatch(/^\d+\.0$/);
    expect(firefox.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('runs its background as scripts (Firefox has no extension service workers)', () => {
    expect(firefox.background).toEqual({ scripts: ['background.js'] });
  });

  it('asks for the same narrow permissions as the Chrome build, and no <all_urls>', () => {
    expect(firefox.permissions.sort()).toEqual(['activeTab', 'alarms', 'contextMenus', 'identity', 'storage']);
    expect(firefox.host_permissions.sort()).toEqual(['https://*.api.kustomerapp.com/*', 'https://api.kustomerapp.com/*', 'https://api.prod2.kustomerapp.com/*']);
    expect(JSON.stringify(firefox)).not.toMatch(/<all_urls>|\*:\/\/\*\/\*/);
    expect(firefox.content_scripts).toEqual([{ matches: ['https://*.kustomerapp.com/*'], js: ['content-scripts/content.js'] }]);
  });

  it('has the popup, the options page and the commands, the sidebar’s its own', () => {
    expect(firefox.action.default_popup).toBe('popup.html');
    expect(firefox.options_ui.page).toBe('options.html');
    expect(Object.keys(firefox.commands).sort()).toEqual(['_execute_action', '_execute_sidebar_action', 'update-customer']);
  });

  it("passes Mozilla's add-ons linter with no errors", () => {
    let out: string;
    try {
      out = execFileSync('npx', ['addons-linter', '.output/firefox-mv3', '--output', 'json'], { cwd: root, encoding: 'utf8' });
    } catch (error) {
      out = (error as { stdout?: string }).stdout ?? ''; // it exits non-zero when it finds errors
    }
    const report = JSON.parse(out) as { errors: { code: string; message: string }[]; warnings: { code: string }[] };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    // The one warning left is Preact's own innerHTML support in the bundle, never fed customer data.
    expect(report.warnings.map((w) => w.code).filter((c) => c !== 'UNSAFE_VAR_ASSIGNMENT')).toEqual([]);
  }, 60_000);

  it('carries no Chrome-only keys that Firefox refuses or warns about', () => {
    for (const key of ['minimum_chrome_version', 'key', 'side_panel', 'update_url', 'externally_connectable', 'oauth2']) {
      expect(firefox).not.toHaveProperty(key);
    }
    expect(firefox.background).not.toHaveProperty('service_worker');

  });
});
