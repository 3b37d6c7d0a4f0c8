import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPageSession } from '@/utils/detect/page-session';

export default defineContentScript({
  matches: ['https://*.kustomerapp.com/*'],
  main(ctx) {
    startPageSession(document, location, {
      onInvalidated: (run) => ctx.onInvalidated(run),
      onLocationChange: (run) => ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => run(newUrl.href)),
    });
  },
});
