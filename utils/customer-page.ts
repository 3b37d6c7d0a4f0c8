/**
 * Which customer a Kustomer agent-app URL shows. A pure function with its table of URLs it
 * must and must not recognise (tests/unit/customer-page.test.ts runs the table).
 */

const AGENT_HOST = /^[a-z0-9-]+\.kustomerapp\.com$/i;
const CUSTOMER_PATH = /^\/app\/customers\/([0-9a-f]{24})(?:\/|$)/i;

/** The customer id of `https://{org}.kustomerapp.com/app/customers/{id}[/event/{conversationId}]`. */
export function customerIdFromUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !AGENT_HOST.test(parsed.hostname) || /\.api\./i.test(parsed.hostname)) return undefined;
  return CUSTOMER_PATH.exec(parsed.pathname)?.[1]?.toLowerCase();
}

export const CUSTOMER_URL_TABLE: { url: string; customerId: string | undefined }[] = [
  { url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953', customerId: '58210c3db0f09110006b7953' },
  { url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953/', customerId: '58210c3db0f09110006b7953' },
  { url: 'https://acme.kustomerapp.com/app/customers/58210C3DB0F09110006B7953?tab=info', customerId: '58210c3db0f09110006b7953' },
  {
    url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953/event/58228e05d4e96711004eccb7',
    customerId: '58210c3db0f09110006b7953',
  },
  { url: 'https://acme-eu.kustomerapp.com/app/customers/58210c3db0f09110006b7953#x', customerId: '58210c3db0f09110006b7953' },
  { url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b79531', customerId: undefined },
  { url: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b795', customerId: undefined },
  { url: 'https://acme.kustomerapp.com/app/conversations/58228e05d4e96711004eccb7', customerId: undefined },
  { url: 'https://acme.kustomerapp.com/app/customers', customerId: undefined },
  { url: 'http://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953', customerId: undefined },
  { url: 'https://acme.kustomerapp.com.evil.example/app/customers/58210c3db0f09110006b7953', customerId: undefined },
  { url: 'https://acme.api.kustomerapp.com/app/customers/58210c3db0f09110006b7953', customerId: undefined },
  { url: 'https://example.com/app/customers/58210c3db0f09110006b7953', customerId: undefined },
  { url: 'not a url', customerId: undefined },
];
