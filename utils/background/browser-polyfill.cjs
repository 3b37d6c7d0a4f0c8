/**
 * What `wxt/browser` is in the background's build (wxt.config.ts): webextension-polyfill's
 * `browser`, handed over as the one property of this object. Imported directly, the bundler's
 * CommonJS interop copies every property of what the polyfill exports (in Chrome and Firefox MV3,
 * the browser's own `browser`), and reading each one's descriptor builds that API namespace: 4–13 ms
 * of every start of the worker, before it can answer. tests/unit/build-output.test.ts holds the
 * background to it.
 */
module.exports = { browser: require('webextension-polyfill') };
