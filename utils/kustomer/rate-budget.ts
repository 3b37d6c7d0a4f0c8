/**
 * What the background knows about each Kustomer host's API budget: the per-minute budget as
 * Kustomer last reported it (`x-ratelimit-*`), and when the host last answered with a server
 * error. One object is made at start and shared by every client built with it, so what one call
 * learns the next one knows; tests make their own.
 */
import { retryAfterSeconds } from '@/utils/kustomer/retry-after';

/**
 * Chromium holds back an extension's requests to a URL for a moment after repeated 5xx answers
 * (the fetch fails without being sent); a failure this soon after one is explained as that.
 */
const SERVER_ERROR_MEMORY_MS = 30_000;

interface HostBudget {
  limit: number;
  remaining: number;
  resetAt: number;
}

export function createRateBudget() {
  const budgets = new Map<string, HostBudget>();
  const lastServerError = new Map<string, number>();
  const current = (host: string, nowMs: number) => {
    const budget = budgets.get(host);
    return budget && nowMs < budget.resetAt ? budget : undefined;
  };

  return {
    /** Reads the budget headers of any answer, and remembers server errors. */
    note(host: string, status: number, headers: Headers, nowMs: number): void {
      if (status >= 500) lastServerError.set(host, nowMs);
      else lastServerError.delete(host);
      const limit = Number(headers.get('x-ratelimit-limit'));
      const remaining = Number(headers.get('x-ratelimit-remaining'));
      if (!Number.isFinite(limit) || !Number.isFinite(remaining) || headers.get('x-ratelimit-limit') === null) return;
      const wait = retryAfterSeconds(headers, nowMs);
      budgets.set(host, { limit, remaining, resetAt: nowMs + (wait !== undefined ? wait * 1000 : 60_000) });
    },

    /** Whether the host answered with a server error moments ago. */
    afterServerError(host: string, nowMs: number): boolean {
      return nowMs - (lastServerError.get(host) ?? -Infinity) < SERVER_ERROR_MEMORY_MS;
    },

    /**
     * Whether the budget is nearly spent: it is shared by every agent and integration, so the
     * extension leaves the last requests to them. Returns when to try again, or undefined.
     */
    lowUntil(host: string, nowMs: number): number | undefined {
      const budget = current(host, nowMs);
      return budget && budget.remaining <= Math.max(2, Math.ceil(budget.limit * 0.02)) ? budget.resetAt : undefined;
    },

    /** Whether less than `fraction` of the budget is left: reads that can wait pause then. */
    below(host: string, fraction: number, nowMs: number): boolean {
      const budget = current(host, nowMs);
      return budget !== undefined && budget.remaining < budget.limit * fraction;
    },

    /** When the reported budget window ends (undefined when nothing is known). */
    resetAt(host: string): number | undefined {
      return budgets.get(host)?.resetAt;
    },
  };
}

export type RateBudget = ReturnType<typeof createRateBudget>;
