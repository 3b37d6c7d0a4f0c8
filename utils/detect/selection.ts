/**
 * What the agent pointed at on any page (a clicked link or the selected text), when they ask for
 * the editor there: a Kustomer customer or conversation URL, a 24-hex id, an email address, a
 * phone number, or else an external id. Pure, with its table (tests/unit/detectors.test.ts).
 */
import { pageContextFromUrl } from '@/utils/detect/customer-page';

export type SelectionTarget =
  | { kind: 'customer'; id: string }
  | { kind: 'conversation'; id: string }
  | { kind: 'email'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'externalId'; value: string };

const HEX_ID = /(?<![0-9a-f])([0-9a-f]{24})(?![0-9a-f])/i;
const EMAIL = /(?:^|[\s<(:"'])([^\s<>()"',;:@]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?=$|[\s>),;"'.])/i;
const PHONE = /^\+?[\d\s().-]{7,25}$/;

export function selectionTarget(input: string | undefined | null): SelectionTarget | undefined {
  const text = (input ?? '').trim().slice(0, 2048);
  if (!text) return undefined;
  const url = /https?:\/\/\S+/i.exec(text)?.[0];
  if (url) {
    const page = pageContextFromUrl(url);
    if (page.customerId) return { kind: 'customer', id: page.customerId };
    if (page.conversationId) return { kind: 'conversation', id: page.conversationId };
  }
  const mailto = /^mailto:([^?\s]+)/i.exec(text);
  const email = mailto?.[1] ?? EMAIL.exec(text)?.[1];
  if (email) return { kind: 'email', value: decodeURIComponent(email).toLowerCase() };
  const id = HEX_ID.exec(text)?.[1];
  if (id && text.replace(/[\s"'`<>()[\]]/g, '').length <= 30) return { kind: 'customer', id: id.toLowerCase() };
  const digits = text.replace(/\D/g, '');
  if (PHONE.test(text) && digits.length >= 7 && digits.length <= 15) {
    return { kind: 'phone', value: (text.startsWith('+') ? '+' : '') + digits };
  }
  if (!/\s/.test(text) && text.length <= 256 && !url) return { kind: 'externalId', value: text };
  return undefined;
}

export const SELECTION_TABLE: { text: string; target: SelectionTarget | undefined }[] = [
  { text: 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953', target: { kind: 'customer', id: '58210c3db0f09110006b7953' } },
  { text: 'see https://acme-eu.kustomerapp.com/app/customers/58210C3DB0F09110006B7953/ please', target: { kind: 'customer', id: '58210c3db0f09110006b7953' } },
  { text: 'https://acme.kustomerapp.com/app/conversations/58228e05d4e96711004eccb7?x=1', target: { kind: 'conversation', id: '58228e05d4e96711004eccb7' } },
  { text: '58210c3db0f09110006b7953', target: { kind: 'customer', id: '58210c3db0f09110006b7953' } },
  { text: ' 58210C3DB0F09110006B7953\n', target: { kind: 'customer', id: '58210c3db0f09110006b7953' } },
  { text: '"58210c3db0f09110006b7953"', target: { kind: 'customer', id: '58210c3db0f09110006b7953' } },
  { text: '58210c3db0f09110006b79531', target: { kind: 'externalId', value: '58210c3db0f09110006b79531' } },
  { text: 'ada@example.com', target: { kind: 'email', value: 'ada@example.com' } },
  { text: 'Ada Lovelace <Ada@Example.com>', target: { kind: 'email', value: 'ada@example.com' } },
  { text: 'mailto:ada%2Bsupport@example.com?subject=hi', target: { kind: 'email', value: 'ada+support@example.com' } },
  { text: 'write to (ada.l@analytical.example).', target: { kind: 'email', value: 'ada.l@analytical.example' } },
  { text: '+44 20 7946 0958', target: { kind: 'phone', value: '+442079460958' } },
  { text: '(415) 555-0123', target: { kind: 'phone', value: '4155550123' } },
  { text: '+1-415-555-0123', target: { kind: 'phone', value: '+14155550123' } },
  { text: '555-01', target: { kind: 'externalId', value: '555-01' } },
  { text: 'crm-1001', target: { kind: 'externalId', value: 'crm-1001' } },
  { text: 'two words', target: undefined },
  { text: 'https://example.com/app/customers/58210c3db0f09110006b7953', target: undefined },
  { text: '', target: undefined },
  { text: '   ', target: undefined },
];
