import { defineContentScript } from 'wxt/utils/define-content-script';
import { watchLocation } from '@/utils/detect/location-watcher';
import { startPageSession } from '@/utils/detect/page-session';

export default defineContentScript({
  matches: ['https://*.kustomerapp.com/*'],
  // A newer copy of this script (after an update) stops the old one through a DOM event only:
  // no `postMessage` into the page, whose own message listeners would all run for it on every
  // Kustomer page, and which would tell the page the extension's id. Every release has listened
  // for the DOM event (WXT 0.21), so nothing that listens only for the message is left to stop.
  noScriptStartedPostMessage: true,
  main(ctx) {
    startPageSession(document, location, {
      onInvalidated: (run) => ctx.onInvalidated(run),
      onLocationChange: (run) => ctx.onInvalidated(watchLocation(window, run)),
    });
  },
});
