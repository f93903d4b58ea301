// @vitest-environment node
/** The Table API client against the real ServiceNow simulator over HTTP. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../../sim/servicenow';
import { SN_RECORDS } from '../../sim/fixtures';
import { type Fetch, HttpError } from '../http';
import { createTableClient, escapeQueryValue, nextOffset, type TableClientOptions } from './table-client';
import { bearerFetch } from '../testing/bearer-fetch';
import { writeRefusal } from './write-refusal';

type Sim = Awaited<ReturnType<typeof start>>;
let sim: Sim;
let token: string;

beforeAll(async () => {
  sim = await start();
  token = sim.control.issueTokens('beth.anglin').access_token;
});
afterAll(() => sim.stop());
afterEach(() => sim.control.setFaults({ latencyMs: 0, stallMs: 0 }));


const sleeps: number[] = [];
const client = (opts: TableClientOptions = {}, base = sim.origin) =>
  createTableClient(bearerFetch(token), base, { sleep: async (ms) => void sleeps.push(ms), ...opts });
const apiCalls = () => sim.requests.filter((r) => r.pathname.startsWith('/api/now/table/'));
/** counts API requests made while `fn` runs */
async function counting<T>(fn: () => Promise<T>): Promise<{ value: T; calls: number }> {
  const before = apiCalls().length;
  const value = await fn();
  return { value, calls: apiCalls().length - before };
}
const INC = SN_RECORDS.incident;

describe('requests', () => {
  it('always sends display_value=all, exclude_reference_link, explicit fields and Accept', async () => {
    await client().list('incident', { query: 'active=true', fields: ['sys_id', 'number', 'number'], limit: 5 });
    const r = apiCalls().at(-1)!;
    expect(r.headers.accept).toBe('application/json');
    expect(r.query.get('sysparm_display_value')).toBe('all');
    expect(r.query.get('sysparm_exclude_reference_link')).toBe('true');
    expect(r.query.get('sysparm_fields')).toBe('sys_id,number');
    expect(r.query.get('sysparm_query')).toBe('active=true');
    expect(r.query.get('sysparm_limit')).toBe('5');
  });

  it('a value never starts with javascript:, which the instance would run as a script', () => {
    expect(escapeQueryValue('javascript:gs.getUserID()')).toBe('gs.getUserID()');
    expect(escapeQueryValue('JAVASCRIPT:  javascript:x^y')).toBe('x^^y');
    expect(escapeQueryValue('see javascript:x')).toBe('see javascript:x');
  });

  it('encodes queries so that ^, & and spaces survive', async () => {
    const q = `short_descriptionLIKE${escapeQueryValue('a^b & c')}^ORnumber=X`;
    await client().list('incident', { query: q, fields: 'number' });
    expect(apiCalls().at(-1)!.query.get('sysparm_query')).toBe('short_descriptionLIKEa^^b & c^ORnumber=X');
  });

  it('reads {display_value, value} pairs', async () => {
    const row = await client().get('incident', INC.sys_id, 'number,state,assigned_to');
    expect(row.number).toEqual({ display_value: INC.number, value: INC.number });
    expect(row.state).toMatchObject({ value: expect.any(String), display_value: expect.any(String) });
    expect(row.assigned_to).not.toHaveProperty('link');
  });

  it('refuses a table name that is not one', async () => {
    await expect(client().get('incident/../x', INC.sys_id, 'number')).rejects.toMatchObject({ kind: 'http' });
  });
});

describe('paging', () => {
  it('takes the total from X-Total-Count and the next offset from Link rel="next"', async () => {
    const page = await client().list('incident', { fields: 'number', limit: 10, offset: 20 });
    expect(page.rows).toHaveLength(10);
    expect(page.total).toBeGreaterThan(200);
    expect(page.nextOffset).toBe(30);
  });

  it('has no next offset on the last page', async () => {
    const { total } = await client().list('incident', { fields: 'number', limit: 1 });
    const last = await client().list('incident', { fields: 'number', limit: 10, offset: total! - 5 });
    expect(last.nextOffset).toBeUndefined();
  });

  it('does not take a page shortened by ACLs for the end', async () => {
    // The ACL-hidden incident is counted but not returned: a page of 1 comes back empty, with a next.
    const page = await client().list('incident', { query: `number=${SN_RECORDS.aclHidden.number}^ORnumber=${INC.number}^ORDERBYDESCnumber`, fields: 'number', limit: 1 });
    expect(page.rows).toHaveLength(0);
    expect(page.total).toBe(2);
    expect(page.nextOffset).toBe(1);
  });

  it('falls back to X-Total-Count when there is no Link header (unit)', () => {
    expect(nextOffset(new Headers({ 'x-total-count': '25' }), 10, 10)).toBe(20);
    expect(nextOffset(new Headers({ 'x-total-count': '20' }), 10, 10)).toBeUndefined();
    expect(nextOffset(new Headers(), 0, 10)).toBeUndefined();
    expect(nextOffset(new Headers({ link: '<https://x/api?sysparm_offset=0>;rel="first"' }), 0, 10)).toBeUndefined();
  });
});

