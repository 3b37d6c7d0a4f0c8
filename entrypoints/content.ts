export default defineContentScript({
  matches: ['https://*.kustomerapp.com/*'],
  main() {},
});
