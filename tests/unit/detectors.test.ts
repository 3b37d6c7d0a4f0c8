// Every detector runs its table: what it must recognise, and what it must not.
import { describe, expect, it } from 'vitest';
import { CUSTOMER_LINK_TABLE, customerIdFromHref } from '@/utils/detect/customer-links';
import { SELECTION_TABLE, selectionTarget } from '@/utils/detect/selection';

describe('customer links', () => {
  it.each(CUSTOMER_LINK_TABLE)('$html -> $customerId', ({ html, customerId }) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const link = doc.querySelector('a')!;
    expect(customerIdFromHref(link.getAttribute('href'), 'https://acme.kustomerapp.com/app/customers')).toBe(customerId);
  });
});

describe('selection and clicked links', () => {
  it.each(SELECTION_TABLE)('$text -> $target', ({ text, target }) => {
    expect(selectionTarget(text)).toEqual(target);
  });
});

describe('customer links on a page that is not the agent app', () => {
  it('are not customers of Kustomer, whatever their path', () => {
    expect(customerIdFromHref('/app/customers/58210c3db0f09110006b7953', 'https://evil.example/app/customers')).toBeUndefined();
    expect(customerIdFromHref('/app/customers/58210c3db0f09110006b7953', 'https://acme.kustomerapp.com/app')).toBe('58210c3db0f09110006b7953');
  });
});
