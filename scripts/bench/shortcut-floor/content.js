// Present on Kustomer pages like the product's content script, doing nothing but saying so.
document.documentElement.dataset.shortcutFloor = 'ready';
