// @vitest-environment node
/** People and group search for the panel's comboboxes, against the ServiceNow simulator's Table API over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SN_USERS } from '../../sim/fixtures';
import { startTestApi, type TestApi } from '../../sim/servicenow/testing';
import { searchPeople } from './people';
import { createTableClient, type TableClient } from './table-client';

let api: TestApi;
let client: TableClient;
beforeAll(async () => {
  api = await startTestApi();
  client = createTableClient((input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', SN_USERS.agent.user_name);
    return fetch(input, { ...init, headers });
  }, api.origin);
});
afterAll(() => api.stop());
const lastQuery = () => api.requests.at(-1)!.query;

describe('searchPeople', () => {
  it('finds active users by name, ten at most, ordered by name, with their email', async () => {
    const all = await searchPeople(client, { kind: 'user', query: 'a' });
    expect(all.length).toBeLessThanOrEqual(10);
    expect(all.map((p) => p.name)).toEqual([...all.map((p) => p.name)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(lastQuery().get('sysparm_query')).toBe('active=true^nameLIKEa^ORDERBYname');
    expect(lastQuery().get('sysparm_limit')).toBe('10');
    const david = await searchPeople(client, { kind: 'user', query: 'David' });
    expect(david).toEqual([{ sys_id: SN_USERS.agent2.sys_id, name: 'David Loo', detail: SN_USERS.agent2.email }]);
  });

  it('leaves inactive people out, and treats query syntax as text', async () => {
    const abel = api.store.get('sys_user', SN_USERS.requester.sys_id)!;
    abel.active = 'false';
    expect(await searchPeople(client, { kind: 'user', query: 'Abel' })).toEqual([]);
    abel.active = 'true';
    expect(await searchPeople(client, { kind: 'user', query: 'x^ORnameISNOTEMPTY' })).toEqual([]);
    expect(lastQuery().get('sysparm_query')).toBe('active=true^nameLIKEx^^ORnameISNOTEMPTY^ORDERBYname');
  });

  it("with a group, offers that group's members only (as ServiceNow's own form does)", async () => {
    const desk = api.store.scan('sys_user_group').find((g) => g.name === 'Service Desk')!;
    const members = new Set(api.store.scan('sys_user_grmember').filter((m) => m.group === desk.sys_id).map((m) => m.user));
    const got = await searchPeople(client, { kind: 'user', query: '', group: desk.sys_id! });
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((p) => members.has(p.sys_id))).toBe(true);
    expect(got.map((p) => p.name)).toContain('Beth Anglin');
    expect((await searchPeople(client, { kind: 'user', query: 'david', group: desk.sys_id! })).map((p) => p.name)).toEqual([]);
  });

  it('finds active groups by name', async () => {
    const got = await searchPeople(client, { kind: 'group', query: 'net' });
    expect(got.map((g) => g.name)).toEqual(['Network']);
    expect(got[0]!.detail).toBeTruthy();
  });

  it('tolerates rows it cannot name (a hidden group or member, A.5): they are not offered', async () => {
    const stub = { base: api.origin, list: async () => ({ rows: [{ user: 'a'.repeat(32) }, { user: 'b'.repeat(32), 'user.name': 'Visible Person', 'user.title': 'Engineer' }], total: 2, nextOffset: undefined }) } as unknown as TableClient;
    expect(await searchPeople(stub, { kind: 'user', query: '', group: 'c'.repeat(32) })).toEqual([{ sys_id: 'b'.repeat(32), name: 'Visible Person', detail: 'Engineer' }]);
  });
});
