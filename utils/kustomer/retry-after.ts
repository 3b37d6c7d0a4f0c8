/** How long Kustomer asks to wait before the next request. */

/**
 * Seconds to wait from `Retry-After` (seconds or HTTP date) or `x-ratelimit-reset`
 * (seconds to wait, or epoch seconds when over 1e9: sources disagree).
 */
export function retryAfterSeconds(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, (date - nowMs) / 1000);
  }
  const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
  if (Number.isFinite(reset) && reset >= 0) {
    return reset > 1e9 ? Math.max(0, reset - nowMs / 1000) : reset;
  }
  return undefined;
}
