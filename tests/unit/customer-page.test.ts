import { describe, expect, it } from 'vitest';
import { CUSTOMER_URL_TABLE, customerIdFromUrl } from '@/utils/customer-page';

describe('customer from an agent-app URL', () => {
  it.each(CUSTOMER_URL_TABLE)('$url -> $customerId', ({ url, customerId }) => {
    expect(customerIdFromUrl(url)).toBe(customerId);
  });
});
