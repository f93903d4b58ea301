// @vitest-environment node
/** Contract tests for Table API reads (ServiceNow docs, "Table API"; ServiceNow docs, "REST API HTTP response codes"): envelopes, headers, shapes, paging, ACLs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import { SEED_IDS } from './seed';
import { rawRequest, startTestApi, type TestApi } from './testing';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const INC = SN_RECORDS.incident;
const BETH = SN_USERS.agent;
const ABEL = SN_USERS.requester;
const JSON_CT = 'application/json;charset=UTF-8';
const enc = encodeURIComponent;
const NOT_FOUND = { error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" }, status: 'failure' };

async function json(res: Response) {
  expect(res.headers.get('content-type')).toBe(JSON_CT);
  return (await res.json()) as { result: any; error?: any; status?: string };
}

describe('envelope and headers', () => {
  it('lists as {"result":[…]} with the exact content type and string values', async () => {
    const res = await api.call('/api/now/table/incident?sysparm_limit=3');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(Object.keys(body)).toEqual(['result']);
    expect(body.result).toHaveLength(3);
    for (const row of body.result) {
      for (const v of Object.values(row)) {
        if (typeof v === 'object') expect(Object.keys(v as object)).toEqual(['link', 'value']);
        else expect(typeof v).toBe('string');
      }
    }
  });

  it('serves /api/now/table, /api/now/v1/table and /api/now/v2/table alike', async () => {
    for (const p of ['/api/now/table', '/api/now/v1/table', '/api/now/v2/table']) {
      const res = await api.call(`${p}/incident/${INC.sys_id}?sysparm_fields=number`);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ result: { number: INC.number } });
    }
  });

  it('rejects a missing Accept header with 400 in the error envelope', async () => {
    const res = await rawRequest(api.origin, `/api/now/table/incident/${INC.sys_id}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe(JSON_CT);
    const body = JSON.parse(res.body);
    expect(body.status).toBe('failure');
    expect(Object.keys(body.error)).toEqual(['message', 'detail']);
  });

  it('rejects an Accept header that excludes JSON, accepts */* and parameters', async () => {
    expect((await api.call('/api/now/table/incident?sysparm_limit=1', { headers: { Accept: 'text/html' } })).status).toBe(400);
    expect((await api.call('/api/now/table/incident?sysparm_limit=1', { headers: { Accept: '*/*' } })).status).toBe(200);
    expect((await api.call('/api/now/table/incident?sysparm_limit=1', { headers: { Accept: 'application/json; charset=utf-8' } })).status).toBe(200);
  });

  it('answers an invalid table with 400 "Invalid table foo"', async () => {
    const res = await api.call('/api/now/table/foo');
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: { message: 'Invalid table foo', detail: null }, status: 'failure' });
  });

  it('answers a wrong API path with 400', async () => {
    const res = await api.call('/api/now/tables/incident');
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: { message: 'Requested URI does not represent any resource', detail: null }, status: 'failure' });
  });

  it('gives an empty list 404 on v1 but 200 {"result":[]} on v2 and unversioned', async () => {
    const q = `?sysparm_query=${enc('number=NOPE0000000')}`;
    const v1 = await api.call(`/api/now/v1/table/incident${q}`);
    expect(v1.status).toBe(404);
    expect(await json(v1)).toEqual({
      error: { message: 'No Record found', detail: 'Records matching query not found. Check query parameter or offset parameter' },
      status: 'failure',
    });
    for (const p of ['/api/now/v2/table', '/api/now/table']) {
      const res = await api.call(`${p}/incident${q}`);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ result: [] });
      expect(res.headers.get('x-total-count')).toBe('0');
    }
  });
});

