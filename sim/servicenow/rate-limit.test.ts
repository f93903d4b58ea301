// @vitest-environment node
/**
 * Contract tests for the server's clock and rate-limit rules (records-and-watch-contracts.md C.4): the Date header
 * follows advanceClock, and a rule counts Table API calls per user in fixed hours of that clock, with
 * X-RateLimit-Limit / Reset (the hour's end, epoch seconds) / Rule, then 429 with Retry-After to the hour's end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SN_USERS } from '../fixtures';
import type { SnSim } from './app';
import { RATE_LIMIT_RULE_ID } from './faults';
import type { SimStore } from './store';
import { basic, startSim } from './test-helpers';

const BETH = SN_USERS.agent;
const ADMIN = SN_USERS.admin;
const as = (u: { user_name: string; password: string }) => ({ Authorization: basic(u.user_name, u.password), Accept: 'application/json' });
const HOUR_MS = 3600_000;
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

let sim: SnSim<SimStore> | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const get = (path = '/api/now/table/incident?sysparm_limit=1', headers: Record<string, string> = as(BETH)) => fetch(`${sim!.origin}${path}`, { headers });

/** Moves the simulator clock to 10 s into the next hour, so a test's calls share one window. */
function toStartOfNextHour(): void {
  sim!.control.advanceClock((HOUR_MS - (Date.now() % HOUR_MS)) / 1000 + 10);
}

/** The end of the response's hour by its own Date header, epoch seconds. */
const hourEnd = (res: Response) => (Math.floor(Date.parse(res.headers.get('date')!) / HOUR_MS) + 1) * 3600;

describe('Date header', () => {
  it('follows the simulator clock on API, OAuth, UI and 401 answers (one Date, not Node\'s too)', async () => {
    sim = await startSim();
    sim.control.advanceClock(3600);
    const before = Math.floor(Date.now() / 1000) + 3600;
    const answers = [
      await get(),
      await get('/api/now/table/incident', { Accept: 'application/json' }),
      await fetch(`${sim.origin}/oauth_token.do`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' }),
      await fetch(`${sim.origin}/login.do`),
    ];
    const after = Math.ceil(Date.now() / 1000) + 3600;
    expect(answers.map((r) => r.status)).toEqual([200, 401, 401, 200]);
    for (const res of answers) {
      const date = res.headers.get('date')!;
      expect(date).toMatch(HTTP_DATE);
      expect(Date.parse(date) / 1000).toBeGreaterThanOrEqual(before);
      expect(Date.parse(date) / 1000).toBeLessThanOrEqual(after);
    }
  });
});

describe('rate-limit rule', () => {
  it('within the limit: Limit, Reset at the hour\'s end, Rule; past it: 429 with Retry-After to that end', async () => {
    sim = await startSim();
    toStartOfNextHour();
    sim.control.setRateLimitRule({ perHour: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await get();
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(res.headers.get('x-ratelimit-reset')).toBe(String(hourEnd(res)));
      expect(res.headers.get('x-ratelimit-rule')).toBe(RATE_LIMIT_RULE_ID);
      expect(res.headers.get('retry-after')).toBeNull();
    }
    const denied = await get();
    expect(denied.status).toBe(429);
    expect(await denied.json()).toEqual({
      error: { message: 'Rate limit exceeded', detail: 'Rate limit of 3 requests per hour for Table API exceeded' },
      status: 'failure',
    });
    const end = hourEnd(denied);
    expect(denied.headers.get('x-ratelimit-limit')).toBe('3');
    expect(denied.headers.get('x-ratelimit-reset')).toBe(String(end));
    expect(denied.headers.get('x-ratelimit-rule')).toBe(RATE_LIMIT_RULE_ID);
    const retry = Number(denied.headers.get('retry-after'));
    const now = Date.parse(denied.headers.get('date')!) / 1000;
    expect(retry).toBeGreaterThanOrEqual(end - now - 1);
    expect(retry).toBeLessThanOrEqual(end - now + 1);
    expect(retry).toBeGreaterThan(3500);
  });

  it('counts each user apart; the next hour of the clock starts a new count', async () => {
    sim = await startSim();
    toStartOfNextHour();
    sim.control.setRateLimitRule({ perHour: 1 });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
    expect((await get(undefined, as(ADMIN))).status).toBe(200);
    sim.control.advanceClock(3600);
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-reset')).toBe(String(hourEnd(res)));
  });

  it('a single-user rule limits that user only; undefined removes the rule and its counts', async () => {
    sim = await startSim();
    toStartOfNextHour();
    sim.control.setRateLimitRule({ perHour: 1, user: BETH.user_name });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
    const other = await get(undefined, as(ADMIN));
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-limit')).toBeNull();
    sim.control.setRateLimitRule(undefined);
    const free = await get();
    expect(free.status).toBe(200);
    expect(free.headers.get('x-ratelimit-limit')).toBeNull();
    sim.control.setRateLimitRule({ perHour: 1, user: BETH.user_name });
    expect((await get()).status).toBe(200);
  });

  it('a shorter window (a benchmark\'s switch) answers alike: Retry-After and Reset at that window\'s end', async () => {
    sim = await startSim();
    sim.control.advanceClock((60_000 - (Date.now() % 60_000)) / 1000 + 1); // 1 s into a minute
    sim.control.setRateLimitRule({ perHour: 1, windowSec: 60 });
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    const end = (Math.floor(Date.parse(limited.headers.get('date')!) / 60_000) + 1) * 60;
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBe(end);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(58);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    sim.control.advanceClock(60);
    expect((await get()).status).toBe(200);
  });

  it('counts only authenticated /api/now/table calls; failNext answers first with its own 429, uncounted', async () => {
    sim = await startSim();
    toStartOfNextHour();
    sim.control.setRateLimitRule({ perHour: 1 });
    expect((await get('/api/now/table/incident', { Accept: 'application/json' })).status).toBe(401);
    const stats = await get('/api/now/stats/incident?sysparm_count=true');
    expect(stats.status).toBe(200);
    expect(stats.headers.get('x-ratelimit-limit')).toBeNull();
    sim.control.failNext(1);
    const fault = await get();
    expect(fault.status).toBe(429);
    expect(fault.headers.get('x-ratelimit-limit')).toBe('100');
    expect((await get('/api/now/v2/table/incident?sysparm_limit=1')).status).toBe(200);
    expect((await get()).status).toBe(429);
  });
});
