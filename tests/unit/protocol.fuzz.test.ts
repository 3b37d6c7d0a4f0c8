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

const SEED = 20261126;
const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT}/`;
const KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJvcmdOYW1lIjoiYWNtZSJ9.c2ln';
const TYPES = ['settings.get', 'settings.save', 'settings.clear', 'connection.test', 'customer.get', 'customer.metadata', 'customer.update', 'customer.lookup', 'conversation.customer', 'editor.open', 'outbox.list', 'page.context'];

const anyMessage = fc.oneof(
  fc.anything(),
  fc.record({ type: fc.constantFrom(...TYPES) }, { requiredKeys: ['type'] }),
  fc.dictionary(fc.constantFrom('type', 'customerId', 'changes', 'org', 'apiKey', 'by', 'value', 'label', 'conversationId', '__proto__', 'constructor'), fc.anything()).map((m) => ({
    type: fc.sample(fc.constantFrom(...TYPES), { seed: SEED, numRuns: 1 })[0],
    ...m,
  })),
);
const anySender = fc.oneof(
  fc.constant({ id: EXT, url: `${ORIGIN}popup.html` }),
  fc.constant({ id: EXT, url: 'https://acme.kustomerapp.com/app/customers/1', tab: { id: 1 }, frameId: 0 }),
  fc.record({ id: fc.option(fc.string()), url: fc.option(fc.webUrl()), frameId: fc.option(fc.integer()), tab: fc.option(fc.object()) }, { requiredKeys: [] }),
);

describe('message handler under fuzzing', () => {
  it('answers anything with a Result, never throws, never sends for senders that may not ask', async () => {
    let requests = 0;
    const stored = { org: 'acme', apiKey: KEY };
    const handle = createMessageHandler({
      extensionId: EXT,
      extensionOrigin: ORIGIN,
      credentials: { load: async () => ({ ...stored }), save: async () => {}, clear: async () => {} },
      api: {
        fetch: (async () => {
          requests++;
          return new Response('{"data":{"type":"customer","id":"64b7f0c2a1d3e4f5a6b7c801","attributes":{}}}');
        }) as unknown as typeof fetch,
        sleep: async () => {},
      },
    });
    await fc.assert(
      fc.asyncProperty(anyMessage, anySender, async (message, sender) => {
        const before = requests;
        const reply = await handle(message, sender as never);
        expect(reply && typeof reply === 'object' && typeof reply.ok === 'boolean').toBe(true);
        expect(JSON.stringify(reply)).not.toContain(KEY);
        const privileged = sender.id === EXT && typeof sender.url === 'string' && sender.url.startsWith(ORIGIN);
        if (!privileged && !(reply.ok)) expect(['forbidden', 'invalid-request', 'no-key', 'no-org']).toContain(reply.error.kind);
        if (!privileged && (message as { type?: unknown })?.type !== 'conversation.customer') expect(requests).toBe(before);
      }),
      { seed: SEED, numRuns: 400 },
    );
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
