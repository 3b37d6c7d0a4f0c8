// Fake pages of Kustomer's agent app (`https://{org}.kustomerapp.com/app/...`), rendered on
// the server from the sandbox's store. They are shaped like the real app where the extension
// looks: the customer and conversation URLs, a heading with the customer's name, links to
// other customers, and a few links that navigate like the single-page app (pushState, no
// page load). All text from the store is escaped.
import { CUSTOMER_ATTRIBUTE_METADATA } from './customers.mjs';

/**
 * What the pages read from the sandbox's store.
 * @typedef {object} AgentPageStore
 * @property {string} org
 * @property {() => { id: string, attributes: Record<string, any> }[]} customers
 * @property {(id: string) => Record<string, any> | undefined} customer attributes
 * @property {(id: string) => { id: string, customerId: string, attributes: Record<string, any> } | undefined} conversation
 * @property {(customerId: string) => { id: string, attributes: Record<string, any> }[]} conversationsOf
 */

/** @typedef {{ status: number, headers: Record<string, string>, body: string }} PageResponse */

/** How many other customers the sidebar offers as in-app (pushState) links. */
const SPA_LINK_COUNT = 2;

/**
 * @param {string} method
 * @param {string} path URL path, without the query
 * @param {AgentPageStore} store
 * @returns {PageResponse}
 */
export function renderAgentPage(method, path, store) {
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain' }, body: 'Method not allowed\n' };
  }
  if (path === '/' || path === '/app' || path === '/app/') {
    return { status: 302, headers: { location: '/app/customers', 'content-type': 'text/plain' }, body: '' };
  }
  if (path === '/app/customers' || path === '/app/customers/') return customerListPage(store);

  let match = /^\/app\/customers\/([^/]+)$/.exec(path);
  if (match) return customerPage(store, decode(match[1]));

  match = /^\/app\/customers\/([^/]+)\/event\/([^/]+)$/.exec(path);
  if (match) return customerPage(store, decode(match[1]), decode(match[2]));

  match = /^\/app\/conversations\/([^/]+)$/.exec(path);
  if (match) {
    const conversation = store.conversation(decode(match[1]));
    if (!conversation) return notFoundPage(store, 'Conversation not found');
    return customerPage(store, conversation.customerId, conversation.id);
  }
  return notFoundPage(store, 'Page not found');
}

/**
 * A page for an org the sandbox does not hold.
 * @param {string} org
 * @returns {PageResponse}
 */
export function unknownOrgPage(org) {
  return html(404, `Unknown org | Kustomer`, `<main class="not-found"><h1>No org named ${escapeHtml(org)}</h1></main>`);
}

/** @param {AgentPageStore} store */
function customerListPage(store) {
  const rows = store
    .customers()
    .map(({ id, attributes }) => {
      const email = attributes.emails?.[0]?.email;
      return `<li class="customer-row"><a href="/app/customers/${escapeHtml(id)}">${escapeHtml(attributes.displayName)}</a>${
        email ? ` <span class="customer-email">${escapeHtml(email)}</span>` : ''
      }</li>`;
    })
    .join('\n');
  return html(
    200,
    'Customers | Kustomer',
    layout(store, `<main class="customer-list"><h1>Customers</h1><ul>\n${rows}\n</ul></main>`),
  );
}

/**
 * The customer timeline, optionally with one conversation open (the `/event/` and
 * `/conversations/` routes).
 * @param {AgentPageStore} store
 * @param {string} customerId
 * @param {string} [conversationId]
 */
function customerPage(store, customerId, conversationId) {
  const customer = store.customer(customerId);
  if (!customer) return notFoundPage(store, 'Customer not found');
  const conversation = conversationId ? store.conversation(conversationId) : undefined;
  if (conversationId && (!conversation || conversation.customerId !== customerId)) {
    return notFoundPage(store, 'Conversation not found');
  }

  const name = customer.displayName;
  const main = `<main class="customer-view" data-customer-id="${escapeHtml(customerId)}">
<h1 class="customer-name" id="customer-name">${escapeHtml(name)}</h1>
${customerDetails(customer)}
${timeline(store, customerId, conversationId)}
${conversation ? openConversation(conversation) : ''}
</main>`;
  return html(200, `${name} | Kustomer`, layout(store, main, customerId), SPA_SCRIPT);
}

/** @param {Record<string, any>} customer */
function customerDetails(customer) {
  /** @type {[string, string[]][]} */
  const rows = [
    ['Emails', (customer.emails ?? []).map((/** @type {{ email: string, type: string }} */ e) => `${e.email} (${e.type})`)],
    ['Phones', (customer.phones ?? []).map((/** @type {{ phone: string, type: string }} */ p) => `${p.phone} (${p.type})`)],
    ['Tags', customer.tags ?? []],
    ['External id', customer.externalId ? [customer.externalId] : []],
    ...Object.entries(customer.custom ?? {})
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => {
        const label = CUSTOMER_ATTRIBUTE_METADATA[/** @type {keyof typeof CUSTOMER_ATTRIBUTE_METADATA} */ (key)]?.displayName ?? key;
        return /** @type {[string, string[]]} */ ([label, [String(value)]]);
      }),
  ];
  const items = rows
    .filter(([, values]) => values.length > 0)
    .map(([label, values]) => `<dt>${escapeHtml(label)}</dt><dd>${values.map(escapeHtml).join(', ')}</dd>`)
    .join('\n');
  return `<section class="customer-details"><dl>\n${items}\n</dl></section>`;
}

