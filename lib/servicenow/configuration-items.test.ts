// @vitest-environment node
/** CI search for the new-incident form, against the ServiceNow simulator's Table API over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SN_USERS } from '../../sim/fixtures';
import { startTestApi, type TestApi } from '../../sim/servicenow/testing';
import { searchConfigurationItems } from './configuration-items';
import { createTableClient, type TableClient } from './table-client';

let api: TestApi;
const as = (user: string): TableClient =>
  createTableClient((input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', user);
    return fetch(input, { ...init, headers });
  }, api.origin);
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('searchConfigurationItems', () => {
  it('finds operational CIs by name, ten at most, by name, with their class; the query text is text', async () => {
    const got = await searchConfigurationItems(as(SN_USERS.agent.user_name), 'srv');
    expect(got.map((c) => c.name)).toEqual(['EXCH-SRV-01', 'EXCH-SRV-02', 'FILESRV-02']);
    expect(got[0]).toMatchObject({ sys_id: expect.stringMatching(/^[0-9a-f]{32}$/), detail: 'cmdb_ci_server' });
    const asked = api.requests.at(-1)!.query;
    expect(asked.get('sysparm_query')).toBe('operational_status=1^nameLIKEsrv^ORDERBYname');
    expect(asked.get('sysparm_limit')).toBe('10');
    expect((await searchConfigurationItems(as(SN_USERS.agent.user_name), '')).length).toBeLessThanOrEqual(10);
    // PRN-FL3-01 is not operational
    expect(await searchConfigurationItems(as(SN_USERS.agent.user_name), 'PRN')).toEqual([]);
    expect(await searchConfigurationItems(as(SN_USERS.agent.user_name), 'x^ORnameISNOTEMPTY')).toEqual([]);
  });

  it('offers nothing to a user who may not read the CMDB', async () => {
    expect(await searchConfigurationItems(as(SN_USERS.requester.user_name), 'srv')).toEqual([]);
  });
});
