// @vitest-environment node
/**
 * Contract tests for fault injection on /api/* (ServiceNow docs, "REST API HTTP response codes"): 429 with the rate-limit headers
 * (Reset is an epoch, unlike Mattermost), 5xx envelopes, latency and stalls, all changeable while running.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SN_USERS } from '../fixtures';
import type { SnSim } from './app';
import { createFaults, RATE_LIMIT_RULE_ID } from './faults';
import type { SimStore } from './store';
import { basic, startSim } from './test-helpers';

const agent = SN_USERS.agent;
const auth = { Authorization: basic(agent.user_name, agent.password), Accept: 'application/json' };

let sim: SnSim<SimStore> | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const get = (path = '/api/now/table/incident?sysparm_limit=1', headers: Record<string, string> = auth) => fetch(`${sim!.origin}${path}`, { headers });

describe('429', () => {
  it('failNext(n): exactly the next n authenticated calls get 429 with all four headers', async () => {
    sim = await startSim();
    sim.control.failNext(2, 429, { retryAfterSec: 7 });
    const before = Math.floor(Date.now() / 1000);
    const res = await get();
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await res.json()).toEqual({
      error: { message: 'Rate limit exceeded', detail: 'Rate limit of 100 requests per hour for Table API exceeded' },
      status: 'failure',
    });
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    expect(res.headers.get('x-ratelimit-rule')).toBe(RATE_LIMIT_RULE_ID);
    expect(res.headers.get('x-ratelimit-rule')).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers.get('retry-after')).toBe('7');
    // An epoch in seconds, about now + Retry-After.
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(before + 7);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 7);
    expect((await get()).status).toBe(429);
    expect((await get()).status).toBe(200);
  });

  it('failNext aimed at one request (method + path): other requests pass and do not use it up', async () => {
    sim = await startSim();
    sim.control.failNext(1, 503, { method: 'POST', path: /^\/api\/now\/table\/incident$/ });
    expect((await get()).status).toBe(200);
    const post = await fetch(`${sim!.origin}/api/now/table/incident`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"short_description":"x"}' });
    expect(post.status).toBe(503);
    expect(post.headers.get('retry-after')).toBe('2');
    expect((await get()).status).toBe(200);
  });

  it('failNext aimed at the token endpoint fails its next request there; failures for any API call never reach it', async () => {
    sim = await startSim();
    const refresh = () =>
      fetch(`${sim!.origin}/oauth_token.do`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: 'nowbridge-public' }),
      });
    const tokens = sim.control.issueTokens(agent.user_name);
    sim.control.failNext(1, 503);
    sim.control.failNext(1, 502, { method: 'POST', path: /^\/oauth_token\.do$/ });
    sim.control.failNext(1, 401, { method: 'POST', path: /^\/oauth_token\.do$/ });
    expect((await refresh()).status).toBe(502);
    const refused = await refresh();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error_description: 'access_denied', error: 'server_error' });
    expect((await refresh()).status).toBe(200);
    expect((await get()).status).toBe(503);
  });

  it('authenticates first: a call without credentials is 401 and does not use up a queued failure', async () => {
    sim = await startSim();
    sim.control.failNext(1);
    expect((await get('/api/now/table/incident', { Accept: 'application/json' })).status).toBe(401);
    expect((await get()).status).toBe(429);
    expect((await get()).status).toBe(200);
  });

  it('rate429 = 1 fails every call, 0 none; switchable while running', async () => {
    sim = await startSim({ faults: { rate429: 1 } });
    expect((await get()).status).toBe(429);
    expect((await get()).status).toBe(429);
    sim.control.setFaults({ rate429: 0 });
    expect((await get()).status).toBe(200);
    expect(sim.control.faults().rate429).toBe(0);
  });

  it('does not touch the UI or the OAuth endpoints', async () => {
    sim = await startSim({ faults: { rate429: 1 } });
    expect((await fetch(`${sim.origin}/login.do`)).status).toBe(200);
  });
});

describe('5xx', () => {
  it('rate5xx = 1 answers 500 or 503 in the envelope', async () => {
    sim = await startSim({ faults: { rate5xx: 1 } });
    for (let i = 0; i < 6; i++) {
      const res = await get();
      expect([500, 503]).toContain(res.status);
      const body = await res.json();
      expect(body.status).toBe('failure');
      expect(typeof body.error.message).toBe('string');
      if (res.status === 503) expect(res.headers.get('retry-after')).toBe('2');
    }
  });

  it('failNext with a status gives exactly that status', async () => {
    sim = await startSim();
    sim.control.failNext(1, 503);
    const res = await get();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { message: 'Service Unavailable', detail: 'The instance is temporarily unavailable' }, status: 'failure' });
    sim.control.failNext(1, 500);
    expect((await get()).status).toBe(500);
  });

  it('draws the same 500/503 sequence for the same seed', () => {
    const seq = () => {
      const f = createFaults(42, { rate5xx: 0.5, rate429: 0.2 });
      return Array.from({ length: 30 }, () => f.pick()?.status ?? 200);
    };
    expect(seq()).toEqual(seq());
    expect(new Set(seq())).toEqual(new Set([200, 429, 500, 503]));
  });
});

describe('latency and stalls', () => {
  it('adds latencyMs to responses, and can be turned off while running', async () => {
    sim = await startSim({ faults: { latencyMs: 150 } });
    let t = Date.now();
    expect((await get()).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(145);
    sim.control.setFaults({ latencyMs: 0 });
    t = Date.now();
    await get();
    expect(Date.now() - t).toBeLessThan(145);
  });

  it('stallMs outlasts a client timeout, then answers normally', async () => {
    sim = await startSim();
    sim.control.setFaults({ stallMs: 300 });
    await expect(fetch(`${sim.origin}/api/now/table/incident?sysparm_limit=1`, { headers: auth, signal: AbortSignal.timeout(100) })).rejects.toThrow();
    const t = Date.now();
    const res = await get();
    expect(res.status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(295);
  });

  it('stop() does not wait for a stalled response', async () => {
    sim = await startSim({ faults: { stallMs: 60_000 } });
    const pending = get().catch(() => 'closed');
    // Wait until the request is in, not for a fixed time.
    await vi.waitFor(() => expect(sim!.requests).toHaveLength(1));
    const t = Date.now();
    await sim.stop();
    sim = undefined;
    expect(Date.now() - t).toBeLessThan(2000);
    await pending;
  });
});

describe('request log', () => {
  it('records every request with its final status; countRequests filters it', async () => {
    sim = await startSim();
    sim.control.failNext(1);
    await get();
    await get();
    expect(sim.control.countRequests((r) => r.pathname === '/api/now/table/incident')).toBe(2);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 200]);
  });
});
