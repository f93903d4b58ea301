/**
 * A rate-limit rule on the Table API (records-and-watch-contracts.md C.4; ServiceNow docs, "Inbound REST API
 * rate limiting"): requests are counted per user per hour, for all users or for one. The windows are fixed
 * hours of the simulator clock, so advanceClock(3600) opens a new one. Simplified on purpose: one rule, no role
 * rules, and counts are exact at once (a real instance commits its counters every 30 s, so it lets a few more
 * through).
 */
import type { Clock } from './clock';
import type { Failure, RuleWindow } from './faults';

export interface RateLimitRule {
  perHour: number;
  /** a user_name: only this user is limited (a single-user rule); absent = every user */
  user?: string;
  /**
   * The counting window, seconds. A real rule counts per hour (3600, the default); a shorter one only lets a
   * benchmark see a limit end without waiting an hour. The answers say the same either way: Retry-After until the
   * window's end, X-RateLimit-Reset its epoch.
   */
  windowSec?: number;
}

export type RateDecision = { allowed: true; window: RuleWindow } | { allowed: false; failure: Failure };

export interface RateLimits {
  /** a new rule (or none) starts with empty counters */
  set(rule: RateLimitRule | undefined): void;
  /** counts one request; undefined when no rule applies to this user */
  take(user_name: string): RateDecision | undefined;
}


export function createRateLimits(clock: Clock): RateLimits {
  let rule: RateLimitRule | undefined;
  let hour = -1;
  const counts = new Map<string, number>();
  return {
    set(r) {
      rule = r;
      counts.clear();
    },
    take(user_name) {
      if (!rule || (rule.user !== undefined && rule.user !== user_name)) return undefined;
      const now = clock.now();
      const windowMs = (rule.windowSec ?? 3600) * 1000;
      const h = Math.floor(now / windowMs);
      if (h !== hour) {
        hour = h;
        counts.clear();
      }
      const n = (counts.get(user_name) ?? 0) + 1;
      counts.set(user_name, n);
      const endMs = (h + 1) * windowMs;
      const window = { perHour: rule.perHour, resetEpochSec: endMs / 1000 };
      if (n <= rule.perHour) return { allowed: true, window };
      return { allowed: false, failure: { status: 429, retryAfterSec: Math.ceil((endMs - now) / 1000), rule: window } };
    },
  };
}
