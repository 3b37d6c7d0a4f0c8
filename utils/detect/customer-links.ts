/**
 * Customer links in a Kustomer page: `<a href="/app/customers/{id}">` in search results, lists and
 * timelines. A pure detector with its table (tests/unit/detectors.test.ts runs it).
 */
import { isAgentAppUrl, pageContextFromUrl } from '@/utils/detect/customer-page';

/** `/app/customers/{id}` (with a query or fragment) on the page's own host: no URL to build. */
const OWN_HOST_CUSTOMER = /^\/app\/customers\/([0-9a-f]{24})\/?(?:[?#]|$)/i;
/** The last page address asked about, and whether it is the agent app's (links resolve against it). */
let lastPage: { url: string; agentApp: boolean } | undefined;

/** The customer a link points at, resolved against the page's address; undefined for any other link. */
export function customerIdFromHref(href: string | null, pageUrl: string): string | undefined {
  if (!href || href.length > 2048) return undefined;
  // The common case on a Kustomer page, read directly; anything else is resolved as a URL.
  const own = OWN_HOST_CUSTOMER.exec(href);
  if (own) {
    if (lastPage?.url !== pageUrl) lastPage = { url: pageUrl, agentApp: isAgentAppUrl(pageUrl) };
    return lastPage.agentApp ? own[1]!.toLowerCase() : undefined;
  }
  let url: string;
  try {
    url = new URL(href, pageUrl).href;
  } catch {
    return undefined;
  }
  return pageContextFromUrl(url).customerId;
}

/** The CSS selector that finds candidate links fast; the detector decides. */
export const CUSTOMER_LINK_SELECTOR = 'a[href*="/customers/"]';

export const CUSTOMER_LINK_TABLE: { html: string; customerId: string | undefined }[] = [
  { html: '<a href="/app/customers/58210c3db0f09110006b7953">Ada</a>', customerId: '58210c3db0f09110006b7953' },
  { html: '<a href="/app/customers/58210c3db0f09110006b7953/">Ada</a>', customerId: '58210c3db0f09110006b7953' },
  { html: '<a href="/app/customers/58210C3DB0F09110006B7953?tab=events">Ada</a>', customerId: '58210c3db0f09110006b7953' },
  {
    html: '<a href="https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953/event/58228e05d4e96711004eccb7">x</a>',
    customerId: '58210c3db0f09110006b7953',
  },
  { html: '<a href="https://acme-eu.kustomerapp.com/app/customers/58210c3db0f09110006b7953#top">x</a>', customerId: '58210c3db0f09110006b7953' },
  { html: '<a href="app/customers/58210c3db0f09110006b7953">relative to /app/customers/…</a>', customerId: undefined },
  { html: '<a href="/app/customers/58210c3db0f09110006b79531">one hex too many</a>', customerId: undefined },
  { html: '<a href="/app/customers/x58210c3db0f09110006b7953">prefixed</a>', customerId: undefined },
  { html: '<a href="/app/conversations/58228e05d4e96711004eccb7">a conversation</a>', customerId: undefined },
  { html: '<a href="/app/customers">the list</a>', customerId: undefined },
  { html: '<a href="https://evil.example/app/customers/58210c3db0f09110006b7953">elsewhere</a>', customerId: undefined },
  { html: '<a href="javascript:alert(1)//app/customers/58210c3db0f09110006b7953">script</a>', customerId: undefined },
  { html: '<a>no href</a>', customerId: undefined },
  { html: '<a href="/app/customers/58210c3db0f09110006b7953/../58210c3db0f09110006b7954">dot segments</a>', customerId: '58210c3db0f09110006b7954' },
  { html: '<a href="/app/customers/58210c3db0f09110006b7953#events">fragment</a>', customerId: '58210c3db0f09110006b7953' },
];
