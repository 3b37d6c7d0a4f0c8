import { defineConfig } from 'wxt';
import { fileURLToPath } from 'node:url';
import type { Alias, AliasOptions } from 'vite';
import preact from '@preact/preset-vite';

/**
 * `resolve.alias` with `wxt/browser` pointing at `replacement` instead of what the polyfill module
 * set: its entry is dropped and this one goes first (the first match wins).
 */
function withBrowserAlias(alias: AliasOptions | undefined, replacement: string): Alias[] {
  const entries: Alias[] = Array.isArray(alias)
    ? [...alias]
    : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }));
  return [{ find: 'wxt/browser', replacement }, ...entries.filter((entry) => entry.find !== 'wxt/browser')];
}

/** What `wxt/browser` is in each build but the pages' (which import utils/extension-api.ts). */
const BROWSER_API = {
  // The browser's own promise-based API (as utils/extension-api.ts), without webextension-polyfill.
  'content-script': '@wxt-dev/browser',
  // webextension-polyfill's `browser`, without the bundler's interop copying each API namespace.
  background: fileURLToPath(new URL('./utils/background/browser-polyfill.cjs', import.meta.url)),
} as const;

// Kustomer's API hosts: the org host (routes to the org's region) and the two generic hosts.
const KUSTOMER_API_HOSTS = [
  'https://*.api.kustomerapp.com/*',
  'https://api.kustomerapp.com/*',
  'https://api.prod2.kustomerapp.com/*',
];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Every module imports what it uses: explicit imports, no globals guessed from names.
  imports: false,
  // modulePreload off: extension pages load from disk, and the helper it adds would cost 1.2 kB gzip.
  vite: () => ({ plugins: [preact()], build: { modulePreload: false } }),
  manifestVersion: 3,
  hooks: {
    // The background keeps webextension-polyfill (`wxt/browser`, aliased by the module above), read
    // through utils/background/browser-polyfill.cjs. The content script, loaded on every Kustomer
    // page, needs none of it: WXT's content-script context (`ctx`) is the one importer of
    // `wxt/browser` there, and it gets the browser's own API. tests/unit/build-output.test.ts
    // checks both bundles.
    'vite:build:extendConfig': (entrypoints, config) => {
      const type = entrypoints[0]?.type;
      if (type !== 'content-script' && type !== 'background') return;
      if (!entrypoints.every((entrypoint) => entrypoint.type === type)) return;
      config.resolve = { ...config.resolve, alias: withBrowserAlias(config.resolve?.alias, BROWSER_API[type]) };
    },
  },
  // The sources zip Firefox's review asks for: what builds the extension, not pictures or results.
  zip: { excludeSources: ['docs/**', '.sandbox/**', 'bench-results/**', 'tests/**'] },
  manifest: ({ browser }) => ({
    name: 'Kustomer Customer Updater',
    short_name: 'Kustomer Updater',
    description:
      'Update Kustomer customers (tags, contact details, every attribute) from the pages you already work in.',
    // activeTab: the popup reads the address of the tab it was opened on (which customer).
    // storage: the agent's badge preference (no secret: the key lives in IndexedDB), and the
    // customer handed from the menu or shortcut to the popup (storage.session).
    // contextMenus: right-click "Update customer". alarms: retrying saves kept in the outbox.
    // identity: the "Sign in with Kustomer" window (launchWebAuthFlow) and its redirect URL.
    permissions: ['activeTab', 'storage', 'contextMenus', 'alarms', 'identity'],
    commands: {
      _execute_action: {
        suggested_key: { default: 'Alt+Shift+K', mac: 'Alt+Shift+K' },
        description: 'Open the customer editor (toolbar popup)',
      },
      'update-customer': {
        suggested_key: { default: 'Alt+Shift+U', mac: 'Alt+Shift+U' },
        description: "Update the current page's customer",
      },
      // The side panel beside the page: Chrome opens it from the command's handler (sidePanel.open
      // before any await); Firefox's sidebar has its own command.
      ...(browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+L', mac: 'Alt+Shift+L' }, description: 'Open the customer side panel' } }
        : { 'open-side-panel': { suggested_key: { default: 'Alt+Shift+L', mac: 'Alt+Shift+L' }, description: 'Open the customer side panel' } }),
    },
    host_permissions: KUSTOMER_API_HOSTS,
    // What an org may deploy (storage.managed): Chrome applies policy values only against a
    // schema; Firefox has none and takes its policies.json or managed-storage manifest as given.
    ...(browser !== 'firefox' && { storage: { managed_schema: 'managed_schema.json' } }),
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'customer-updater@kustomer-tools.example',
          strict_min_version: '140.0', // data_collection_permissions exists from 140
          // Firefox asks every add-on to declare what it collects: nothing leaves the browser
          // except the edits the agent sends to their own Kustomer org.
          data_collection_permissions: { required: ['none'] },
        } as Record<string, unknown>,
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});
