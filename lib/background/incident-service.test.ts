// @vitest-environment node
/**
 * "Create incident" against the ServiceNow simulator over HTTP: at most once per submission (a lost answer is
 * found by its post, not created twice), refusals as the form needs them, the same-user check, the form's lists.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SN_USERS } from '../../sim/fixtures';
import { DEFAULT_POLICIES } from '../../sim/servicenow/policies';
import { SEED_IDS } from '../../sim/servicenow/seed';
import { startTestApi, TEST_NOW_MS, type TestApi } from '../../sim/servicenow/testing';
import type { ConnectionStatus } from '../connections/status';
import type { Fetch } from '../http';
import { createCardCache } from './card-cache';
import { createClients } from './clients';
import { createIncidentService } from './incident-service';
import { createRecordService } from './record-service';
import { createIdentity } from './session-identity';

let api: TestApi;
let nowMs = TEST_NOW_MS;
const BETH = SN_USERS.agent;
const POST = 'k8wqh1x5ojrg3jt5f4qy3byc6a';
const posts = () => api.requests.filter((r) => r.method === 'POST' && r.pathname === '/api/now/table/incident');

function setup(method: ConnectionStatus['method'] = 'oauth') {
  const browser = { user: BETH.user_name as string, loseNextAnswer: false, failNextPost: false, denyCreate: false };
  const fetchFor = async (): Promise<Fetch> => async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', browser.user);
    if (init?.method === 'POST' && browser.failNextPost) {
      browser.failNextPost = false;
      // the network failed before the create reached ServiceNow
      throw new TypeError('Failed to fetch');
    }
    if (init?.method === 'POST' && browser.denyCreate) {
      const body = { error: { message: 'Operation Failed', detail: 'ACL Exception Insert Failed due to security constraints' }, status: 'failure' };
      return new Response(JSON.stringify(body), { status: 403, headers: { 'Content-Type': 'application/json' } });
    }
    const res = await fetch(input, { ...init, headers });
    if (init?.method === 'POST' && browser.loseNextAnswer) {
      browser.loseNextAnswer = false;
      // the create reached ServiceNow, its answer did not reach us
      throw new TypeError('Failed to fetch');
    }
    return res;
  };
  const clients = createClients({ fetchFor });
  const statuses = async (): Promise<Record<string, ConnectionStatus>> => ({
    [`servicenow:${api.origin}`]: { product: 'servicenow', base: api.origin, method, state: 'connected', user: { name: BETH.name, username: BETH.user_name } },
  });
  const records = createRecordService(clients, { now: () => nowMs, cache: createCardCache({ now: () => nowMs }), windowMs: 1 });
  const identity = createIdentity({ clients, statuses, now: () => nowMs });
  return { service: createIncidentService({ clients, records, identity, now: () => nowMs }), browser };
}

beforeEach(async () => {
  nowMs = TEST_NOW_MS;
  api = await startTestApi(1, { now: () => (nowMs += 1000) });
});
afterEach(() => api.stop());

const input = (more: object = {}) => ({ short_description: 'VPN drops every hour', description: 'Since the update.', caller_id: SN_USERS.requester.sys_id, urgency: '2', ...more });

describe('create', () => {
  it('creates once per submission however often it is sent, and reads the new card', async () => {
    const { service } = setup();
    const [a, b] = await Promise.all([service.create(api.origin, input(), 1), service.create(api.origin, input(), 1)]);
    expect(a).toBe(b);
    expect(await service.create(api.origin, input(), 1)).toBe(a);
    expect(posts()).toHaveLength(1);
    expect(a).toMatchObject({ outcome: 'created', recovered: false, incident: { table: 'incident', number: expect.stringMatching(/^INC/), dropped: [] } });
    expect(a.outcome === 'created' && a.card?.lookup).toMatchObject({ ok: true, record: { number: a.outcome === 'created' ? a.incident.number : '' } });
  });

  it('a retry after a lost answer finds the incident by its post instead of creating a second one', async () => {
    const { service, browser } = setup();
    browser.loseNextAnswer = true;
    await expect(service.create(api.origin, input({ correlation_id: POST }), 2)).rejects.toThrow();
    expect(posts()).toHaveLength(1);
    const again = await service.create(api.origin, input({ correlation_id: POST }), 2);
    expect(posts()).toHaveLength(1);
    expect(again).toMatchObject({ outcome: 'created', recovered: true, incident: { dropped: [] } });
    const made = api.store.scan('incident').filter((r) => r.correlation_id === POST);
    expect(made).toHaveLength(1);
    expect(again.outcome === 'created' && again.incident.sys_id).toBe(made[0]!.sys_id);
  });

  it('a retry that finds only an older incident of the post (or has no post id) creates', async () => {
    const { service, browser } = setup();
    await service.create(api.origin, input({ correlation_id: POST, short_description: 'old one' }), 3);
    nowMs += 3_600_000;
    browser.failNextPost = true;
    await expect(service.create(api.origin, input({ correlation_id: POST }), 4)).rejects.toThrow();
    expect(await service.create(api.origin, input({ correlation_id: POST }), 4)).toMatchObject({ outcome: 'created', recovered: false });
    expect(api.store.scan('incident').filter((r) => r.correlation_id === POST)).toHaveLength(2);
    browser.failNextPost = true;
    await expect(service.create(api.origin, input(), 10)).rejects.toThrow();
    expect(await service.create(api.origin, input(), 10)).toMatchObject({ outcome: 'created', recovered: false });
  });

  it('a data policy refusal names the fields, saves nothing, and the same submission may be sent again fixed', async () => {
    const { service } = setup();
    api.store.policies.incidentCreateMandatory = ['caller_id', 'category'];
    try {
      const no = await service.create(api.origin, input({ caller_id: undefined }), 5);
      expect(no).toEqual({ outcome: 'refused', kind: 'mandatory', labels: ['Caller', 'Category'], fields: ['caller_id', 'category'], message: 'ServiceNow needs Caller, Category before it creates the incident.' });
      const yes = await service.create(api.origin, input({ category: 'network' }), 5);
      expect(yes.outcome).toBe('created');
    } finally {
      Object.assign(api.store.policies, { ...DEFAULT_POLICIES, incidentCreateMandatory: [] });
    }
  });

  it('an ACL refusal says the user may not create incidents', async () => {
    const { service, browser } = setup();
    browser.denyCreate = true;
    expect(await service.create(api.origin, input(), 6)).toMatchObject({ outcome: 'refused', kind: 'acl', message: 'ServiceNow says you may not create incidents.' });
  });

  it('browser-session mode: nothing is created as someone else', async () => {
    const { service, browser } = setup('session');
    browser.user = SN_USERS.agent2.user_name;
    await expect(service.create(api.origin, input(), 7)).rejects.toThrow(/signed in as David Loo/);
    expect(posts()).toHaveLength(0);
  });

  it('reports fields ServiceNow dropped (A.9)', async () => {
    const { service, browser } = setup();
    browser.user = SN_USERS.requester.user_name;
    const got = await service.create(api.origin, input({ assignment_group: SEED_IDS.groups.Network }), 8);
    expect(got).toMatchObject({ outcome: 'created', incident: { dropped: ['Assignment group'] } });
  });
});

describe('the form', () => {
  it('impact, urgency and category from sys_choice in one request, then from memory; built-in when unreadable', async () => {
    const { service } = setup();
    const choiceReads = () => api.requests.filter((r) => r.pathname === '/api/now/table/sys_choice').length;
    const got = await service.choices(api.origin);
    expect(got.from).toBe('sys_choice');
    expect(got.impact.map((c) => c.label)).toEqual(['1 - High', '2 - Medium', '3 - Low']);
    expect(got.category.map((c) => c.value)).toContain('inquiry');
    await service.choices(api.origin);
    expect(choiceReads()).toBe(1);
    api.store.policies.choicesReadable = false;
    service.forget(api.origin);
    const fallback = await service.choices(api.origin);
    api.store.policies.choicesReadable = true;
    expect(fallback.from).toBe('defaults');
    expect(fallback.urgency.map((c) => c.value)).toEqual(['1', '2', '3']);
  });

  it('searches callers, groups and configuration items', async () => {
    const { service } = setup();
    expect((await service.callers(api.origin, 'Abel')).map((p) => p.name)).toEqual(['Abel Tuter']);
    expect((await service.groups(api.origin, 'net')).map((g) => g.name)).toEqual(['Network']);
    expect((await service.configurationItems(api.origin, 'EXCH')).map((c) => c.name)).toEqual(['EXCH-SRV-01', 'EXCH-SRV-02']);
  });

  it('fromPost: the incident already raised from a message', async () => {
    const { service } = setup();
    expect(await service.fromPost(api.origin, POST)).toBeUndefined();
    const made = await service.create(api.origin, input({ correlation_id: POST }), 9);
    expect(await service.fromPost(api.origin, POST)).toMatchObject({ number: made.outcome === 'created' ? made.incident.number : '-', opened_by: 'Beth Anglin' });
  });
});
