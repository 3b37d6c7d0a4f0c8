/** Time as the product shows and spends it: the one clock format, and the one way to wait for idle. */

/** A time of day as the agent reads it in messages ("14:05"), in the browser's locale. */
export const clockTime = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Runs `run` when the page is idle (at the latest after `timeoutMs`), or soon where the browser
 * has no `requestIdleCallback`.
 */
export function whenIdle(run: () => void, timeoutMs = 200): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: timeoutMs });
  else setTimeout(run, 16);
}
