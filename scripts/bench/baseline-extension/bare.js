// The least work that shows a customer and saves a tag: one fetch each, no framework, no
// messaging, no validation. The benchmark compares the product with this.
const params = new URLSearchParams(location.hash.slice(1));
const base = `https://${params.get('org')}.api.kustomerapp.com/v1/customers/${params.get('customer')}`;
const headers = { Authorization: `Bearer ${params.get('key')}`, 'Content-Type': 'application/json' };
let tags = [];

fetch(base, { headers })
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
