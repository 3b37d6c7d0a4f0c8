// Follows the active tab of its window over a port to its content script; each address naming a
// customer: the previous name cleared, the background asked, the name it answers shown.
const heading = document.querySelector('.customer-name');
let port;
let followed;
function attach(tabId) {
  followed = tabId;
  port?.disconnect();
  port = chrome.tabs.connect(tabId, { name: 'floor' });
  port.onDisconnect.addListener(() => void chrome.runtime.lastError);
  port.onMessage.addListener(async ({ url }) => {
    const id = /\/customers\/([0-9a-f]{24})/.exec(url)?.[1];
    if (!id) return;
    heading.textContent = '';
    heading.textContent = await chrome.runtime.sendMessage({ id });
  });
}
void chrome.windows.getCurrent().then(async ({ id: windowId }) => {
  chrome.tabs.onActivated.addListener((info) => info.windowId === windowId && attach(info.tabId));
  // A tab that loads: its content script is there once it has.
  chrome.tabs.onUpdated.addListener((tabId, change) => tabId === followed && change.status === 'complete' && attach(tabId));
  const [tab] = await chrome.tabs.query({ active: true, windowId });
  if (tab) attach(tab.id);
});
