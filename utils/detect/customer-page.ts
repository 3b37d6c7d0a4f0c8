/**
 * Which customer a Kustomer agent-app URL shows. A pure function with its table of URLs it
 * must and must not recognise (tests/unit/customer-page.test.ts runs the table).
 */

const AGENT_HOST = /^[a-z0-9-]+\.kustomerapp\.com$/i;
const CUSTOMER_PATH = /^\/app\/customers\/([0-9a-f]{24})(?:\/event\/([0-9a-f]{24}))?(?:\/|$)/i;
const CONVERSATION_PATH = /^\/app\/conversations\/([0-9a-f]{24})(?:\/|$)/i;

/** What an agent-app page is about: a customer, a conversation, or both. */
export interface PageContext {
  customerId?: string;
  conversationId?: string;
}

/**
 * An agent-app address as the browser writes it (`location.href`, a tab's `url`, `URL.href`):
 * one lowercase label before `.kustomerapp.com` (so never the API host), no user or port, a path
 * of characters the URL parser keeps as they are (no dot, so no dot segment; no percent escape).
 * For these the path is read straight off the string, as `new URL` would give it: a Kustomer
 * page's first look builds no URL object, which is about half a millisecond of the page's script
 * time (a unit property test holds the two readings to the same answers). Anything else is parsed.
 */
const CANONICAL_AGENT_URL = /^https:\/\/[a-z0-9-]+\.kustomerapp\.com((?:\/[A-Za-z0-9\-_~!$&'()*+,;=:@]*)*)(?:[?#][^\s\\]*)?$/;

/** The path of an agent-app URL (`https://{org}.kustomerapp.com/...`), or undefined for any other URL. */
function agentAppPath(url: string): string | undefined {
  const canonical = CANONICAL_AGENT_URL.exec(url);
  if (canonical) return canonical[1] || '/';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !AGENT_HOST.test(parsed.hostname) || /\.api\./i.test(parsed.hostname)) return undefined;
  return parsed.pathname;
}

/** Whether a URL is the agent app's (`https://{org}.kustomerapp.com/...`). */
export const isAgentAppUrl = (url: string): boolean => agentAppPath(url) !== undefined;

/**
 * `/app/customers/{id}`, `/app/customers/{id}/event/{conversationId}`, `/app/conversations/{id}`
 * on `https://{org}.kustomerapp.com`.
 */
export function pageContextFromUrl(url: string): PageContext {
  const path = agentAppPath(url);
  if (path === undefined) return {};
  const customer = CUSTOMER_PATH.exec(path);
  if (customer) {
    return { customerId: customer[1]!.toLowerCase(), ...(customer[2] && { conversationId: customer[2].toLowerCase() }) };
  }
  const conversation = CONVERSATION_PATH.exec(path);
  return conversation ? { conversationId: conversation[1]!.toLowerCase() } : {};
}

export const PAGE_URL_TABLE: { url: string; customerId: string | undefined; conversationId?: string }[] = [
  { url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953', customerId: '58210c3db0f09110006b7953' },
  { url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953/', customerId: '58210c3db0f09110006b7953' },
  { url: 'https://acme.kustomerapp.com/app/customers/58210C3DB0F09110006B7953?tab=info', customerId: '58210c3db0f09110006b7953' },
  {
    url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953/event/58228e05d4e96711004eccb7',
    customerId: '58210c3db0f09110006b7953',
    conversationId: '58228e05d4e96711004eccb7',
  },
  {
    url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953/event/58228e05',
    customerId: '58210c3db0f09110006b7953',
  },
  { url: 'https://acme-eu.kustomerapp.com/app/customers/58210c3db0f09110006b7953#x', customerId: '58210c3db0f09110006b7953' },
  { url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b79531', customerId: undefined },
  { url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b795', customerId: undefined },
  { url: 'https://acme.kustomerapp.com/app/conversations/58228e05d4e96711004eccb7', customerId: undefined, conversationId: '58228e05d4e96711004eccb7' },
  { url: 'https://acme.kustomerapp.com/app/conversations/58228E05D4E96711004ECCB7/', customerId: undefined, conversationId: '58228e05d4e96711004eccb7' },
  { url: 'https://acme.kustomerapp.com/app/conversations/58228e05d4e96711004eccb7x', customerId: undefined },
  { url: 'https://acme.kustomerapp.com/app/customers', customerId: undefined },
  { url: 'http://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953', customerId: undefined },
  { url: 'https://acme.kustomerapp.com.evil.example/app/customers/58210c3db0f09110006b7953', customerId: undefined },
  { url: 'https://acme.api.kustomerapp.com/app/customers/58210c3db0f09110006b7953', customerId: undefined },
  { url: 'https://example.com/app/customers/58210c3db0f09110006b7953', customerId: undefined },
  { url: 'not a url', customerId: undefined },
];
