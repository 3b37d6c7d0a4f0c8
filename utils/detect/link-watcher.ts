/**
 * Finds and remembers every customer linked from a Kustomer page, at no cost to the page: one
 * fast initial scan; then the MutationObserver callback only queues added nodes, and only those
 * subtrees are scanned, in slices of a few milliseconds when the page is idle. It stops watching a
 * page that shows no customer link for a long time. Each scan is a User Timing measure
 * (`kustomer-updater:scan…`), visible in the browser's performance tools.
 */
import { CUSTOMER_LINK_SELECTOR, customerIdFromHref } from '@/utils/detect/customer-links';
import { whenIdle } from '@/utils/time';

export interface LinkScannerOptions {
  /** Called with every customer id found so far, when new ones were found. */
  onFound(ids: ReadonlySet<string>): void;
  /** Longest slice of work between yields to the page. */
  sliceMs?: number;
  /** Stop watching after this long without finding a customer link. */
  quietStopMs?: number;
  /** Elements added to the page that are not worth scanning (the extension's own badge). */
  ignore?: (element: Element) => boolean;
}

/**
 * A User Timing measure of our work, for the browser's performance tools and observers; cleared at
 * once from the page's timeline buffer so a long session does not pile entries up.
 */
function timing(name: string, start: number) {
  performance.measure(name, { start });
  performance.clearMeasures(name);
}


export function watchCustomerLinks(doc: Document, { onFound, sliceMs = 4, quietStopMs = 5 * 60_000, ignore }: LinkScannerOptions) {
  const ids = new Set<string>();
  /** The first link to each customer: what the page calls them is read from it only when asked. */
  const firstLinks = new Map<string, Element>();
  const queue: Element[] = [];
  let head = 0;
  let scheduled = false;
  let lastFound = performance.now();
  let observer: MutationObserver | undefined;

  /** Checks one link or every candidate link under an element; true when something new was found. */
  function scanElement(element: Element): boolean {
    let found = false;
    const check = (link: Element) => {
      const id = customerIdFromHref(link.getAttribute('href'), doc.URL);
      if (id && !ids.has(id)) {
        ids.add(id);
        firstLinks.set(id, link);
        found = true;
      }
    };
    if (element.matches(CUSTOMER_LINK_SELECTOR)) check(element);
    if (element.firstElementChild) element.querySelectorAll(CUSTOMER_LINK_SELECTOR).forEach(check);
    return found;
  }

  function report(found: boolean) {
    if (!found) return;
    lastFound = performance.now();
    onFound(ids);
  }

  function work() {
    scheduled = false;
    const start = performance.now();
    let found = false;
    while (head < queue.length && performance.now() - start < sliceMs) {
      const element = queue[head++]!;
      if (element.isConnected && scanElement(element)) found = true;
    }
    if (head >= queue.length) {
      queue.length = 0;
      head = 0;
    } else schedule();
    timing('kustomer-updater:scan-slice', start);
    report(found);
    if (performance.now() - lastFound > quietStopMs) stop();
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    whenIdle(work);
  }

  function stop() {
    observer?.disconnect();
    observer = undefined;
  }

  /** Forgets what was found and scans the whole page again (after a navigation in the app). */
  function restart() {
    stop();
    ids.clear();
    firstLinks.clear();
    queue.length = 0;
    head = 0;
    const start = performance.now();
    const found = doc.body ? scanElement(doc.body) : false;
    timing('kustomer-updater:scan', start);
    lastFound = performance.now();
    report(found);
    observer = new MutationObserver((records) => {
      // Only queue: the scanning happens later, in small slices.
      const start = performance.now();
      for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1 && !ignore?.(node as Element)) queue.push(node as Element);
      if (queue.length > head) schedule();
      timing('kustomer-updater:queue', start);
    });
    observer.observe(doc.documentElement, { childList: true, subtree: true });
  }

  restart();
  /** What the page calls each customer found: the text of the first link to it. */
  function labels(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [id, link] of firstLinks) out[id] = (link.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
    return out;
  }

  return { ids: ids as ReadonlySet<string>, labels, restart, stop, watching: () => observer !== undefined };
}
