// Static: the name is in the HTML, the input takes focus at once. Enter keeps what is typed as a
// tag, Ctrl+S sends the customer's tags plus those with one fetch (the bench stores the org, key,
// customer, its tag ids and rev, and the org's tag ids by name in storage.local), Esc closes.
const input = document.getElementById('add-tag');
input.focus();
// Ready (name shown, input focused) as soon as this runs: noted for the bench, which may see the popup later.
window.__floorReady = performance.timeOrigin + performance.now();
const added = [];
const settings = chrome.storage.local.get(['org', 'key', 'customer', 'tags', 'rev', 'tagIds']);

input.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || !input.value.trim()) return;
  event.preventDefault();
  added.push(input.value.trim());
  input.value = '';
});

document.addEventListener('keydown', async (event) => {
  if (event.key === 'Escape') return window.close();
  if (!(event.ctrlKey && event.key.toLowerCase() === 's')) return;
  event.preventDefault();
  const { org, key, customer, tags = [], rev, tagIds = {} } = await settings;
  const body = { tags: [...tags, ...added.map((name) => tagIds[name] ?? name)], ...(rev !== undefined && { rev }) };
  await fetch(`https://${org}.api.kustomerapp.com/v1/customers/${customer}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  added.length = 0;
});
