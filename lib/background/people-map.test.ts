// @vitest-environment node
/** People both ways, against both simulators over HTTP (records-and-watch-contracts.md B.3). */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MM_USERS, SN_USERS } from '../../sim/fixtures';
import { start, type RunningMattermost } from '../../sim/mattermost';
import { startTestApi, type TestApi } from '../../sim/servicenow/testing';
import { createMattermostClient } from '../mattermost/client';
import { createTableClient, type TableClient } from '../servicenow/table-client';
import { bearerFetch } from '../testing/bearer-fetch';
import { callerFor, mattermostUserFor } from './people-map';

let mm: RunningMattermost;
let api: TestApi;
beforeAll(async () => {
  [mm, api] = await Promise.all([start(), startTestApi()]);
});
afterAll(() => Promise.all([mm.stop(), api.stop()]));
afterEach(() => mm.control.setSettings({ showEmailAddress: true, showFullName: true }));

const sn = (): TableClient =>
  createTableClient((input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', SN_USERS.agent.user_name);
    return fetch(input, { ...init, headers });
  }, api.origin);
const mmAs = (token: string = MM_USERS.agent.token) => createMattermostClient(bearerFetch(token), mm.siteUrl, { sleep: async () => {} });
const snUser = (sys_id: string): Record<string, string | undefined> => api.store.get('sys_user', sys_id)!;
const snQueries = () => api.requests.filter((r) => r.pathname === '/api/now/table/sys_user').map((r) => r.query.get('sysparm_query'));

describe('callerFor', () => {
  test('by email: the one active ServiceNow user with it', async () => {
    const got = await callerFor(mmAs(), sn(), MM_USERS.agent2.id);
    expect(got).toEqual({ kind: 'match', person: { sys_id: SN_USERS.agent2.sys_id, name: 'David Loo', detail: SN_USERS.agent2.email } });
    expect(snQueries().at(-1)).toBe(`active=true^email=${SN_USERS.agent2.email}`);
    expect(api.requests.at(-1)!.query.get('sysparm_limit')).toBe('2');
  });

  test('two people with the email: the user chooses, never a silent pick', async () => {
    const beth = snUser(SN_USERS.agent.sys_id);
    const saved = beth.email;
    beth.email = SN_USERS.agent2.email;
    try {
      const got = await callerFor(mmAs(), sn(), MM_USERS.agent2.id);
      expect(got).toMatchObject({ kind: 'choose', why: 'ambiguous', hint: expect.stringContaining('More than one') });
      expect(got.kind === 'choose' && got.candidates.map((c) => c.sys_id).sort()).toEqual([SN_USERS.agent.sys_id, SN_USERS.agent2.sys_id].sort());
    } finally {
      beth.email = saved;
    }
  });

  test('emails hidden: by username, exactly; none → people named like them to choose from', async () => {
    mm.control.setSettings({ showEmailAddress: false });
    const david = snUser(SN_USERS.agent2.sys_id);
    const got = await callerFor(mmAs(), sn(), MM_USERS.agent2.id);
    expect(snQueries().at(-2)).toBe('active=true^user_name=david');
    expect(got).toMatchObject({ kind: 'choose', why: 'emails-hidden', candidates: [{ sys_id: SN_USERS.agent2.sys_id, name: 'David Loo' }] });
    const saved = david.user_name;
    david.user_name = 'david';
    try {
      expect(await callerFor(mmAs(), sn(), MM_USERS.agent2.id)).toMatchObject({ kind: 'match', person: { sys_id: SN_USERS.agent2.sys_id } });
    } finally {
      david.user_name = saved;
    }
  });

  test('nobody with the email: candidates from the full name, and a hint saying why', async () => {
    const abel = snUser(SN_USERS.requester.sys_id);
    const saved = abel.email;
    abel.email = 'abel@elsewhere.example';
    try {
      const got = await callerFor(mmAs(), sn(), MM_USERS.requester.id);
      expect(got).toMatchObject({ kind: 'choose', why: 'not-found', candidates: [{ sys_id: SN_USERS.requester.sys_id, name: 'Abel Tuter' }] });
      expect(got.kind === 'choose' && got.hint).toContain(MM_USERS.requester.email);
    } finally {
      abel.email = saved;
    }
  });
});

describe('mattermostUserFor', () => {
  test('by email', async () => {
    expect((await mattermostUserFor(mmAs(), sn(), SN_USERS.agent2.sys_id))?.id).toBe(MM_USERS.agent2.id);
    expect(mm.requests.at(-1)!.pathname).toBe(`/api/v4/users/email/${encodeURIComponent(SN_USERS.agent2.email)}`);
  });

  test('emails hidden (403): by user_name; none → undefined', async () => {
    mm.control.setSettings({ showEmailAddress: false });
    // beth.anglin is no Mattermost username
    expect(await mattermostUserFor(mmAs(), sn(), SN_USERS.agent2.sys_id)).toBeUndefined();
    expect(mm.requests.at(-1)!.pathname).toBe('/api/v4/users/username/david.loo');
    const david = snUser(SN_USERS.agent2.sys_id);
    const saved = david.user_name;
    david.user_name = 'David';
    try {
      expect((await mattermostUserFor(mmAs(), sn(), SN_USERS.agent2.sys_id))?.username).toBe('david');
    } finally {
      david.user_name = saved;
    }
  });

  test('an email nobody has in Mattermost → undefined, no guess by username', async () => {
    const david = snUser(SN_USERS.agent2.sys_id);
    const saved = david.email;
    david.email = 'nobody@example.com';
    try {
      const before = mm.requests.length;
      expect(await mattermostUserFor(mmAs(), sn(), SN_USERS.agent2.sys_id)).toBeUndefined();
      expect(mm.requests.slice(before).map((r) => r.pathname)).toEqual(['/api/v4/users/email/nobody%40example.com']);
    } finally {
      david.email = saved;
    }
  });
});
