import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCustomerBadge } from '@/components/page/badge';

afterEach(() => {
  document.documentElement.querySelectorAll('kustomer-customer-updater').forEach((e) => e.remove());
});

describe('customer badge', () => {
  it('lives in a closed shadow root, opens the editor on the shown customer, hides and comes back', () => {
    const open = vi.fn();
    const badge = createCustomerBadge(document, open);
    badge.show('64b7f0c2a1d3e4f5a6b7c801');
    const host = document.querySelector('kustomer-customer-updater') as HTMLElement;
    expect(host).not.toBeNull();
    expect(host.shadowRoot).toBeNull(); // closed: the page cannot reach in
    expect(document.querySelectorAll('button')).toHaveLength(0); // its button is not in the page's DOM
    host.click(); // a click on the host is not a click on the badge's button
    expect(open).not.toHaveBeenCalled();
    badge.hide();
    expect(host.hidden).toBe(true);
    badge.show('64b7f0c2a1d3e4f5a6b7c802');
    expect(host.hidden).toBe(false);
    expect(document.querySelectorAll('kustomer-customer-updater')).toHaveLength(1);
    badge.remove();
    expect(document.querySelector('kustomer-customer-updater')).toBeNull();
  });
});
