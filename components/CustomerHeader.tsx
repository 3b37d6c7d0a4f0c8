import type { Customer } from '@/utils/customer';
import { customerLabel } from '@/utils/customer';

/** Who the customer is, so the agent knows they have the right person before editing. */
export function CustomerHeader({ customer, org }: { customer: Customer; org?: string }) {
  const label = customerLabel(customer);
  const email = customer.emails[0]?.email;
  return (
    <header class="customer-header">
      <h1 class="customer-name" title={label}>
        {label}
      </h1>
      <p class="customer-meta">
        {email && <span class="customer-email">{email}</span>}
        <span class="customer-id">
          {org ? `${org} · ` : ''}
          {customer.id}
        </span>
      </p>
    </header>
  );
}
