// @vitest-environment node
/** Choice lists from sys_choice, against the ServiceNow simulator's Table API over HTTP. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SN_USERS } from '../../sim/fixtures';
import { startTestApi, type TestApi } from '../../sim/servicenow/testing';
import type { Fetch } from '../http';
import { type ChoiceMemory, defaultChoiceSet, defaultChoices, INCIDENT_FORM_ELEMENTS, readChoiceSet, readChoices } from './choices';
import { createTableClient, type TableClient } from './table-client';

let api: TestApi;
let asked: URL[] = [];
const asUser =
  (user: string): Fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', user);
    asked.push(new URL(String(input)));
    return fetch(input, { ...init, headers });
  };
const client = (user: string = SN_USERS.agent.user_name): TableClient => createTableClient(asUser(user), api.origin, { sleep: async () => {} });
const values = (l: { value: string }[] | undefined) => l?.map((c) => c.value);
const labels = (l: { label: string }[] | undefined) => l?.map((c) => c.label);

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());
beforeEach(() => {
  api.store.policies.choicesReadable = true;
  asked = [];
});

describe('readChoices', () => {
  it("reads an incident's state, resolution code and hold reason lists in one request, in order, active only", async () => {
    const got = await readChoices(client(), 'incident', 'en', new Map());
    expect(got.from).toBe('sys_choice');
    expect(labels(got.lists.state)).toEqual(['New', 'In Progress', 'On Hold', 'Resolved', 'Closed', 'Canceled']);
    expect(values(got.lists.hold_reason)).toEqual(['1', '3', '4', '5']);
    expect(got.lists.close_code?.[0]).toEqual({ value: 'Solved (Work Around)', label: 'Solved (Work Around)' });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.searchParams.get('sysparm_query')).toBe('nameINincident,task^elementINstate,close_code,hold_reason^inactive=false^language=en^ORDERBYsequence');
  });

  it('filters inactive rows out (a retired state)', async () => {
    const retired = api.store.insert('sys_choice', { name: 'problem', element: 'state', value: '105', label: 'Retired state', sequence: '5' }, api.store.userByName('admin')!);
    api.store.update('sys_choice', retired.sys_id!, { inactive: 'true' }, api.store.userByName('admin')!);
    const got = await readChoices(client(), 'problem', 'en', new Map());
    expect(values(got.lists.state)).toEqual(['101', '102', '103', '104', '106', '107']);
    api.store.remove(retired.sys_id!);
  });

  it("falls back to task's list for a class without its own (change_task), and uses the class's own where it has one", async () => {
    const ctask = await readChoices(client(), 'change_task', 'en', new Map());
    expect(labels(ctask.lists.state)).toEqual(['Pending', 'Open', 'Work in Progress', 'Closed Complete', 'Closed Incomplete', 'Closed Skipped']);
    expect(ctask.lists.close_code).toBeUndefined();
    const change = await readChoices(client(), 'change_request', 'en', new Map());
    expect(labels(change.lists.state)).toContain('Authorize');
    expect(labels(change.lists.state)).not.toContain('Work in Progress');
  });

  it("reads the user's language, without duplicates, English where the language has no list of its own", async () => {
    const got = await readChoices(client(), 'incident', 'de', new Map());
    expect(labels(got.lists.state)).toEqual(['Neu', 'In Bearbeitung', 'Zurückgestellt', 'Gelöst', 'Geschlossen', 'Abgebrochen']);
    expect(labels(got.lists.hold_reason)).toEqual(['Awaiting Caller', 'Awaiting Problem', 'Awaiting Vendor', 'Awaiting Change']);
    expect(asked[0]!.searchParams.get('sysparm_query')).toContain('languageINde,en');
  });

  it('is remembered per instance, class and language: a second form costs no request', async () => {
    const memory: ChoiceMemory = new Map();
    await Promise.all([readChoices(client(), 'incident', 'en', memory), readChoices(client(), 'incident', 'en', memory)]);
    await readChoices(client(), 'incident', '', memory);
    expect(asked).toHaveLength(1);
    await readChoices(client(), 'problem', 'en', memory);
    expect(asked).toHaveLength(2);
  });

  it("uses NowBridge's built-in lists when sys_choice shows the user nothing (a hardened instance)", async () => {
    api.store.policies.choicesReadable = false;
    const got = await readChoices(client(), 'incident', 'en', new Map());
    expect(got).toEqual(defaultChoices('incident'));
    expect(got.from).toBe('defaults');
    expect(labels(got.lists.state)).toContain('Resolved');
    expect(got.lists.close_code?.map((c) => c.value)).toContain('Solution provided');
    // admin still reads the instance's own
    expect((await readChoices(client('admin'), 'incident', 'en', new Map())).from).toBe('sys_choice');
  });

  it('uses the built-in lists on a 403, and does not remember a failure that was not an answer', async () => {
    const forbidden: Fetch = async () => new Response(JSON.stringify({ error: { message: 'Forbidden', detail: '' }, status: 'failure' }), { status: 403, headers: { 'Content-Type': 'application/json' } });
    const got = await readChoices(createTableClient(forbidden, api.origin), 'problem', 'en', new Map());
    expect(got.from).toBe('defaults');
    expect(labels(got.lists.state)?.[0]).toBe('New');
    const memory: ChoiceMemory = new Map();
    const bad: Fetch = async () => new Response(JSON.stringify({ error: { message: 'Bad request' } }), { status: 400, headers: { 'Content-Type': 'application/json' } });
    await expect(readChoices(createTableClient(bad, api.origin), 'incident', 'en', memory)).rejects.toThrow();
    expect(memory.size).toBe(0);
  });

  it('has defaults for the common task tables, task for the rest', () => {
    for (const t of ['incident', 'problem', 'change_request', 'sc_req_item', 'task', 'u_custom_task']) expect(defaultChoices(t).lists.state?.length).toBeGreaterThan(3);
    expect(defaultChoices('u_custom_task').lists.state).toEqual(defaultChoices('task').lists.state);
  });
});

describe('readChoiceSet (the new-incident form: impact, urgency, category)', () => {
  const form = (c: TableClient, memory: ChoiceMemory = new Map()) => readChoiceSet(c, 'incident', INCIDENT_FORM_ELEMENTS, 'impact', 'en', memory);

  it("reads the three lists in one request, impact and urgency inherited from task, category the incident's own", async () => {
    const memory: ChoiceMemory = new Map();
    const got = await form(client(), memory);
    expect(got.from).toBe('sys_choice');
    expect(got.lists.impact).toEqual([{ value: '1', label: '1 - High' }, { value: '2', label: '2 - Medium' }, { value: '3', label: '3 - Low' }]);
    expect(values(got.lists.urgency)).toEqual(['1', '2', '3']);
    expect(values(got.lists.category)).toContain('inquiry');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.searchParams.get('sysparm_query')).toContain('elementINimpact,urgency,category');
    // remembered apart from the State form's lists of the same class
    await form(client(), memory);
    await readChoices(client(), 'incident', 'en', memory);
    expect(asked).toHaveLength(2);
  });

  it('falls back to the built-in lists when sys_choice is closed to the user', async () => {
    api.store.policies.choicesReadable = false;
    const got = await form(client());
    expect(got).toEqual(defaultChoiceSet('incident', INCIDENT_FORM_ELEMENTS));
    expect(labels(got.lists.urgency)).toEqual(['1 - High', '2 - Medium', '3 - Low']);
    expect(labels(got.lists.category)).toContain('Inquiry / Help');
  });
});
