// @vitest-environment node
/**
 * Creating an incident through the Table API as NowBridge does it (records-and-watch-contracts.md A.4, A.9, B.1):
 * the number and priority are the instance's, field write ACLs drop values silently on insert as on update, an
 * insert-time data policy answers A.4's 403, and the correlation fields exist on task.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SN_USERS } from '../fixtures';
import { DEFAULT_POLICIES } from './policies';
import { SEED_IDS } from './seed';
import { startTestApi, type TestApi } from './testing';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());
afterEach(() => Object.assign(api.store.policies, { ...DEFAULT_POLICIES, fieldWriteRoles: {}, incidentCreateMandatory: [] }));

const ABEL = SN_USERS.requester;
const FIELDS = 'sys_id,number,priority,impact,urgency,category,assignment_group,correlation_id,correlation_display,short_description';
const create = (body: unknown, user?: string) =>
  api.call(`/api/now/table/incident?sysparm_fields=${FIELDS}&sysparm_input_display_value=false`, { method: 'POST', body, ...(user ? { user } : {}) });
const resultOf = async (res: Response) => ((await res.json()) as { result: Record<string, string> }).result;

describe('POST /api/now/table/incident', () => {
  it('numbers the incident, derives priority from impact × urgency (whatever priority was sent), keeps the correlation fields', async () => {
    const res = await create({ short_description: 'Mail down', impact: '1', urgency: '2', priority: '5', category: 'network', correlation_id: 'p'.repeat(26), correlation_display: 'Mattermost' });
    expect(res.status).toBe(201);
    const r = await resultOf(res);
    expect(r.number).toMatch(/^INC\d{7}$/);
    expect(r).toMatchObject({ priority: '2', impact: '1', urgency: '2', category: 'network', correlation_id: 'p'.repeat(26), correlation_display: 'Mattermost' });
    const next = await resultOf(await create({ short_description: 'Another' }));
    expect(Number(next.number!.slice(3))).toBe(Number(r.number!.slice(3)) + 1);
    // nothing sent: the dictionary defaults
    expect(next).toMatchObject({ impact: '3', urgency: '3' });
  });

  it('drops a field the requester may not write, silently, on insert as on update (A.9; B.1: urgency/impact need itil or sn_incident_write)', async () => {
    api.store.policies.fieldWriteRoles = { 'incident.urgency': ['itil', 'sn_incident_write'], 'incident.impact': ['itil', 'sn_incident_write'] };
    const abel = await create({ short_description: 'Mine', caller_id: ABEL.sys_id, impact: '1', urgency: '1' }, ABEL.user_name);
    expect(abel.status).toBe(201);
    expect(await resultOf(abel)).toMatchObject({ impact: '3', urgency: '3', short_description: 'Mine' });
    // beth has itil: kept
    expect(await resultOf(await create({ short_description: 'Hers', impact: '1', urgency: '1' }))).toMatchObject({ impact: '1', urgency: '1', priority: '1' });
  });

  it("leaves out fields the requester may not read, which he therefore can't write (assignment group)", async () => {
    const res = await create({ short_description: 'x', caller_id: ABEL.sys_id, assignment_group: SEED_IDS.groups.Network }, ABEL.user_name);
    const r = await resultOf(res);
    expect(r).not.toHaveProperty('assignment_group');
    expect(api.store.get('incident', r.sys_id!)!.assignment_group).toBe('');
  });

  it('an insert-time data policy refuses with the 403 shape of A.4 and saves nothing', async () => {
    api.store.policies.incidentCreateMandatory = ['short_description', 'caller_id'];
    const before = api.store.scan('incident').length;
    const res = await create({ short_description: ' ', description: 'no caller' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { message: 'Operation Failed', detail: 'Data Policy Exception: \n\tThe following fields are mandatory: Short description, Caller' },
      status: 'failure',
    });
    expect(api.store.scan('incident').length).toBe(before);
    expect((await create({ short_description: 'ok', caller_id: ABEL.sys_id })).status).toBe(201);
  });

  it('has sys_choice rows for the form: incident category, task impact and urgency (inherited by incident)', async () => {
    const q = encodeURIComponent('nameINincident,task^elementINcategory,impact,urgency^inactive=false^language=en^ORDERBYsequence');
    const res = await api.call(`/api/now/table/sys_choice?sysparm_query=${q}&sysparm_fields=name,element,value,label`);
    const rows = ((await res.json()) as { result: Record<string, string>[] }).result;
    const of = (name: string, element: string) => rows.filter((r) => r.name === name && r.element === element).map((r) => r.value);
    expect(of('incident', 'category')).toContain('network');
    expect(of('task', 'impact')).toEqual(['1', '2', '3']);
    expect(of('task', 'urgency')).toEqual(['1', '2', '3']);
  });
});