describe('single records', () => {
  it('returns {"result":{…}} for a record', async () => {
    const res = await api.call(`/api/now/table/incident/${INC.sys_id}`);
    expect(res.status).toBe(200);
    const { result } = await json(res);
    expect(result.sys_id).toBe(INC.sys_id);
    expect(result.number).toBe(INC.number);
    expect(result.sys_class_name).toBe('incident');
    expect(result.comments).toBe('');
    expect(result.work_notes).toBe('');
  });

  it('gives the same 404 for a missing record and an ACL-hidden one', async () => {
    const missing = await api.call(`/api/now/table/incident/${'0'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual(NOT_FOUND);
    const hidden = await api.call(`/api/now/table/incident/${SN_RECORDS.aclHidden.sys_id}`);
    expect(hidden.status).toBe(404);
    expect(await json(hidden)).toEqual(NOT_FOUND);
    const wrongTable = await api.call(`/api/now/table/problem/${INC.sys_id}`);
    expect(wrongTable.status).toBe(404);
    const admin = await api.call(`/api/now/table/incident/${SN_RECORDS.aclHidden.sys_id}?sysparm_fields=number`, { user: 'admin' });
    expect(admin.status).toBe(200);
    expect(await json(admin)).toEqual({ result: { number: SN_RECORDS.aclHidden.number } });
  });
});

describe('display-value shapes', () => {
  const fields = 'number,state,assigned_to,hold_reason,closed_at,sys_mod_count';
  const get = async (qs: string) => (await json(await api.call(`/api/now/table/incident/${INC.sys_id}?sysparm_fields=${fields}${qs}`))).result;
  const link = () => `${api.origin}/api/now/table/sys_user/${BETH.sys_id}`;

  it('false (default): plain values, references as {link,value}, empty reference ""', async () => {
    const r = await get('');
    expect(r).toEqual({ number: INC.number, state: '2', assigned_to: { link: link(), value: BETH.sys_id }, hold_reason: '', closed_at: '', sys_mod_count: expect.any(String) });
    expect(Object.keys(r.assigned_to)).toEqual(['link', 'value']);
    expect(await get('&sysparm_display_value=false')).toEqual(r);
  });

  it('false + exclude_reference_link: the reference is its sys_id', async () => {
    expect((await get('&sysparm_exclude_reference_link=true')).assigned_to).toBe(BETH.sys_id);
  });

  it('true: labels, references as {display_value,link}, empties ""', async () => {
    const r = await get('&sysparm_display_value=true');
    expect(r.state).toBe('In Progress');
    expect(r.assigned_to).toEqual({ display_value: 'Beth Anglin', link: link() });
    expect(Object.keys(r.assigned_to)).toEqual(['display_value', 'link']);
    expect(r.hold_reason).toBe('');
    expect(r.number).toBe(INC.number);
  });

  it('true + exclude: the reference is its display value', async () => {
    expect((await get('&sysparm_display_value=true&sysparm_exclude_reference_link=true')).assigned_to).toBe('Beth Anglin');
  });

  it('all: {display_value,value} for every field, number and sys_id included; references add link', async () => {
    const r = await get('&sysparm_display_value=all');
    expect(r.number).toEqual({ display_value: INC.number, value: INC.number });
    expect(r.state).toEqual({ display_value: 'In Progress', value: '2' });
    expect(r.assigned_to).toEqual({ display_value: 'Beth Anglin', link: link(), value: BETH.sys_id });
    expect(Object.keys(r.assigned_to)).toEqual(['display_value', 'link', 'value']);
    expect(r.hold_reason).toEqual({ display_value: '', value: '' });
    const full = (await json(await api.call(`/api/now/table/incident/${INC.sys_id}?sysparm_display_value=all&sysparm_exclude_reference_link=true`))).result;
    expect(full.sys_id).toEqual({ display_value: INC.sys_id, value: INC.sys_id });
    expect(full.assigned_to).toEqual({ display_value: 'Beth Anglin', value: BETH.sys_id });
    expect(full.assignment_group).toEqual({ display_value: 'Service Desk', value: SEED_IDS.groups['Service Desk'] });
    expect(full.priority).toEqual({ display_value: '3 - Moderate', value: '3' });
    expect(full.cmdb_ci.display_value).toBe('EXCH-SRV-01');
    for (const v of Object.values(full)) expect(Object.keys(v as object)).toEqual(['display_value', 'value']);
  });

  it("builds reference links from the instance's own base URL (the Host the client used)", async () => {
    const res = await rawRequest(api.origin, `/api/now/table/incident/${INC.sys_id}?sysparm_fields=assigned_to`, {
      headers: { Accept: 'application/json', Host: 'acme.service-now.com' },
    });
    expect(JSON.parse(res.body).result.assigned_to.link).toBe(`http://acme.service-now.com/api/now/table/sys_user/${BETH.sys_id}`);
  });

  it('renders task numbers, group names and CI names as reference display values', async () => {
    const r = (await json(await api.call(`/api/now/table/problem_task/${SN_RECORDS.problemTask.sys_id}?sysparm_fields=problem&sysparm_display_value=true&sysparm_exclude_reference_link=true`))).result;
    expect(r.problem).toBe(SN_RECORDS.problem.number);
  });
});

describe('sysparm_fields', () => {
  it('keeps dotted keys, ignores unknown fields', async () => {
    const qs = `sysparm_fields=${enc('number,assigned_to.name,caller_id.user_name,bogus,assigned_to.bogus,number.name')}`;
    const { result } = await json(await api.call(`/api/now/table/incident/${INC.sys_id}?${qs}`));
    expect(result).toEqual({ number: INC.number, 'assigned_to.name': 'Beth Anglin', 'caller_id.user_name': ABEL.user_name });
    expect(Object.keys(result)).toEqual(['number', 'assigned_to.name', 'caller_id.user_name']);
  });

  it('dotted fields take the display shapes too', async () => {
    const { result } = await json(await api.call(`/api/now/table/incident/${INC.sys_id}?sysparm_fields=assigned_to.name,assignment_group.manager&sysparm_display_value=all`));
    expect(result['assigned_to.name']).toEqual({ display_value: 'Beth Anglin', value: 'Beth Anglin' });
    expect(result['assignment_group.manager']).toMatchObject({ display_value: 'Beth Anglin', value: BETH.sys_id });
  });
});

describe('paging', () => {
  const sd = SEED_IDS.groups['Service Desk']!;
  const q = `assignment_group=${sd}^ORDERBYnumber`;

  it('applies offset and limit, counts the total and links first/prev/next/last with encoded URLs', async () => {
    const total = api.store.scan('incident').filter((r) => r.assignment_group === sd).length;
    const res = await api.call(`/api/now/table/incident?sysparm_query=${enc(q)}&sysparm_fields=number&sysparm_limit=5&sysparm_offset=5`, { user: 'admin' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe(String(total));
    const { result } = await json(res);
    const expected = api.store
      .scan('incident')
      .filter((r) => r.assignment_group === sd)
      .map((r) => r.number)
      .sort()
      .slice(5, 10);
    expect(result.map((r: any) => r.number)).toEqual(expected);
    const url = (off: number) => `<${api.origin}/api/now/table/incident?sysparm_query=${enc(q)}&sysparm_fields=number&sysparm_offset=${off}&sysparm_limit=5>`;
    const last = Math.floor((total - 1) / 5) * 5;
    expect(res.headers.get('link')).toBe(`${url(0)};rel="first",${url(0)};rel="prev",${url(10)};rel="next",${url(last)};rel="last"`);
  });

  it('omits prev on the first page and next on the last', async () => {
    const first = await api.call(`/api/now/table/incident?sysparm_query=${enc(q)}&sysparm_limit=5`, { user: 'admin' });
    const link = first.headers.get('link')!;
    expect(link).toContain('rel="first"');
    expect(link).not.toContain('rel="prev"');
    expect(link).toContain('rel="next"');
    const total = Number(first.headers.get('x-total-count'));
    const lastPage = await api.call(`/api/now/table/incident?sysparm_query=${enc(q)}&sysparm_limit=5&sysparm_offset=${Math.floor((total - 1) / 5) * 5}`, { user: 'admin' });
    expect(lastPage.headers.get('link')).not.toContain('rel="next"');
    expect(lastPage.headers.get('link')).toContain('rel="prev"');
  });

  it('defaults the limit to 10000', async () => {
    const res = await api.call('/api/now/table/task?sysparm_fields=sys_id', { user: 'admin' });
    expect((await json(res)).result).toHaveLength(api.store.scan('task').length);
    expect(res.headers.get('link')).toContain('sysparm_limit=10000');
  });

  it('sysparm_no_count drops X-Total-Count; sysparm_suppress_pagination_header drops Link', async () => {
    const a = await api.call('/api/now/table/incident?sysparm_limit=2&sysparm_no_count=true');
    expect(a.headers.has('x-total-count')).toBe(false);
    expect(a.headers.get('link')).not.toContain('rel="last"');
    const b = await api.call('/api/now/table/incident?sysparm_limit=2&sysparm_suppress_pagination_header=true');
    expect(b.headers.has('link')).toBe(false);
    expect(b.headers.get('x-total-count')).toBe('250');
  });
});

describe('ACLs', () => {
  it('applies the limit before row ACLs: a page is short while X-Total-Count counts every row', async () => {
    const res = await api.call('/api/now/table/incident?sysparm_query=ORDERBYDESCnumber&sysparm_limit=5&sysparm_fields=number,caller_id', { user: ABEL.user_name });
    const { result } = await json(res);
    const firstFive = api.store
      .scan('incident')
      .slice()
      .sort((a, b) => (a.number! < b.number! ? 1 : -1))
      .slice(0, 5);
    const visible = firstFive.filter((r) => r.caller_id === ABEL.sys_id || r.opened_by === ABEL.sys_id);
    expect(visible.length).toBeLessThan(5);
    expect(result.map((r: any) => r.number)).toEqual(visible.map((r) => r.number));
    expect(res.headers.get('x-total-count')).toBe('250');
    expect(res.headers.get('link')).toContain('rel="next"');
  });

  it('hides the admin-only record from lists but still counts it', async () => {
    const q = `?sysparm_query=${enc(`number=${SN_RECORDS.aclHidden.number}`)}`;
    const beth = await api.call(`/api/now/table/incident${q}`);
    expect(beth.status).toBe(200);
    expect(beth.headers.get('x-total-count')).toBe('1');
    expect((await json(beth)).result).toEqual([]);
    const v1 = await api.call(`/api/now/v1/table/incident${q}`);
    expect(v1.status).toBe(404);
    expect(v1.headers.get('x-total-count')).toBe('1');
    expect((await json(await api.call(`/api/now/table/incident${q}`, { user: 'admin' }))).result).toHaveLength(1);
  });

  it('drops fields the caller may not read (absent, not empty)', async () => {
    const { result } = await json(await api.call(`/api/now/table/incident/${INC.sys_id}`, { user: ABEL.user_name }));
    expect(result.number).toBe(INC.number);
    expect(result).toHaveProperty('comments');
    for (const f of ['work_notes', 'comments_and_work_notes', 'assignment_group', 'cmdb_ci']) expect(result).not.toHaveProperty(f);
    const some = await json(await api.call(`/api/now/table/incident/${INC.sys_id}?sysparm_fields=number,work_notes,assignment_group.name`, { user: ABEL.user_name }));
    expect(some.result).toEqual({ number: INC.number });
  });

  it("404s a requester on someone else's ticket and on unpublished or restricted knowledge", async () => {
    const other = api.store.scan('incident').find((r) => r.caller_id !== ABEL.sys_id && r.opened_by !== ABEL.sys_id && r.sys_id !== SN_RECORDS.aclHidden.sys_id)!;
    expect((await api.call(`/api/now/table/incident/${other.sys_id}`, { user: ABEL.user_name })).status).toBe(404);
    expect((await api.call(`/api/now/table/incident/${other.sys_id}`)).status).toBe(200);
    const draft = api.store.scan('kb_knowledge').find((r) => r.workflow_state === 'draft')!;
    expect((await api.call(`/api/now/table/kb_knowledge/${draft.sys_id}`, { user: ABEL.user_name })).status).toBe(404);
    expect((await api.call(`/api/now/table/kb_knowledge/${draft.sys_id}`)).status).toBe(200);
    const hr = api.store.scan('kb_knowledge').find((r) => r.kb_knowledge_base === SEED_IDS.hrKnowledgeBase)!;
    expect((await api.call(`/api/now/table/kb_knowledge/${hr.sys_id}`)).status).toBe(404);
    expect((await api.call(`/api/now/table/kb_knowledge/${hr.sys_id}`, { user: 'admin' })).status).toBe(200);
    const kb = await json(await api.call(`/api/now/table/kb_knowledge?sysparm_fields=workflow_state`, { user: ABEL.user_name }));
    expect(kb.result.length).toBeGreaterThan(10);
    expect(kb.result.every((r: any) => r.workflow_state === 'published')).toBe(true);
  });

  it('lets the requester see his catalog task through the requested item', async () => {
    const res = await api.call(`/api/now/table/sc_task/${SN_RECORDS.catalogTask.sys_id}?sysparm_fields=number`, { user: ABEL.user_name });
    expect(res.status).toBe(200);
  });
});

describe('the task view', () => {
  it('lists every task table with sys_class_name', async () => {
    const q = enc('numberSTARTSWITHCHG0030001^ORnumber=INC0010001^ORnumber=RITM0010001^ORDERBYnumber');
    const { result } = await json(await api.call(`/api/now/table/task?sysparm_query=${q}&sysparm_fields=sys_id,number,sys_class_name`));
    expect(result).toEqual([
      { sys_id: SN_RECORDS.change.sys_id, number: 'CHG0030001', sys_class_name: 'change_request' },
      { sys_id: INC.sys_id, number: 'INC0010001', sys_class_name: 'incident' },
      { sys_id: SN_RECORDS.requestItem.sys_id, number: 'RITM0010001', sys_class_name: 'sc_req_item' },
    ]);
  });

  it('reads task-level fields and task-level choice labels', async () => {
    const { result } = await json(await api.call(`/api/now/table/task/${INC.sys_id}?sysparm_display_value=all&sysparm_exclude_reference_link=true`));
    expect(result).not.toHaveProperty('caller_id');
    expect(result).not.toHaveProperty('category');
    expect(result.sys_class_name).toEqual({ display_value: 'Incident', value: 'incident' });
    expect(result.state).toEqual({ display_value: 'Work in Progress', value: '2' });
    const resolved = api.store.scan('incident').find((r) => r.state === '6')!;
    const r2 = (await json(await api.call(`/api/now/table/task/${resolved.sys_id}?sysparm_fields=state&sysparm_display_value=true`))).result;
    expect(r2.state).toBe('6');
  });
});

describe('number prefixes and choices', () => {
  it('serves the prefix map from sys_number', async () => {
    const { result } = await json(await api.call('/api/now/table/sys_number?sysparm_fields=category,prefix,maximum_digits&sysparm_exclude_reference_link=true'));
    expect(result).toContainEqual({ category: 'incident', prefix: 'INC', maximum_digits: '7' });
    expect(result).toContainEqual({ category: 'sc_task', prefix: 'SCTASK', maximum_digits: '7' });
    expect(result).toHaveLength(10);
  });

  it('answers the state-choice query; without language= a second language doubles every value', async () => {
    const all = enc('name=incident^element=state^inactive=false^ORDERBYsequence');
    const both = (await json(await api.call(`/api/now/table/sys_choice?sysparm_query=${all}&sysparm_fields=value,label,language`))).result;
    expect(both.filter((c: { value: string }) => c.value === '6').map((c: { label: string; language: string }) => `${c.language}:${c.label}`).sort()).toEqual(['de:Gelöst', 'en:Resolved']);
    const q = enc('name=incident^element=state^inactive=false^language=en^ORDERBYsequence');
    const { result } = await json(await api.call(`/api/now/table/sys_choice?sysparm_query=${q}&sysparm_fields=value,label`));
    expect(result).toEqual([
      { value: '1', label: 'New' },
      { value: '2', label: 'In Progress' },
      { value: '3', label: 'On Hold' },
      { value: '6', label: 'Resolved' },
      { value: '7', label: 'Closed' },
      { value: '8', label: 'Canceled' },
    ]);
  });
});
