// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import { canCreate, canDelete, canReadField, canReadRow, canUpdate } from './acl';
import { createStore } from './store';
import { SEED_IDS } from './seed';

const store = createStore(1);
const u = (k: keyof typeof SN_USERS) => store.userByName(SN_USERS[k].user_name)!;
const row = (r: { table: string; sys_id: string }) => store.get(r.table, r.sys_id)!;

describe('row ACLs', () => {
  it('admin reads everything; the aclHidden incident is admin-only', () => {
    const hidden = row(SN_RECORDS.aclHidden);
    expect(canReadRow(store, 'incident', hidden, u('admin'))).toBe(true);
    for (const k of ['agent', 'agent2', 'requester'] as const) expect(canReadRow(store, 'incident', hidden, u(k))).toBe(false);
    expect(canReadRow(store, 'task', hidden, u('agent'))).toBe(false);
  });

  it('itil reads every task record; a requester only those he is involved in', () => {
    const inc = row(SN_RECORDS.incident);
    expect(canReadRow(store, 'incident', inc, u('agent2'))).toBe(true);
    expect(canReadRow(store, 'incident', inc, u('requester'))).toBe(true);
    const chg = row(SN_RECORDS.change);
    expect(canReadRow(store, 'change_request', chg, u('requester'))).toBe(false);
    expect(canReadRow(store, 'sc_req_item', row(SN_RECORDS.requestItem), u('requester'))).toBe(true);
  });

  it('knowledge: requesters see only published; HR knowledge is admin-only', () => {
    const kb = store.scan('kb_knowledge');
    const draft = kb.find((r) => r.workflow_state === 'draft')!;
    const hr = kb.find((r) => r.kb_knowledge_base === SEED_IDS.hrKnowledgeBase)!;
    expect(canReadRow(store, 'kb_knowledge', draft, u('requester'))).toBe(false);
    expect(canReadRow(store, 'kb_knowledge', draft, u('agent'))).toBe(true);
    expect(canReadRow(store, 'kb_knowledge', hr, u('agent'))).toBe(false);
    expect(canReadRow(store, 'kb_knowledge', hr, u('admin'))).toBe(true);
  });

  it('CIs are hidden from requesters', () => {
    const ci = store.scan('cmdb_ci')[0]!;
    expect(canReadRow(store, 'cmdb_ci', ci, u('requester'))).toBe(false);
    expect(canReadRow(store, 'cmdb_ci', ci, u('agent'))).toBe(true);
  });
});

describe('field ACLs', () => {
  it('hides internal task fields from users without itil, on every task table and the task view', () => {
    for (const f of ['work_notes', 'comments_and_work_notes', 'assignment_group', 'cmdb_ci']) {
      expect(canReadField('incident', f, u('requester'))).toBe(false);
      expect(canReadField('task', f, u('requester'))).toBe(false);
      expect(canReadField('incident', f, u('agent'))).toBe(true);
    }
    expect(canReadField('incident', 'comments', u('requester'))).toBe(true);
    expect(canReadField('sys_user', 'locked_out', u('agent'))).toBe(false);
    expect(canReadField('sys_user', 'locked_out', u('admin'))).toBe(true);
  });
});

describe('write ACLs', () => {
  it('create, update and delete by role', () => {
    expect(canCreate('incident', u('requester'))).toBe(true);
    expect(canCreate('problem', u('requester'))).toBe(false);
    expect(canCreate('problem', u('agent'))).toBe(true);
    expect(canCreate('sys_user', u('agent'))).toBe(false);
    expect(canCreate('sys_user', u('admin'))).toBe(true);
    expect(canUpdate(store, 'incident', row(SN_RECORDS.incident), u('requester'))).toBe(true);
    expect(canUpdate(store, 'change_request', row(SN_RECORDS.change), u('requester'))).toBe(false);
    expect(canUpdate(store, 'change_request', row(SN_RECORDS.change), u('agent'))).toBe(true);
    expect(canUpdate(store, 'incident', row(SN_RECORDS.aclHidden), u('agent'))).toBe(false);
    expect(canDelete(u('agent'))).toBe(false);
    expect(canDelete(u('admin'))).toBe(true);
  });
});