/**
 * @param {AgentPageStore} store
 * @param {string} customerId
 * @param {string} [openId]
 */
function timeline(store, customerId, openId) {
  const items = store
    .conversationsOf(customerId)
    .map(({ id, attributes }) => {
      const current = id === openId ? ' aria-current="page"' : '';
      return `<li class="timeline-item" data-conversation-id="${escapeHtml(id)}"><a href="/app/customers/${escapeHtml(customerId)}/event/${escapeHtml(id)}"${current}>${escapeHtml(attributes.name)}</a> <span class="status">${escapeHtml(attributes.status)}</span></li>`;
    })
    .join('\n');
  return `<section class="timeline"><h2>Conversations</h2><ul>\n${items || '<li>No conversations yet</li>'}\n</ul></section>`;
}

/** @param {{ id: string, attributes: Record<string, any> }} conversation */
function openConversation({ id, attributes }) {
  return `<article class="conversation" data-conversation-id="${escapeHtml(id)}">
<h2 class="conversation-subject">${escapeHtml(attributes.name)}</h2>
<p>${escapeHtml(attributes.channels.join(', '))} · ${escapeHtml(attributes.status)} · ${attributes.messageCount} messages</p>
</article>`;
}

/**
 * App chrome: top bar and the sidebar of customers. The first few other customers are
 * offered as in-app links (`data-spa`), the way the real app navigates.
 * @param {AgentPageStore} store
 * @param {string} main
 * @param {string} [currentId]
 */
function layout(store, main, currentId) {
  const others = store.customers().filter(({ id }) => id !== currentId);
  const link = (/** @type {{ id: string, attributes: Record<string, any> }} */ { id, attributes }, spa = false) =>
    `<li><a href="/app/customers/${escapeHtml(id)}"${
      spa ? ` data-spa data-customer-id="${escapeHtml(id)}" data-customer-name="${escapeHtml(attributes.displayName)}"` : ''
    }>${escapeHtml(attributes.displayName)}</a></li>`;
  const recent = currentId ? others.slice(0, SPA_LINK_COUNT).map((c) => link(c, true)).join('\n') : '';
  return `<div id="app" class="kustomer-app">
<header class="app-header"><a class="brand" href="/app/customers">Kustomer</a> <span class="org">${escapeHtml(store.org)}</span></header>
<div class="app-body">
<nav class="sidebar" aria-label="Customers">
${recent ? `<h2>Recently viewed</h2><ul class="recent">\n${recent}\n</ul>` : ''}
<h2>All customers</h2><ul class="all-customers">
${others.map((c) => link(c)).join('\n')}
</ul>
</nav>
${main}
</div>
</div>`;
}

/**
 * @param {AgentPageStore} store
 * @param {string} title
 */
function notFoundPage(store, title) {
  return html(404, `${title} | Kustomer`, layout(store, `<main class="not-found"><h1>${escapeHtml(title)}</h1></main>`));
}

// Simulates the single-page app: `data-spa` links change the URL with pushState and rewrite
// the heading in place; back/forward restores it from the history state. Like the real app it
// listens for window messages; it keeps what it got in `window.appMessages` (the tests check
// that the extension sends the page none).
const SPA_SCRIPT = `
(() => {
  window.appMessages = [];
  addEventListener('message', (event) => window.appMessages.push(JSON.stringify(event.data)));
  const heading = document.getElementById('customer-name');
  const view = document.querySelector('.customer-view');
  const show = (state) => {
    heading.textContent = state.name;
    view.dataset.customerId = state.customerId;
    document.title = state.name + ' | Kustomer';
  };
  history.replaceState({ customerId: view.dataset.customerId, name: heading.textContent }, '');
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-spa]') : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const state = { customerId: link.dataset.customerId, name: link.dataset.customerName };
    history.pushState(state, '', link.href);
    show(state);
  });
  addEventListener('popstate', (event) => { if (event.state) show(event.state); });
})();
`;

/**
 * @param {number} status
 * @param {string} title
 * @param {string} body
 * @param {string} [script]
 * @returns {PageResponse}
 */
function html(status, title, body, script) {
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
${script ? `<script>${script}</script>` : ''}
</body>
</html>
`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: page };
}

const STYLE = `
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1d1d28; background: #f4f5f7; }
.app-header { padding: 10px 16px; background: #1d1d28; color: #fff; }
.app-header a { color: #fff; font-weight: 600; text-decoration: none; }
.app-body { display: flex; gap: 16px; padding: 16px; }
.sidebar { width: 220px; }
.sidebar h2, .timeline h2 { font-size: 12px; text-transform: uppercase; color: #666; }
.sidebar ul, .timeline ul { list-style: none; padding: 0; }
main { flex: 1; background: #fff; border-radius: 6px; padding: 16px; }
dt { font-weight: 600; } dd { margin: 0 0 8px; }
`;

/**
 * @param {unknown} value
 * @returns {string}
 */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** @param {string} segment */
function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
