// What the popup learns of the active tab: from the tab's address when it names a customer (the
// content script would say the same, from the same address), else from the tab's content script.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activeTabContext } from '@/utils/messaging/page-context';

const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const GRACE = '64b7f0c2a1d3e4f5a6b7c802';
const CONVERSATION = '64b7f0c2a1d3e4f5a6b7c9a1';

beforeEach(() => fakeBrowser.reset());

async function openTab(url: string | undefined, answer: unknown) {
  const window = await fakeBrowser.windows.create({ focused: true });
  await fakeBrowser.tabs.create({ url, active: true, windowId: window?.id });
  const sendMessage = vi.fn(async () => answer);
  fakeBrowser.tabs.sendMessage = sendMessage as unknown as typeof fakeBrowser.tabs.sendMessage;
  return sendMessage;
}

describe('activeTabContext', () => {
  it('takes a customer page’s customer from its address, without asking the tab', async () => {
    const asked = await openTab(`https://acme.kustomerapp.com/app/customers/${ADA}`, { customerId: GRACE, customerIds: [] });
    expect(await activeTabContext()).toEqual({ customerId: ADA, known: true });
    expect(asked).not.toHaveBeenCalled();
  });

  it('asks the content script of a conversation page (it knows the conversation’s customer and the linked ones)', async () => {
    const asked = await openTab(`https://acme.kustomerapp.com/app/conversations/${CONVERSATION}`, { customerId: ADA, conversationId: CONVERSATION, customerIds: [ADA, GRACE] });
    expect(await activeTabContext()).toMatchObject({ customerId: ADA, conversationId: CONVERSATION, customerIds: [ADA, GRACE], known: true });
    expect(asked).toHaveBeenCalledWith(expect.any(Number), { type: 'page.context' });
  });

  it('asks the tab when its address is not shared, and falls back to the address when no script answers', async () => {
    const asked = await openTab(undefined, { customerId: GRACE, customerIds: [GRACE] });
    expect(await activeTabContext()).toMatchObject({ customerId: GRACE, known: true });
    expect(asked).toHaveBeenCalled();
    await fakeBrowser.reset();
    await openTab(`https://acme.kustomerapp.com/app/conversations/${CONVERSATION}`, undefined);
    expect(await activeTabContext()).toEqual({ conversationId: CONVERSATION, known: true });
  });
});
