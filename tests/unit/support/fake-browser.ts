// `@wxt-dev/browser` in unit tests: WXT's fake browser, the same object `wxt/browser` gives there.
import { fakeBrowser } from 'wxt/testing/fake-browser';

export const browser = fakeBrowser;
