// @vitest-environment node
/** Contract tests for Table API writes (ServiceNow docs, "Table API"; ServiceNow docs, "REST API HTTP response codes"): statuses, ACL errors, journals, overrides. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { listen } from '../server';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import { sendSnError } from './table-api';
import { SEED_IDS } from './seed';
import { rawRequest, startTestApi, TEST_NOW_MS, type TestApi } from './testing';
import { snDateTime } from './dates';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const JSON_CT = 'application/json;charset=UTF-8';
const NOW = snDateTime(TEST_NOW_MS);
const BETH = SN_USERS.agent;
const ABEL = SN_USERS.requester;
const INC2 = SN_RECORDS.incident2;
const denied = (what: 'Insert' | 'Update' | 'Delete') => ({
  error: { message: 'Operation Failed', detail: `ACL Exception ${what} Failed due to security constraints` },
  status: 'failure',
});

describe('create', () => {
  it('POST → 201 with a generated sys_id, the next number, stamps, derived priority and a Location', async () => {
    const res = await api.call('/api/now/table/incident', { method: 'POST', body: { short_description: 'Created by test', caller_id: ABEL.sys_id, impact: '1', urgency: '1', priority: '5', bogus: 'x' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe(JSON_CT);
    const { result } = (await res.json()) as { result: Record<string, any> };
    expect(result.sys_id).toMatch(/^[0-9a-f]{32}$/);
    expect(result.number).toBe('INC0010251');
    expect(result).toMatchObject({
      short_description: 'Created by test',
      state: '1',
      priority: '1',
      active: 'true',
      sys_class_name: 'incident',
      sys_created_on: NOW,
      sys_updated_on: NOW,
      sys_created_by: BETH.user_name,
      opened_at: NOW,
      opened_by: { value: BETH.sys_id, link: expect.any(String) },
    });
    expect(result).not.toHaveProperty('bogus');
    expect(res.headers.get('location')).toBe(`${api.origin}/api/now/table/incident/${result.sys_id}`);
    const again = await api.call(`/api/now/table/incident/${result.sys_id}?sysparm_fields=number`);
    expect(await again.json()).toEqual({ result: { number: 'INC0010251' } });
  });

  it('numbers each table from its own sys_number prefix, the task view included', async () => {
    const chg = await api.call('/api/now/table/change_request?sysparm_fields=number,state', { method: 'POST', body: { short_description: 'c' } });
    expect(await chg.json()).toEqual({ result: { number: 'CHG0030041', state: '-5' } });
    const kb = await api.call('/api/now/table/kb_knowledge?sysparm_fields=number,workflow_state', { method: 'POST', body: { short_description: 'k' } });
    expect(await kb.json()).toEqual({ result: { number: 'KB0010045', workflow_state: 'draft' } });
    const task = await api.call('/api/now/table/task?sysparm_fields=number,sys_class_name', { method: 'POST', body: { short_description: 't' } });
    expect(await task.json()).toEqual({ result: { number: 'TASK0010001', sys_class_name: 'task' } });
  });

  it('honours sysparm_display_value, sysparm_fields and sysparm_input_display_value on writes', async () => {
    const res = await api.call('/api/now/table/incident?sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_input_display_value=true&sysparm_fields=state,assigned_to,assignment_group', {
      method: 'POST',
      body: { state: 'In Progress', assigned_to: 'Beth Anglin', assignment_group: 'Service Desk' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ result: { state: 'In Progress', assigned_to: 'Beth Anglin', assignment_group: 'Service Desk' } });
  });

  it('processes only the first element of an array body', async () => {
    const res = await api.call('/api/now/table/incident?sysparm_fields=short_description', { method: 'POST', body: [{ short_description: 'first' }, { short_description: 'second' }] });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ result: { short_description: 'first' } });
    expect(api.store.scan('incident').some((r) => r.short_description === 'second')).toBe(false);
  });

  it('403s a create the ACLs deny', async () => {
    const res = await api.call('/api/now/table/change_request', { method: 'POST', user: ABEL.user_name, body: { short_description: 'x' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(denied('Insert'));
    const ok = await api.call('/api/now/table/incident?sysparm_fields=caller_id&sysparm_exclude_reference_link=true', { method: 'POST', user: ABEL.user_name, body: { short_description: 'mine', caller_id: ABEL.sys_id } });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ result: { caller_id: ABEL.sys_id } });
  });
});

describe('request validation', () => {
  it('needs Content-Type application/json on writes', async () => {
    const none = await rawRequest(api.origin, '/api/now/table/incident', { method: 'POST', headers: { Accept: 'application/json' }, body: '{"short_description":"x"}' });
    expect(none.status).toBe(400);
    expect(none.headers['content-type']).toBe(JSON_CT);
    expect(JSON.parse(none.body)).toMatchObject({ status: 'failure', error: { message: expect.any(String) } });
    const text = await api.call('/api/now/table/incident', { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } });
    expect(text.status).toBe(400);
    const charset = await api.call('/api/now/table/incident', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json; charset=UTF-8' } });
    expect(charset.status).toBe(201);
  });

  it('needs Accept on writes too', async () => {
    const res = await rawRequest(api.origin, `/api/now/table/incident/${INC2.sys_id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
  });

  it('answers a body that is not JSON with 400 in the envelope', async () => {
    const res = await api.call('/api/now/table/incident', { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: 'Exception while reading request', detail: 'The payload is not valid JSON.' }, status: 'failure' });
  });

  it('answers a method the path does not support with 405 in the envelope', async () => {
    const res = await api.call(`/api/now/table/incident/${INC2.sys_id}`, { method: 'POST', body: {} });
    expect(res.status).toBe(405);
    expect(((await res.json()) as any).status).toBe('failure');
    expect((await api.call('/api/now/table/incident', { method: 'PATCH', body: {} })).status).toBe(405);
  });

  it('rejects an invalid table on writes', async () => {
    const res = await api.call('/api/now/table/nope', { method: 'POST', body: {} });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: 'Invalid table nope', detail: null }, status: 'failure' });
  });
});

describe('update', () => {
  it('PATCH → 200 with the updated record; PUT behaves the same', async () => {
    const res = await api.call(`/api/now/table/incident/${INC2.sys_id}?sysparm_fields=state,urgency,priority,sys_updated_on,sys_updated_by,active`, { method: 'PATCH', body: { state: '3', urgency: '1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { state: '3', urgency: '1', priority: '1', sys_updated_on: NOW, sys_updated_by: BETH.user_name, active: 'true' } });
    const put = await api.call(`/api/now/table/incident/${INC2.sys_id}?sysparm_fields=state,active`, { method: 'PUT', body: { state: '7', close_code: 'Solution provided', close_notes: 'Fixed' } });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ result: { state: '7', active: 'false' } });
  });

  it('honours X-HTTP-Method-Override on POST', async () => {
    const res = await api.call(`/api/now/table/incident/${INC2.sys_id}?sysparm_fields=state`, { method: 'POST', body: { state: '2' }, headers: { 'X-HTTP-Method-Override': 'PATCH' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { state: '2' } });
  });

  it('404s an update of a missing record', async () => {
    const res = await api.call(`/api/now/table/incident/${'0'.repeat(32)}`, { method: 'PATCH', body: { state: '2' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.message).toBe('No Record found');
  });

  it("403s a requester's write to someone else's record, allows his own", async () => {
    const other = api.store.scan('incident').find((r) => r.caller_id !== ABEL.sys_id && r.opened_by !== ABEL.sys_id)!;
    const res = await api.call(`/api/now/table/incident/${other.sys_id}`, { method: 'PATCH', user: ABEL.user_name, body: { short_description: 'hijack' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe(JSON_CT);
    expect(await res.json()).toEqual(denied('Update'));
    expect(api.store.get('incident', other.sys_id!)!.short_description).not.toBe('hijack');
    const own = await api.call(`/api/now/table/incident/${SN_RECORDS.rtlEmoji.sys_id}?sysparm_fields=short_description`, { method: 'PATCH', user: ABEL.user_name, body: { comments: 'any news?' } });
    expect(own.status).toBe(200);
  });

  it('ignores fields a requester may not read when he writes', async () => {
    const id = SN_RECORDS.hostileMention.sys_id;
    const before = api.store.get('incident', id)!.assignment_group;
    const res = await api.call(`/api/now/table/incident/${id}`, { method: 'PATCH', user: ABEL.user_name, body: { assignment_group: SEED_IDS.groups.Network } });
    expect(res.status).toBe(200);
    expect(api.store.get('incident', id)!.assignment_group).toBe(before);
  });
});

describe('journals', () => {
  // Where the instance lets ordinary users read sys_journal_field (policies.journalTable); 'filtered' is below.
  beforeAll(() => void (api.store.policies.journalTable = 'readable'));
  afterAll(() => void (api.store.policies.journalTable = 'filtered'));

  it('appends comments and work_notes to sys_journal_field instead of storing them', async () => {
    const id = SN_RECORDS.longText.sys_id;
    const before = api.store.scan('sys_journal_field').length;
    const res = await api.call(`/api/now/table/incident/${id}?sysparm_fields=work_notes,comments`, { method: 'PATCH', body: { work_notes: 'Internal: checked the dump', comments: 'We are on it' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { work_notes: '', comments: '' } });
    const rows = api.store.scan('sys_journal_field').slice(before);
    expect(rows.map((r) => ({ element: r.element, element_id: r.element_id, name: r.name, value: r.value, sys_created_by: r.sys_created_by, sys_created_on: r.sys_created_on }))).toEqual([
      { element: 'work_notes', element_id: id, name: 'incident', value: 'Internal: checked the dump', sys_created_by: BETH.user_name, sys_created_on: NOW },
      { element: 'comments', element_id: id, name: 'incident', value: 'We are on it', sys_created_by: BETH.user_name, sys_created_on: NOW },
    ]);
    expect(api.store.get('incident', id)).not.toHaveProperty('work_notes');
    const list = await api.call(`/api/now/table/sys_journal_field?sysparm_query=${encodeURIComponent(`element_id=${id}^ORDERBYelement`)}&sysparm_fields=element,value`);
    expect(((await list.json()) as any).result).toEqual([
      { element: 'comments', value: 'We are on it' },
      { element: 'work_notes', value: 'Internal: checked the dump' },
    ]);
  });

  it('reads comments_and_work_notes as one preformatted string with display_value=true', async () => {
    const id = SN_RECORDS.incident.sys_id;
    await api.call(`/api/now/table/incident/${id}`, { method: 'PATCH', body: { work_notes: 'Newest note\nsecond line' } });
    const res = await api.call(`/api/now/table/incident/${id}?sysparm_fields=comments_and_work_notes,comments&sysparm_display_value=true`);
    const { result } = (await res.json()) as { result: { comments_and_work_notes: string; comments: string } };
    expect(result.comments_and_work_notes.startsWith(`${NOW} - Beth Anglin (Work notes)\nNewest note\nsecond line\n\n`)).toBe(true);
    expect(result.comments_and_work_notes).toMatch(/ - Beth Anglin \(Work notes\)\nMail transport queue is stuck; restarting the service\.\n\n/);
    expect(result.comments_and_work_notes).toMatch(/ - Abel Tuter \(Additional comments\)\nI still cannot send or receive email\.\n\n$/);
    expect(result.comments).not.toContain('Work notes');
    const raw = await api.call(`/api/now/table/incident/${id}?sysparm_fields=comments_and_work_notes`);
    expect(await raw.json()).toEqual({ result: { comments_and_work_notes: '' } });
  });

  it('shows a requester the comments on his ticket but not the work notes', async () => {
    const res = await api.call(`/api/now/table/sys_journal_field?sysparm_query=${encodeURIComponent(`element_id=${SN_RECORDS.incident.sys_id}`)}&sysparm_fields=element`, { user: ABEL.user_name });
    const elements = ((await res.json()) as any).result.map((r: any) => r.element);
    expect(elements.length).toBeGreaterThan(0);
    expect(new Set(elements)).toEqual(new Set(['comments']));
  });
});

describe('delete', () => {
  it('DELETE → 204 with no body, then the record is gone', async () => {
    const id = SN_RECORDS.hostileHtml.sys_id;
    const denied403 = await api.call(`/api/now/table/incident/${id}`, { method: 'DELETE' });
    expect(denied403.status).toBe(403);
    expect(await denied403.json()).toEqual(denied('Delete'));
    const res = await api.call(`/api/now/table/incident/${id}`, { method: 'DELETE', user: 'admin' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await api.call(`/api/now/table/incident/${id}`, { user: 'admin' })).status).toBe(404);
    expect((await api.call(`/api/now/table/incident/${id}`, { method: 'DELETE', user: 'admin' })).status).toBe(404);
  });
});

describe('sendSnError', () => {
  it('writes any status in the ServiceNow envelope with extra headers', async () => {
    const srv = await listen((r) => sendSnError(r.res as ServerResponse, 429, 'Rate limit exceeded', 'Rate limit of 100 requests per hour for Table API exceeded', { 'Retry-After': '30' }));
    try {
      const res = await fetch(`${srv.origin}/api/now/table/incident`);
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toBe(JSON_CT);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(await res.json()).toEqual({ error: { message: 'Rate limit exceeded', detail: 'Rate limit of 100 requests per hour for Table API exceeded' }, status: 'failure' });
    } finally {
      await srv.stop();
    }
  });
});
