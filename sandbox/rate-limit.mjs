// Kustomer's rate limit: a budget of requests per minute per org (`settings.rateLimit`), told in
// `x-ratelimit-*` headers; a request over it gets 429 with `retry-after`.

const RATE_WINDOW_MS = 60_000;

/**
 * @param {() => number} limit the current requests-per-minute budget
 */
export function createRateLimiter(limit) {
  /** Rate-limit windows per org. @type {Map<string, { resetAt: number, used: number }>} */
  const rateWindows = new Map();

  /**
   * Counts one request against the org's per-minute budget (or only looks, with `take` false).
   * @param {string} org
   * @param {boolean} take
   */
  function quota(org, take) {
    const now = Date.now();
    let window = rateWindows.get(org);
    if (!window || now >= window.resetAt) {
      window = { resetAt: now + RATE_WINDOW_MS, used: 0 };
      rateWindows.set(org, window);
    }
    const budget = limit();
    const allowed = window.used < budget;
    if (take && allowed) window.used += 1;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(budget),
        'x-ratelimit-remaining': String(Math.max(0, budget - window.used)),
      },
      resetSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)),
    };
  }

  return {
    quota,
    /** Every org gets a fresh window. */
    reset: () => rateWindows.clear(),
  };
}

/** @typedef {ReturnType<typeof createRateLimiter>} RateLimiter */
