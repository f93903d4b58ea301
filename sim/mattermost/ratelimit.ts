/**
 * The server's rate limiter (app/ratelimit.go over throttled's GCRA), per remote address. A bucket
 * holds maxBurst + 1 requests and refills at perSec; headers report seconds until reset, not epochs.
 */
import type { ServerResponse } from 'node:http';
import type { MmRateLimit } from './config';

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateDecision {
  limited: boolean;
  retryAfterSec: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one request from `key`'s bucket and sets the X-RateLimit-* headers on `res`. */
  take(key: string, cfg: MmRateLimit, res: ServerResponse, now = Date.now()): RateDecision {
    const cap = cfg.maxBurst + 1;
    const rate = Math.max(cfg.perSec, 0.001);
    const b = this.buckets.get(key) ?? { tokens: cap, at: now };
    b.tokens = Math.min(cap, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(key, b);
    const limited = b.tokens < 1;
    if (!limited) b.tokens -= 1;
    res.setHeader('X-RateLimit-Limit', String(cap));
    res.setHeader('X-RateLimit-Remaining', String(Math.floor(b.tokens)));
    res.setHeader('X-RateLimit-Reset', String(Math.ceil((cap - b.tokens) / rate)));
    return { limited, retryAfterSec: limited ? Math.max(1, Math.ceil((1 - b.tokens) / rate)) : 0 };
  }

  reset(): void {
    this.buckets.clear();
  }
}