describe('errors', () => {
  it('get of an ACL-hidden record → not-found "or you don\'t have access"', async () => {
    const err = await client().get('incident', SN_RECORDS.aclHidden.sys_id, 'number').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'not-found', status: 404 });
    expect((err as Error).message).toMatch(/not found.*don't have access/i);
  });

  it('surfaces the ServiceNow error envelope message', async () => {
    const err = await client().list('no_such_table', { fields: 'number' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'http', status: 400 });
    expect((err as Error).message).toContain('ServiceNow says: “Invalid table no_such_table”');
  });

  it('an HTML page where JSON was expected → not-json: a wrong address, or (a password field in it) a sign-in page', async () => {
    const page: Fetch = async () => new Response('<!DOCTYPE html><h1>Welcome to our intranet</h1>', { headers: { 'content-type': 'text/html' } });
    const err = await createTableClient(page, sim.origin).get('incident', INC.sys_id, 'number').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not-json' });
    expect((err as Error).message).toMatch(/answered with a web page instead of the ServiceNow .* Is this the right address\?$/);
    sim.network.next({ path: /^\/api\/now\/table\/incident\//, fault: { kind: 'html-login' } });
    const signIn = await client().get('incident', INC.sys_id, 'number').catch((e: unknown) => e);
    expect(signIn).toMatchObject({ kind: 'not-json', status: 200 });
    expect((signIn as Error).message).toMatch(/showed its sign-in page instead of answering\. Sign in to .* in a tab, then try again\.$/);
  });

  it('an answer that breaks off on its way (the connection drops mid-body) → unreachable, not "doesn\'t understand"', async () => {
    sim.network.next({ method: 'GET', path: /^\/api\/now\/table\/incident\//, fault: { kind: 'cut' } });
    const err = await client().get('incident', INC.sys_id, 'number').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unreachable' });
    expect((err as Error).message).toMatch(/broke off before its answer arrived\. Try again\.$/);
    const bad: Fetch = async () => new Response('{"result": [', { headers: { 'content-type': 'application/json' } });
    await expect(createTableClient(bad, sim.origin).list('incident', { fields: 'number' })).rejects.toMatchObject({ kind: 'bad-response' });
  });

  it('an unexpected JSON shape → bad-response', async () => {
    const odd: Fetch = async () => new Response(JSON.stringify({ records: [] }), { headers: { 'content-type': 'application/json' } });
    await expect(createTableClient(odd, sim.origin).list('incident', { fields: 'number' })).rejects.toMatchObject({ kind: 'bad-response' });
  });

  it('a stall beyond the timeout → timeout', async () => {
    sim.control.setFaults({ stallMs: 3000 });
    await expect(client({ timeoutMs: 100 }).get('incident', INC.sys_id, 'number')).rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('429', () => {
  it('retries after the server\'s Retry-After, via the injected sleep, and returns one result', async () => {
    sleeps.length = 0;
    sim.control.failNext(1, 429, { retryAfterSec: 3 });
    const { value, calls } = await counting(() => client().get('incident', INC.sys_id, 'number'));
    expect(value.number).toMatchObject({ value: INC.number });
    expect(calls).toBe(2);
    expect(sleeps).toEqual([3000]);
  });

  it('uses X-RateLimit-Reset (epoch) when there is no Retry-After', async () => {
    const sleeps2: number[] = [];
    let first = true;
    const f: Fetch = async (input, init) => {
      if (first) {
        first = false;
        return new Response('{"error":{"message":"Rate limit exceeded","detail":null},"status":"failure"}', {
          status: 429,
          headers: { 'content-type': 'application/json', 'x-ratelimit-reset': '1700000005' },
        });
      }
      return bearerFetch(token)(input, init);
    };
    const c = createTableClient(f, sim.origin, { sleep: async (ms) => void sleeps2.push(ms), now: () => 1_700_000_000_000 });
    await c.get('incident', INC.sys_id, 'number');
    expect(sleeps2).toEqual([5000]);
    first = true;
    const err = await createTableClient(f, sim.origin, { maxRetries: 0, now: () => 1_700_000_000_000 })
      .get('incident', INC.sys_id, 'number')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rate-limited', retryAfterMs: 5000, message: expect.stringContaining('in 5 s') });
  });

  it('gives up after the bounded retries with rate-limited', async () => {
    sleeps.length = 0;
    sim.control.failNext(3, 429, { retryAfterSec: 1 });
    const { value: err, calls } = await counting(() => client({ maxRetries: 2 }).get('incident', INC.sys_id, 'number').catch((e: unknown) => e));
    expect(err).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 1000 });
    expect(calls).toBe(3);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('does not retry when the server asks for longer than the cap', async () => {
    sleeps.length = 0;
    sim.control.failNext(1, 429, { retryAfterSec: 3600 });
    const { value: err, calls } = await counting(() => client().get('incident', INC.sys_id, 'number').catch((e: unknown) => e));
    expect(err).toMatchObject({ kind: 'rate-limited' });
    expect((err as Error).message).toContain('try again in 60 min');
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });
});

describe('a rate limit the instance announced', () => {
  /** a client on a clock the test moves: the injected sleep advances it */
  function clocked(opts: TableClientOptions = {}) {
    let t = 1_700_000_000_000;
    const slept: number[] = [];
    const c = client({ now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)), ...opts });
    return { c, slept, later: (ms: number) => void (t += ms) };
  }

  it('is waited for by every later request of the client instead of asking again', async () => {
    const { c, slept, later } = clocked();
    sim.control.failNext(1, 429, { retryAfterSec: 4 });
    await expect(c.list('incident', { fields: 'number', limit: 1, retries: 0 })).rejects.toMatchObject({ kind: 'rate-limited' });
    // another read 1 s into the limit: it waits the 3 s left, then asks once
    later(1000);
    const { calls } = await counting(() => c.get('incident', INC.sys_id, 'number'));
    expect(slept).toEqual([3000]);
    expect(calls).toBe(1);
  });

  it('longer than the client waits: later requests fail at once, saying when, and send nothing', async () => {
    const { c } = clocked();
    sim.control.failNext(1, 429, { retryAfterSec: 1800 });
    await expect(c.get('incident', INC.sys_id, 'number')).rejects.toMatchObject({ kind: 'rate-limited' });
    const { value: err, calls } = await counting(() => c.list('incident', { fields: 'number', limit: 1 }).catch((e: unknown) => e));
    expect(calls).toBe(0);
    expect(err).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 1_800_000, message: expect.stringContaining('try again in 30 min') });
  });

  it('a caller that schedules its own retries (watching) is told at once, with the time left', async () => {
    const { c, later } = clocked();
    sim.control.failNext(1, 429, { retryAfterSec: 5 });
    await c.list('incident', { fields: 'number', limit: 1, retries: 0 }).catch(() => undefined);
    later(2000);
    const { value: err, calls } = await counting(() => c.list('incident', { fields: 'number', limit: 1, retries: 0 }).catch((e: unknown) => e));
    expect(calls).toBe(0);
    expect(err).toMatchObject({ kind: 'rate-limited', retryAfterMs: 3000 });
  });
});

describe('identical in-flight reads', () => {
  it('two identical concurrent gets → one request, two independent copies', async () => {
    sim.control.setFaults({ latencyMs: 30 });
    const c = client();
    const { value, calls } = await counting(() => Promise.all([c.get('incident', INC.sys_id, 'number'), c.get('incident', INC.sys_id, 'number')]));
    expect(calls).toBe(1);
    expect(value[0]).toEqual(value[1]);
    expect(value[0]).not.toBe(value[1]);
  });

  it('different reads are not shared; a finished read is not reused', async () => {
    const c = client();
    const { calls } = await counting(async () => {
      await Promise.all([c.get('incident', INC.sys_id, 'number'), c.get('incident', INC.sys_id, 'number,state')]);
      await c.get('incident', INC.sys_id, 'number');
    });
    expect(calls).toBe(3);
  });

  it("one caller's abort does not abort the other", async () => {
    sim.control.setFaults({ latencyMs: 50 });
    const c = client();
    const ac = new AbortController();
    const { value, calls } = await counting(async () => {
      const a = c.get('incident', INC.sys_id, 'number', ac.signal);
      const b = c.get('incident', INC.sys_id, 'number');
      ac.abort(new DOMException('gone', 'AbortError'));
      return Promise.allSettled([a, b]);
    });
    expect(value[0].status).toBe('rejected');
    expect(value[1]).toMatchObject({ status: 'fulfilled', value: { number: { value: INC.number } } });
    expect(calls).toBe(1);
  });

  it('when every caller has left, the shared read is dropped and the next call starts afresh', async () => {
    sim.control.setFaults({ latencyMs: 50 });
    let seen: AbortSignal | undefined;
    const spy: Fetch = (input, init) => {
      seen = init?.signal ?? undefined;
      return bearerFetch(token)(input, init);
    };
    const c = createTableClient(spy, sim.origin);
    const ac = new AbortController();
    const a = c.get('incident', INC.sys_id, 'number', ac.signal);
    await new Promise((r) => setTimeout(r, 5));
    ac.abort(new DOMException('gone', 'AbortError'));
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen?.aborted).toBe(true);
    await expect(c.get('incident', INC.sys_id, 'number')).resolves.toMatchObject({ number: { value: INC.number } });
  });

  it('an aborted signal rejects at once', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(client().get('incident', INC.sys_id, 'number', ac.signal)).rejects.toBeDefined();
  });
});

describe('patch', () => {
  it('writes with Content-Type JSON and returns the updated row', async () => {
    const row = await client().patch('incident', SN_RECORDS.incident2.sys_id, { work_notes: 'from the client test' }, 'number,sys_updated_on');
    expect(row.number).toMatchObject({ value: SN_RECORDS.incident2.number });
    const r = apiCalls().at(-1)!;
    expect(r.method).toBe('PATCH');
    expect(r.headers['content-type']).toBe('application/json');
  });
});

describe('create', () => {
  const FIELDS = 'sys_id,number,urgency,short_description';
  it('POSTs JSON with actual values and returns the new record in the read shape (201)', async () => {
    const row = await client().create('incident', { short_description: 'From the client test', urgency: '2' }, FIELDS);
    expect(row.number).toMatchObject({ value: expect.stringMatching(/^INC\d{7}$/) });
    expect(row.urgency).toEqual({ value: '2', display_value: '2 - Medium' });
    const r = apiCalls().at(-1)!;
    expect(r.method).toBe('POST');
    expect(r.pathname).toBe('/api/now/table/incident');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.query.get('sysparm_input_display_value')).toBe('false');
    expect(r.query.get('sysparm_display_value')).toBe('all');
    expect(r.query.get('sysparm_fields')).toBe(FIELDS);
  });

  it("surfaces a data policy's and an ACL's 403 as patch does, for write-refusal.ts", async () => {
    sim.store.policies.incidentCreateMandatory = ['caller_id'];
    try {
      const err = await client().create('incident', { short_description: 'no caller' }, FIELDS).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 403, detail: expect.stringContaining('Data Policy Exception') });
      expect(writeRefusal(err)).toMatchObject({ kind: 'mandatory', labels: ['Caller'] });
    } finally {
      sim.store.policies.incidentCreateMandatory = [];
    }
    const abel = sim.control.issueTokens('abel.tuter').access_token;
    const denied = await createTableClient(bearerFetch(abel), sim.origin).create('change_request', { short_description: 'x' }, FIELDS).catch((e: unknown) => e);
    expect(writeRefusal(denied)).toMatchObject({ kind: 'acl' });
  });

  it('is not retried when the answer is lost (a write): only a 429 is', async () => {
    sleeps.length = 0;
    sim.control.failNext(1, 429, { retryAfterSec: 1 });
    const { value, calls } = await counting(() => client().create('incident', { short_description: 'after a 429' }, FIELDS));
    expect(value.short_description).toMatchObject({ value: 'after a 429' });
    expect(calls).toBe(2);
    sim.control.setFaults({ stallMs: 3000 });
    const { value: err, calls: once } = await counting(() => client({ timeoutMs: 100 }).create('incident', { short_description: 'stalled' }, FIELDS).catch((e: unknown) => e));
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(once).toBe(1);
  });
});
