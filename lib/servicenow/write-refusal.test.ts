// @vitest-environment node
/** 403 details classified, from the ServiceNow simulator's real refusals and from the documented shapes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { startTestApi, type TestApi } from '../../sim/servicenow/testing';
import { HttpError, type Fetch } from '../http';
import { createTableClient, TableApiError } from './table-client';
import { writeRefusal } from './write-refusal';

let api: TestApi;
const asUser =
  (user: string): Fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', user);
    return fetch(input, { ...init, headers });
  };
const client = (user: string) => createTableClient(asUser(user), api.origin, { sleep: async () => {} });
const refusalOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => writeRefusal(e));

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('writeRefusal', () => {
  it('names the mandatory fields’ labels of a data policy', async () => {
    const p = client(SN_USERS.agent.user_name).patch('incident', SN_RECORDS.incident.sys_id, { state: '6' }, 'state');
    expect(await refusalOf(p)).toEqual({
      kind: 'mandatory',
      labels: ['Resolution code', 'Resolution notes'],
      detail: 'Data Policy Exception: \n\tThe following fields are mandatory: Resolution code, Resolution notes',
    });
  });

  it('tells an ACL refusal', async () => {
    const p = client(SN_USERS.requester.user_name).patch('sys_user', SN_USERS.agent.sys_id, { name: 'Not Beth' }, 'name');
    expect(await refusalOf(p)).toEqual({ kind: 'acl', detail: 'ACL Exception Update Failed due to security constraints' });
  });

  it('shows a business rule’s abort verbatim', async () => {
    api.store.get('change_request', SN_RECORDS.change.sys_id)!.state = '-5';
    const p = client(SN_USERS.agent.user_name).patch('change_request', SN_RECORDS.change.sys_id, { state: '3' }, 'state');
    expect(await refusalOf(p)).toEqual({ kind: 'rule', detail: "Business Rule 'Change Model: Check State Transition' aborted" });
  });

  it('reads the legacy single-field form, and is undefined for anything but a 403', () => {
    const legacy = new TableApiError(new HttpError('forbidden', 'refused', 403), 'refused', 'Data Policy Exception:  Short description is mandatory ');
    expect(writeRefusal(legacy)).toMatchObject({ kind: 'mandatory', labels: ['Short description'] });
    expect(writeRefusal(new HttpError('forbidden', 'refused', 403))).toEqual({ kind: 'rule', detail: '' });
    expect(writeRefusal(new HttpError('not-found', 'gone', 404))).toBeUndefined();
    expect(writeRefusal(new Error('boom'))).toBeUndefined();
  });
});
