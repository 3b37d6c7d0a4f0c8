import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { clearCredentials, loadCredentials, saveCredentials } from '@/utils/credentials';
import { openEditor } from '@/utils/editor-window';
import { createMessageHandler } from '@/utils/message-handler';

export default defineBackground(() => {
  const handleMessage = createMessageHandler({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    credentials: { load: loadCredentials, save: saveCredentials, clear: clearCredentials },
    openEditor,
  });

  // Answer through sendResponse and return true: works in every browser and in tests' fake browser.
  browser.runtime.onMessage.addListener(((message: unknown, sender: Parameters<Parameters<typeof browser.runtime.onMessage.addListener>[0]>[1], sendResponse: (reply: unknown) => void) => {
    void handleMessage(message, sender).then(sendResponse, (error: unknown) =>
      sendResponse({ ok: false, error: { kind: 'network', message: `The extension background failed: ${error instanceof Error ? error.name : 'unknown error'}.` } }),
    );
    return true;
  }) as unknown as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
});
