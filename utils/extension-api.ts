/**
 * The browser's own promise-based extension API, for the popup, the options page and the content
 * script. MV3 Chrome and Firefox both provide it, and these contexts use only calls that return
 * promises and listeners that answer through `sendResponse`, so they need no polyfill: the popup
 * and the content script have tight size budgets. The background uses webextension-polyfill
 * through `wxt/browser`.
 */
export { browser } from '@wxt-dev/browser';
