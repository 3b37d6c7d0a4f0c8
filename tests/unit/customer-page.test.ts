import { describe, expect, it } from 'vitest';
import { PAGE_URL_TABLE, pageContextFromUrl } from '@/utils/detect/customer-page';

describe('page context from an agent-app URL', () => {
  it.each(PAGE_URL_TABLE)('$url -> customer $customerId, conversation $conversationId', ({ url, customerId, conversationId }) => {
    const context = pageContextFromUrl(url);
    expect(context.customerId).toBe(customerId);
    expect(context.conversationId).toBe(conversationId);
  });
});
