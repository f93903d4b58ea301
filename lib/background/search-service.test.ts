// @vitest-environment node
/**
 * Search against the real ServiceNow simulator over HTTP, counting Table API requests: one through `task`
 * plus one on kb_knowledge per search, the exact record for a typed number, filters, paging, the 30 s cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { start } from '../../sim/servicenow';
import { DEFAULT_PREFIXES } from '../servicenow/record-number';
import type { RecentRecords } from './recent-records';
import { createClients } from './clients';
import { CACHE_MS, createSearchService } from './search-service';
import { bearerFetch } from '../testing/bearer-fetch';

type Sim = Awaited<ReturnType<typeof start>>;
let sim: Sim;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.stop());

const apiCalls = () => sim.requests.filter((r) => r.pathname.startsWith('/api/now/'));
let t = 1_750_000_000_000;

function service(recentRefs: { table: string; sys_id: string }[] = [], other: string[] = []) {
  const recent: RecentRecords = {
    list: async (instance) => recentRefs.map((r) => ({ ...r, instance, at: 0 })),
    add: async () => undefined,
    forget: async () => undefined,
    max: 20,
  };
  return createSearchService({
    clients: createClients({
      fetchFor: async () => {
        const token = sim.control.issueTokens(SN_USERS.agent.user_name).access_token;
        return bearerFetch(token);
      },
    }),
    numbering: { get: async () => ({ prefixes: { ...DEFAULT_PREFIXES }, minDigits: 7 }) },
    recent,
    extraTables: async () => ({ task: [], other }),
    now: () => t,
  });
}

describe('search service', () => {
  it('free text: one task request and one knowledge request, newest first, with a total', async () => {
    const s = service();
    const before = apiCalls().length;
    const page = await s.search({ instance: sim.origin, text: 'e', filters: {} });
    const calls = apiCalls().slice(before);
    expect(calls.map((c) => c.pathname).sort()).toEqual(['/api/now/table/kb_knowledge', '/api/now/table/task']);
    expect(page.results.length).toBeGreaterThan(0);
    const times = page.results.map((r) => r.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(page.total).toBeGreaterThanOrEqual(page.results.length);
    expect(page.results[0]!.markdown).toMatch(/^\[[A-Z]+\d+: .*\]\(https?:\/\/.*\)$/);
  });

  it('search text starting with javascript: is searched for, never run on the instance', async () => {
    // The simulator drops a condition whose script it cannot run, as an instance does with a failing one:
    // before the fix this search returned every record.
    const before = apiCalls().length;
    const page = await service().search({ instance: sim.origin, text: "javascript:new GlideRecord('sys_user').deleteMultiple()", filters: {} });
    const queries = apiCalls().slice(before).map((c) => c.query.get('sysparm_query') ?? '');
    expect(queries).toHaveLength(2);
    for (const q of queries) expect(q).not.toMatch(/(LIKE|=|STARTSWITH)\s*javascript:/i);
    expect(page.results).toEqual([]);
  });

  it('a table the user added gets its own request', async () => {
    const before = apiCalls().length;
    await service([], ['sc_task']).search({ instance: sim.origin, text: 'laptop', filters: {} });
    expect(apiCalls().slice(before).map((c) => c.pathname).sort()).toEqual(['/api/now/table/kb_knowledge', '/api/now/table/sc_task', '/api/now/table/task']);
  });

  it('a number in lower case without zeros puts the exact record first', async () => {
    const page = await service().search({ instance: sim.origin, text: 'inc10001', filters: {} });
    expect(page.exact).toMatchObject({ number: SN_RECORDS.incident.number, table: 'incident', sys_id: SN_RECORDS.incident.sys_id });
    expect(page.results.some((r) => r.sys_id === SN_RECORDS.incident.sys_id)).toBe(false);
  });

  it('filters: Mine returns only my records and leaves knowledge out', async () => {
    const page = await service().search({ instance: sim.origin, text: '', filters: { mine: true } });
    const beth = sim.store.userByName(SN_USERS.agent.user_name)!;
    expect(page.results.length).toBeGreaterThan(0);
    for (const r of page.results) {
      expect(r.table).not.toBe('kb_knowledge');
      expect(sim.store.scan(r.table).find((x) => x.sys_id === r.sys_id)?.assigned_to).toBe(beth.sys_id);
    }
  });

  it('table chips narrow the search; Load more continues from the cursor', async () => {
    const s = service();
    const page = await s.search({ instance: sim.origin, text: '', filters: { tables: ['incident'] } });
    expect(new Set(page.results.map((r) => r.table))).toEqual(new Set(['incident']));
    expect(page.cursor).toEqual({ task: 20 });
    const more = await s.search({ instance: sim.origin, text: '', filters: { tables: ['incident'] }, cursor: page.cursor });
    expect(more.results[0]!.sys_id).not.toBe(page.results[0]!.sys_id);
  });

  it('answers the same search from its 30 s cache, then asks again', async () => {
    const s = service();
    await s.search({ instance: sim.origin, text: 'network', filters: { open: true } });
    const before = apiCalls().length;
    await s.search({ instance: sim.origin, text: 'network', filters: { open: true } });
    expect(apiCalls().length).toBe(before);
    t += CACHE_MS;
    await s.search({ instance: sim.origin, text: 'network', filters: { open: true } });
    expect(apiCalls().length).toBe(before + 2);
  });

  it('a newer search on the same view aborts the older one', async () => {
    const s = service();
    const old = s.search({ instance: sim.origin, text: 'old search', filters: {} }, 'popup');
    const fresh = s.search({ instance: sim.origin, text: 'new search', filters: {} }, 'popup');
    await expect(old).rejects.toThrow();
    await expect(fresh).resolves.toBeDefined();
  });

  it('home: recently viewed records and my open ones', async () => {
    const home = await service([{ table: 'incident', sys_id: SN_RECORDS.incident.sys_id }]).home(sim.origin);
    expect(home.recent.map((r) => r.number)).toEqual([SN_RECORDS.incident.number]);
    expect(home.mine.length).toBeGreaterThan(0);
  });
});
