// Tells the floor panel each address the app navigates to, at the Navigation API's event (as the product's content script does).
const ports = new Set();
chrome.runtime.onConnect.addListener((port) => {
  ports.add(port);
  port.onDisconnect.addListener(() => ports.delete(port));
});
navigation.addEventListener('navigate', (event) => {
  for (const port of ports) port.postMessage({ url: event.destination.url });
});
