/**
 * The browser's own promise-based extension API, for the popup, the options page and the
 * content script: MV3 Chrome and Firefox both provide it, and these use only calls that return
 * promises and listeners that answer through `sendResponse`. The background uses
 * webextension-polyfill through `wxt/browser`. The content script's build still bundles the
 * polyfill too: WXT's content-script context (`ctx`, from `defineContentScript`) imports
 * `wxt/browser`, which the polyfill module aliases for every entrypoint.
 */
export { browser } from '@wxt-dev/browser';
