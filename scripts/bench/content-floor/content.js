// The floor the bench measures the product's content script against: the customers linked from
// the page, collected once, and the answer to `page.context`. Plain JS, no library, no badge, no
// watching. When done it writes how many customers it found on <html data-content-floor>, the
// signal the bench waits for.
(() => {
  const CUSTOMER = /^(?:https:\/\/[a-z0-9-]+\.kustomerapp\.com)?\/app\/customers\/([0-9a-f]{24})(?:[/?#]|$)/i;
  const customerIds = new Set();
  for (const link of document.querySelectorAll('a[href*="/app/customers/"]')) {
    const match = CUSTOMER.exec(link.getAttribute('href'));
    if (match) customerIds.add(match[1].toLowerCase());
  }
  chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (message?.type !== 'page.context') return false;
    sendResponse({ customerIds: [...customerIds] });
    return false;
  });
  document.documentElement.setAttribute('data-content-floor', String(customerIds.size));
})();
