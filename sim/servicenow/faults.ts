/**
 * Fault injection for /api/*: latency, stalls, 429 and 5xx. Rates draw from a seeded PRNG so a run is
 * repeatable, and a rate of 0 or 1 is exact. Tests usually prefer failNext(n), which is fully deterministic.
 */
import type { ServerResponse } from 'node:http';
import { prng } from '../server';
import type { SnFaults } from './types';
import { sendSnError } from './table-api';

/** SnFaults plus the knobs of the 429 answer itself. */
export interface FaultConfig extends SnFaults {
  /** Retry-After (s) on 429 and 503; X-RateLimit-Reset is now + this */
  retryAfterSec: number;
  /** X-RateLimit-Limit: requests per hour (the real header counts per hour) */
  rateLimitPerHour: number;
}

export const DEFAULT_FAULTS: FaultConfig = {
  latencyMs: 0,
  rate429: 0,
  rate5xx: 0,
  tokenLifetimeSec: 1800,
  // A real instance hands back the same refresh token unless configured otherwise.
  rotateRefreshTokens: false,
  stallMs: 0,
  retryAfterSec: 2,
  rateLimitPerHour: 100,
};

/** The sys_id of the (simulated) rate-limit rule record, sent in X-RateLimit-Rule. */
export const RATE_LIMIT_RULE_ID = '9a1c5f0e1b2d3c4e5f60718293a4b5c6';

/** Which requests a queued failure is for (any when absent): a fault test fails the request it means to. */
export interface RequestMatch {
  method?: string;
  path?: RegExp;
}

export interface Failure {
  status: number;
  retryAfterSec: number;
  /** a rate-limit rule's denial (rate-limit.ts): its limit and window end; a fault 429 uses the config's */
  rule?: RuleWindow;
}

/** One rule's hourly window, as its headers state it. */
export interface RuleWindow {
  perHour: number;
  /** X-RateLimit-Reset: the window's end, UNIX epoch seconds */
  resetEpochSec: number;
}

/** The headers a rate-limited resource carries, allowed or denied (records-and-watch-contracts.md C.4). */
export function rateLimitHeaders(w: RuleWindow): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(w.perHour),
    // An epoch in seconds, unlike Mattermost's "seconds until reset" (Mattermost's `server/channels/app/ratelimit.go`).
    'X-RateLimit-Reset': String(w.resetEpochSec),
    'X-RateLimit-Rule': RATE_LIMIT_RULE_ID,
  };
}

export interface Faults {
  get(): FaultConfig;
  set(partial: Partial<FaultConfig>): void;
  /** the next n API requests (after authentication) fail with `status` */
  failNext(n: number, status?: number, opts?: { retryAfterSec?: number } & RequestMatch): void;
  /** decides this request's fate; consumes the first queued failure matching it, or one PRNG draw */
  pick(method?: string, path?: string): Failure | undefined;
  /**
   * Only a queued failure whose path was named and matches: for endpoints outside /api (the token endpoint), which
   * failures queued for any API call and the random rates never reach.
   */
  pickAimed(method: string, path: string): Failure | undefined;
}

export function createFaults(seed: number, initial: Partial<FaultConfig> = {}): Faults {
  let cfg: FaultConfig = { ...DEFAULT_FAULTS, ...initial };
  // A separate stream from the data seed, so adding faults never changes the generated records.
  const rand = prng((seed ^ 0x5a17f00d) >>> 0);
  const queue: (Failure & { match: RequestMatch })[] = [];
  return {
    get: () => ({ ...cfg }),
    set: (partial) => {
      cfg = { ...cfg, ...partial };
    },
    failNext: (n, status = 429, opts = {}) => {
      const match = { ...(opts.method ? { method: opts.method } : {}), ...(opts.path ? { path: opts.path } : {}) };
      for (let i = 0; i < n; i++) queue.push({ status, retryAfterSec: opts.retryAfterSec ?? cfg.retryAfterSec, match });
    },
    pick: (method = 'GET', path = '/') => {
      const queued = take((m) => (!m.method || m.method === method) && (!m.path || m.path.test(path)));
      if (queued) return queued;
      if (cfg.rate429 <= 0 && cfg.rate5xx <= 0) return undefined;
      const r = rand();
      if (r < cfg.rate429) return { status: 429, retryAfterSec: cfg.retryAfterSec };
      if (r < cfg.rate429 + cfg.rate5xx) return { status: rand() < 0.5 ? 500 : 503, retryAfterSec: cfg.retryAfterSec };
      return undefined;
    },
    pickAimed: (method, path) => take((m) => !!m.path?.test(path) && (!m.method || m.method === method)),
  };

  function take(matches: (m: RequestMatch) => boolean): Failure | undefined {
    const i = queue.findIndex(({ match }) => matches(match));
    if (i < 0) return undefined;
    const { match: _m, ...failure } = queue.splice(i, 1)[0]!;
    return failure;
  }
}

/** Writes the failure with ServiceNow's envelope and, for 429, the rate-limit headers (ServiceNow docs, "REST API HTTP response codes"). */
export function sendFailure(res: ServerResponse, f: Failure, cfg: FaultConfig, nowMs: number): void {
  const retry = String(f.retryAfterSec);
  if (f.status === 429) {
    const w = f.rule ?? { perHour: cfg.rateLimitPerHour, resetEpochSec: Math.ceil(nowMs / 1000) + f.retryAfterSec };
    sendSnError(res, 429, 'Rate limit exceeded', `Rate limit of ${w.perHour} requests per hour for Table API exceeded`, {
      ...rateLimitHeaders(w),
      'Retry-After': retry,
    });
    return;
  }
  if (f.status === 503) {
    sendSnError(res, 503, 'Service Unavailable', 'The instance is temporarily unavailable', { 'Retry-After': retry });
    return;
  }
  if (f.status === 502) {
    sendSnError(res, 502, 'Bad Gateway', 'The instance did not answer the load balancer');
    return;
  }
  sendSnError(res, f.status, f.status >= 500 ? 'Internal Server Error' : 'Request failed', 'Simulated fault');
}
