/**
 * The badge on Kustomer pages: a small button at the corner that opens the editor for the
 * customer the page shows. Plain DOM (it lives in the content script, which must stay small), in a
 * closed shadow root so no style leaks in or out.
 */

const STYLE = `
:host { all: initial; position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; }
:host([hidden]) { display: none; }
button { font: 600 13px/1 system-ui, sans-serif; color: #fff; background: #1f5fd1; border: 0; border-radius: 999px;
  padding: 9px 14px; box-shadow: 0 2px 8px rgba(0,0,0,.25); cursor: pointer; }
button:hover { background: #174aa6; }
button:focus-visible { outline: 3px solid #7aa7ff; outline-offset: 2px; }
`;

/** The badge's element on the page (its host; the rest is in a closed shadow root). */
export const BADGE_ELEMENT = 'kustomer-customer-updater';

export interface CustomerBadge {
  show(customerId: string): void;
  hide(): void;
  remove(): void;
}

export function createCustomerBadge(doc: Document, onOpen: (customerId: string) => void): CustomerBadge {
  let host: HTMLElement | undefined;
  let button: HTMLButtonElement | undefined;
  let current: string | undefined;

  function mount() {
    host = doc.createElement(BADGE_ELEMENT);
    const root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    button = doc.createElement('button');
    button.type = 'button';
    button.textContent = 'Update customer';
    button.addEventListener('click', () => current && onOpen(current));
    root.append(style, button);
    doc.documentElement.append(host);
  }

  return {
    show(customerId) {
      current = customerId;
      if (!host?.isConnected) mount();
      button!.title = `Edit customer ${customerId} in Kustomer Customer Updater`;
      button!.setAttribute('aria-label', 'Update customer in Kustomer Customer Updater');
      host!.hidden = false;
    },
    hide() {
      current = undefined;
      if (host) host.hidden = true;
    },
    remove() {
      host?.remove();
      host = undefined;
    },
  };
}
