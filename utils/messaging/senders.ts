/** Who sent a message: the one place that decides which contexts count as the extension's own pages. */

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

/** A page of this extension (popup, options), in a tab or not; never a content script or another extension. */
export function isExtensionPage(sender: MessageSender, self: ExtensionIdentity): boolean {
  return sender.id === self.extensionId && typeof sender.url === 'string' && sender.url.startsWith(self.extensionOrigin);
}

/** A content script of this extension, running in the top frame of a tab. */
export function isOwnContentScript(sender: MessageSender, self: ExtensionIdentity): boolean {
  return sender.id === self.extensionId && sender.tab !== undefined && sender.frameId === 0 && !isExtensionPage(sender, self);
}
