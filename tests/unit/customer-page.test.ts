import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGE_URL_TABLE, pageContextFromUrl } from '@/utils/detect/customer-page';

describe('page context from an agent-app URL', () => {
  it.each(PAGE_URL_TABLE)('$url -> customer $customerId, conversation $conversationId', ({ url, customerId, conversationId }) => {
    const context = pageContextFromUrl(url);
    expect(context.customerId).toBe(customerId);
    expect(context.conversationId).toBe(conversationId);
  });
});

/** The parser's answer, the way the detector read every address before it had a fast path. */
function parsedContext(url: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {};
  }
  if (parsed.protocol !== 'https:' || !/^[a-z0-9-]+\.kustomerapp\.com$/i.test(parsed.hostname) || /\.api\./i.test(parsed.hostname)) return {};
  const customer = /^\/app\/customers\/([0-9a-f]{24})(?:\/event\/([0-9a-f]{24}))?(?:\/|$)/i.exec(parsed.pathname);
  if (customer) return { customerId: customer[1]!.toLowerCase(), ...(customer[2] && { conversationId: customer[2].toLowerCase() }) };
  const conversation = /^\/app\/conversations\/([0-9a-f]{24})(?:\/|$)/i.exec(parsed.pathname);
  return conversation ? { conversationId: conversation[1]!.toLowerCase() } : {};
}

describe('addresses read without a URL object', () => {
  const piece = fc.constantFrom(
    'https://', 'HTTPS://', 'http://', 'acme', 'ACME', 'acme-eu', '.', '..', '/', '\\', '%2F', '%61', '?', '#', '@', ':', ':443', ':8443', ' ', '\t', '\n',
    'kustomerapp.com', '.kustomerapp.com', 'api.', 'user@', 'app', 'customers', 'conversations', 'event', '58210c3db0f09110006b7953', '58210C3DB0F09110006B7953',
    '58228e05d4e96711004eccb7', 'x', '~', '!', '$', '&', "'", '(', '*', '+', ',', ';', '=', '-', '_', 'é',
  );
  const origin = fc.constantFrom(
    'https://acme.kustomerapp.com', 'https://acme-eu.kustomerapp.com', 'https://Acme.kustomerapp.com', 'https://acme.api.kustomerapp.com', 'https://acme.kustomerapp.com:443',
  );
  const address = fc.oneof(
    fc.array(piece, { maxLength: 14 }).map((parts) => parts.join('')),
    fc.tuple(origin, fc.array(piece, { maxLength: 10 })).map(([start, parts]) => start + parts.join('')),
    fc.tuple(origin, fc.array(piece, { maxLength: 6 })).map(([start, parts]) => `${start}/app/customers/58210c3db0f09110006b7953${parts.join('')}`),
  );

  it('give the answers the URL parser gives', () => {
    fc.assert(
      fc.property(address, (url) => {
        expect(pageContextFromUrl(url), url).toEqual(parsedContext(url));
      }),
      { numRuns: 20_000 },
    );
  });
});
