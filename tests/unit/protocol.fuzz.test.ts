// @vitest-environment node
// Fuzzing the message protocol and Kustomer's responses: whatever arrives, nothing throws, every
// answer is a Result, and nothing privileged is done for a sender that may not ask.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConversationCustomerId, parseCustomer, parseCustomerList } from '@/utils/kustomer/customer';
import { parseCustomerMetadata } from '@/utils/kustomer/metadata';
import { createKustomerApi } from '@/utils/kustomer/client';
import { parseKustomerErrorBody } from '@/utils/kustomer/errors';
import { createMessageHandler } from '@/utils/background/handler';
import { REQUESTS, REQUEST_TYPES } from '@/utils/messaging/protocol';

const SEED = 20261126;
const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT}/`;
const KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJvcmdOYW1lIjoiYWNtZSJ9.c2ln';
/** Every request type of the protocol table, plus names it does not have. */
const TYPES = [...REQUEST_TYPES, 'page.context', 'settings.drop', ''];
const FIELDS = ['type', 'customerId', 'changes', 'org', 'apiKey', 'by', 'value', 'label', 'conversationId', 'draft', 'ids', 'refresh', 'form', 'remember', '__proto__', 'constructor'];

const anyMessage = fc.oneof(
  fc.anything(),
  fc.record({ type: fc.constantFrom(...TYPES) }, { requiredKeys: ['type'] }),
  // A request type drawn for each sample, with any fields beside it.
  fc.tuple(fc.constantFrom(...TYPES), fc.dictionary(fc.constantFrom(...FIELDS), fc.anything())).map(([type, fields]) => ({ ...fields, type })),
);

/**
 * Senders by what they are, built so: the expectations use what each one is, not a rule of
 * their own about ids and URLs.
 */
type Kind = 'extension page' | 'own content script' | 'other';
const anySender: fc.Arbitrary<{ kind: Kind; sender: Record<string, unknown> }> = fc.oneof(
  fc.constantFrom(`${ORIGIN}popup.html`, `${ORIGIN}options.html`, `${ORIGIN}popup.html?customer=64b7f0c2a1d3e4f5a6b7c801`).map((url) => ({ kind: 'extension page' as const, sender: { id: EXT, url } })),
  fc.constant({ kind: 'extension page' as const, sender: { id: EXT, url: `${ORIGIN}options.html`, tab: { id: 2 }, frameId: 0 } }),
  fc.webUrl().map((url) => ({ kind: 'own content script' as const, sender: { id: EXT, url, tab: { id: 1 }, frameId: 0 } })),
  // A content script in a frame, an extension page framed in a tab, another extension, a web page.
  fc.webUrl().map((url) => ({ kind: 'other' as const, sender: { id: EXT, url, tab: { id: 1 }, frameId: 3 } })),
  fc.constant({ kind: 'other' as const, sender: { id: EXT, url: `${ORIGIN}popup.html`, tab: { id: 1 }, frameId: 5 } }),
  fc.string().map((id) => ({ kind: 'other' as const, sender: { id: id === EXT ? `${id}x` : id, url: `chrome-extension://${id}/popup.html` } })),
  fc.record({ url: fc.option(fc.webUrl()), frameId: fc.option(fc.integer()), tab: fc.option(fc.object()) }, { requiredKeys: [] }).map((sender) => ({ kind: 'other' as const, sender })),
);

describe('message handler under fuzzing', () => {
  it('answers anything with a Result, never throws, never acts for senders that may not ask', async () => {
    let requests = 0;
    const stored = { org: 'acme', apiKey: KEY };
    const saved: unknown[] = [];
    const seen = new Set<string>();
    const handle = createMessageHandler({
      extensionId: EXT,
      extensionOrigin: ORIGIN,
      credentials: { load: async () => ({ ...stored }), save: async (c) => void saved.push(c), clear: async () => void saved.push('cleared') },
      api: {
        fetch: (async () => {
          requests++;
          return new Response('{"data":{"type":"customer","id":"64b7f0c2a1d3e4f5a6b7c801","attributes":{}}}');
        }) as unknown as typeof fetch,
        sleep: async () => {},
      },
    });
    await fc.assert(
      fc.asyncProperty(anyMessage, anySender, async (message, { kind, sender }) => {
        const before = { requests, saved: saved.length };
        const type = (message as { type?: unknown } | null)?.type;
        if (typeof type === 'string') seen.add(type);
        const reply = await handle(message, sender as never);
        expect(reply && typeof reply === 'object' && typeof reply.ok === 'boolean').toBe(true);
        expect(JSON.stringify(reply)).not.toContain(KEY);
        const contentScriptMay = kind === 'own content script' && typeof type === 'string' && (REQUESTS as Record<string, { from: string }>)[type]?.from === 'content script';
        if (kind === 'extension page' || contentScriptMay) return;
        expect(reply).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
        expect(requests).toBe(before.requests);
        expect(saved).toHaveLength(before.saved);
      }),
      { seed: SEED, numRuns: 600 },
    );
    expect([...seen].filter((t) => (REQUEST_TYPES as string[]).includes(t)).sort()).toEqual([...REQUEST_TYPES].sort());
  });
});

describe('Kustomer responses under fuzzing', () => {
  const json = fc.jsonValue();
  it('parsers take any JSON and any text without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(json, fc.string(), fc.constant(null), fc.constant(undefined)), (doc) => {
        parseCustomer(doc);
        parseCustomerList(doc);
        parseConversationCustomerId(doc);
        parseCustomerMetadata(doc);
        parseKustomerErrorBody(typeof doc === 'string' ? doc : JSON.stringify(doc) ?? '');
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('the client turns any status and body (HTML pages, empty, huge, wrong types) into a Result', async () => {
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constant('<html><body><h1>502 Bad Gateway</h1></body></html>'),
      fc.constant(''),
      fc.string(),
      fc.constant('x'.repeat(2_000_000)),
      fc.constant('{"data":{"id":5,"attributes":"nope"}}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: 599 }), body, async (status, text) => {
        const api = createKustomerApi({
          org: 'acme',
          apiKey: KEY,
          maxRetries: 0,
          fetch: (async () => new Response(status === 204 || status === 205 || status === 304 ? null : text, { status })) as unknown as typeof fetch,
          sleep: async () => {},
        });
        for (const result of [
          await api.getCustomer('64b7f0c2a1d3e4f5a6b7c801'),
          await api.updateCustomer('64b7f0c2a1d3e4f5a6b7c801', { tags: ['x'] }),
          await api.findCustomers('email', 'a@b.c'),
          await api.getConversationCustomerId('64b7f0c2a1d3e4f5a6b7c801'),
        ]) {
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) {
            expect(result.error.message.length).toBeGreaterThan(0);
            expect(result.error.message).not.toContain(KEY);
            expect((result.error.raw ?? '').length).toBeLessThan(2100);
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
