/**
 * Loaded by popup.html ahead of the popup's bundle, as a classic script run while the page is
 * still parsed: the background is asked for something small, so a stopped worker (some 35–50 ms
 * to start) starts while the bundle is read and run, and is up when the editor asks for the
 * customer. The answer is not needed.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { sendRequest } from '@/utils/messaging/send';

export default defineUnlistedScript(() => void sendRequest({ type: 'settings.get' }));
