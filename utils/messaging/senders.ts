/**
 * Who sent a message: the one place that decides which contexts may ask what. Privileged
 * requests come from the extension's own pages (its origin); a few come from its own content
 * script in the top frame of a tab. Nothing else is answered.
 */

export interface MessageSender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: unknown;
}

export interface ExtensionIdentity {
  /** `browser.runtime.id` */
  extensionId: string;
  /** `browser.runtime.getURL('/')`, e.g. `chrome-extension://abc/` */
  extensionOrigin: string;
}

/** Who may send a request: only the extension's pages, or its content script too. */
export type MayAsk = 'extension page' | 'content script';

/**
 * A page of this extension (popup, options, its popup window), in a tab or not, in the top frame;
 * never a content script, a frame inside a web page, or another extension.
 */
export function isExtensionPage(sender: MessageSender, self: ExtensionIdentity): boolean {
  return (
    sender.id === self.extensionId &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(self.extensionOrigin) &&
    (sender.tab === undefined || sender.frameId === undefined || sender.frameId === 0)
  );
}

/** A content script of this extension, running in the top frame of a tab. */
export function isOwnContentScript(sender: MessageSender, self: ExtensionIdentity): boolean {
  return sender.id === self.extensionId && sender.tab !== undefined && sender.frameId === 0 && !isExtensionPage(sender, self);
}

/** Whether `sender` may send a request whose table row says `from`. */
export function mayAsk(from: MayAsk | undefined, sender: MessageSender, self: ExtensionIdentity): boolean {
  return isExtensionPage(sender, self) || (from === 'content script' && isOwnContentScript(sender, self));
}
