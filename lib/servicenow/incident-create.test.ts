// @vitest-environment node
/** Creating incidents and finding a post's incident, against the ServiceNow simulator's Table API over HTTP. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SN_USERS } from '../../sim/fixtures';
import { DEFAULT_POLICIES } from '../../sim/servicenow/policies';
import { SEED_IDS } from '../../sim/servicenow/seed';
import { startTestApi, type TestApi } from '../../sim/servicenow/testing';
import { createIncident, droppedLabels, findIncidentFromPost, incidentBody, readCreatedIncident } from './incident-create';
import { createTableClient, type TableClient } from './table-client';
import { writeRefusal } from './write-refusal';

let api: TestApi;
let clock = Date.UTC(2025, 5, 2, 8, 0, 0);
const as = (user: string): TableClient =>
  createTableClient((input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', user);
    return fetch(input, { ...init, headers });
  }, api.origin);
beforeAll(async () => {
  api = await startTestApi(1, { now: () => (clock += 1000) });
});
afterAll(() => api.stop());
afterEach(() => Object.assign(api.store.policies, { ...DEFAULT_POLICIES, fieldWriteRoles: {}, incidentCreateMandatory: [] }));

const BETH = SN_USERS.agent;
const ABEL = SN_USERS.requester;
const POST = 'k8wqh1x5ojrg3jt5f4qy3byc6a';
const ci = () => api.store.scan('cmdb_ci')[0]!.sys_id!;

describe('createIncident', () => {
  it('sends what was chosen as actual values (never priority), asks back only those fields, and reports nothing dropped', async () => {
    const got = await createIncident(as(BETH.user_name), {
      short_description: 'Mail is down',
      description: 'Nobody gets mail.\nSince 9:00.',
      caller_id: ABEL.sys_id,
      impact: '1',
      urgency: '2',
      category: 'network',
      assignment_group: SEED_IDS.groups.Network!,
      cmdb_ci: ci(),
      correlation_id: POST,
    });
    expect(got).toMatchObject({ table: 'incident', sys_id: expect.stringMatching(/^[0-9a-f]{32}$/), number: expect.stringMatching(/^INC\d{7}$/), dropped: [] });
    const req = api.requests.at(-1)!;
    expect(req.method).toBe('POST');
    const body = JSON.parse(req.body) as Record<string, string>;
    expect(body).not.toHaveProperty('priority');
    expect(body).not.toHaveProperty('contact_type');
    expect(body.correlation_display).toBe('Mattermost');
    expect(req.query.get('sysparm_fields')!.split(',').sort()).toEqual(['sys_id', 'number', ...Object.keys(body)].sort());
    // the instance computed the priority from impact × urgency
    expect(api.store.get('incident', got.sys_id)!.priority).toBe('2');
  });

  it("names the fields ServiceNow silently dropped (A.9): a requester's impact and urgency, a group he can't see", async () => {
    api.store.policies.fieldWriteRoles = { 'incident.impact': ['itil', 'sn_incident_write'], 'incident.urgency': ['itil', 'sn_incident_write'] };
    const got = await createIncident(as(ABEL.user_name), { short_description: 'My laptop', description: '', caller_id: ABEL.sys_id, impact: '1', urgency: '1', assignment_group: SEED_IDS.groups.Network! });
    expect(got.dropped).toEqual(['Impact', 'Urgency', 'Assignment group']);
    expect(got.number).toMatch(/^INC/);
  });

  it("throws the data policy's 403 for write-refusal.ts, naming the fields by label; nothing is created", async () => {
    api.store.policies.incidentCreateMandatory = ['caller_id'];
    const before = api.store.scan('incident').length;
    const err = await createIncident(as(BETH.user_name), { short_description: 'x', description: '' }).catch((e: unknown) => e);
    expect(writeRefusal(err)).toMatchObject({ kind: 'mandatory', labels: ['Caller'] });
    expect(api.store.scan('incident').length).toBe(before);
  });

  it('refuses before sending what is not a choice value or a sys_id, or no short description', async () => {
    const before = api.requests.length;
    expect(() => incidentBody({ short_description: ' ', description: 'x' })).toThrow('short description');
    expect(() => incidentBody({ short_description: 'x', description: '', caller_id: 'Abel Tuter' })).toThrow('Caller');
    expect(() => incidentBody({ short_description: 'x', description: '', category: 'c'.repeat(41) })).toThrow('Category');
    await expect(createIncident(as(BETH.user_name), { short_description: '', description: '' })).rejects.toThrow();
    expect(api.requests.length).toBe(before);
    // blanks are not sent at all
    expect(incidentBody({ short_description: ' Hi ', description: '', impact: '', cmdb_ci: undefined })).toEqual({ short_description: 'Hi' });
  });

  it('a text the instance cut to its length is kept, an emptied or changed value is dropped', () => {
    const sent = { short_description: 'a'.repeat(200), description: 'Line 1\r\nLine 2', urgency: '1' };
    expect(droppedLabels(sent, { short_description: 'a'.repeat(160), description: 'Line 1\nLine 2\n', urgency: { value: '1', display_value: '1 - High' } })).toEqual([]);
    expect(droppedLabels(sent, { short_description: '', description: 'Other', urgency: '3' })).toEqual(['Short description', 'Description', 'Urgency']);
    expect(droppedLabels(sent, {})).toEqual(['Short description', 'Description', 'Urgency']);
  });
});

describe('findIncidentFromPost', () => {
  const post = 'w9mjs7fkbtrzx1ay8e3ucnpd4o';
  it("finds the newest incident raised from the post; another system's correlation is not ours", async () => {
    const beth = as(BETH.user_name);
    expect(await findIncidentFromPost(beth, post)).toBeUndefined();
    await createIncident(beth, { short_description: 'first', description: '', correlation_id: post });
    const second = await createIncident(beth, { short_description: 'second', description: '', correlation_id: post });
    await createIncident(beth, { short_description: 'elsewhere', description: '', correlation_id: post, correlation_display: 'Slack' });
    const found = await findIncidentFromPost(beth, post);
    expect(found).toEqual({ table: 'incident', sys_id: second.sys_id, number: second.number, short_description: 'second', opened_by: 'Beth Anglin', created_on: expect.stringMatching(/^2025-06-02T08:\d\d:\d\d\.000Z$/) });
    const q = api.requests.at(-1)!.query.get('sysparm_query');
    expect(q).toBe(`correlation_id=${post}^correlation_display=Mattermost^ORDERBYDESCsys_created_on`);
    // a requester does not see Beth's incident (not his): none for him
    expect(await findIncidentFromPost(as(ABEL.user_name), post)).toBeUndefined();
  });

  it('asks nothing for what is not a post id (no query injection)', async () => {
    const before = api.requests.length;
    expect(await findIncidentFromPost(as(BETH.user_name), 'x^ORactive=true')).toBeUndefined();
    expect(api.requests.length).toBe(before);
  });

  it('readCreatedIncident compares a found incident with what the lost create sent', async () => {
    const input = { short_description: 'lost answer', description: '', urgency: '1', correlation_id: 'abcdefghijklmnopqrstuvwxyz' };
    const made = await createIncident(as(BETH.user_name), input);
    expect(await readCreatedIncident(as(BETH.user_name), made.sys_id, input)).toEqual(made);
  });
});
