/**
 * The browser's own promise-based extension API, for the popup, the options page and the
 * content script: MV3 Chrome and Firefox both provide it, and these use only calls that return
 * promises and listeners that answer through `sendResponse`. The background uses
 * webextension-polyfill through `wxt/browser`. The content script's build resolves `wxt/browser`
 * (imported by WXT's content-script context, `ctx`) to this same API, so it carries no polyfill
 * (wxt.config.ts, `vite:build:extendConfig`).
 */
export { browser } from '@wxt-dev/browser';
