// The least work that shows a customer and saves a tag: one fetch each, no framework, no
// messaging, no validation. The benchmark compares the product with this.
// The bench stores org, customer and key in this extension's storage before opening the page
// (the product reads its key from IndexedDB: both pay for one storage read).
let base;
let headers;
let tags = [];

chrome.storage.local
  .get(['org', 'customer', 'key'])
  .then(({ org, customer, key }) => {
    base = `https://${org}.api.kustomerapp.com/v1/customers/${customer}`;
    headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
    return fetch(base, { headers });
  })
  .then((r) => r.json())
  .then(({ data }) => {
    tags = data.attributes.tags;
    document.querySelector('.tags').textContent = tags.join(', ');
    document.querySelector('.customer-name').textContent = data.attributes.name;
  });

document.querySelector('#save').addEventListener('click', async () => {
  const tag = document.querySelector('input').value.trim();
  const response = await fetch(base, { method: 'PATCH', headers, body: JSON.stringify({ tags: [...tags, tag] }) });
  const { data } = await response.json();
  tags = data.attributes.tags;
  const notice = document.querySelector('.notice');
  notice.className = 'notice notice-success';
  notice.textContent = 'Saved.';
});
