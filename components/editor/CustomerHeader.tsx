import type { Customer } from '@/utils/kustomer/customer';
import { customerLabel } from '@/utils/kustomer/customer';
import { isMasked } from '@/utils/editor/masking';

/** Who the customer is, so the agent knows they have the right person before editing. */
export function CustomerHeader({ customer, org }: { customer: Customer; org?: string }) {
  const label = customerLabel(customer);
  const email = customer.emails[0]?.email;
  const phone = customer.phones[0]?.phone;
  const avatar = customer.attributes.avatarUrl;
  const showAvatar = typeof avatar === 'string' && /^https:\/\//i.test(avatar) && !isMasked(avatar);
  return (
    <header class="customer-header">
      {showAvatar ? (
        <img class="avatar" src={avatar} alt="" width={40} height={40} referrerpolicy="no-referrer" />
      ) : (
        <span class="avatar avatar-initial" aria-hidden="true">
          {label.trim().charAt(0).toUpperCase() || '?'}
        </span>
      )}
      <div class="customer-who">
        <h1 class="customer-name" title={label}>
          {label}
        </h1>
        <p class="customer-meta">
          {email && <span class="customer-email">{email}</span>}
          {phone && <span class="customer-phone">{phone}</span>}
          <span class="customer-id">
            {org ? `${org} · ` : ''}
            {customer.id}
          </span>
        </p>
      </div>
    </header>
  );
}
