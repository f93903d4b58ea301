import { describe, expect, it } from 'vitest';
import { recordOpenUrl } from './open-url';
import { canonicalRecordUrl } from './record-url';

const A = 'https://acme.service-now.com';
const ID = '46e9b4afa9fe198101026e122b85f442';
const rec = (table: string, sys_id = ID) => ({ instance: A, table, sys_id, url: canonicalRecordUrl({ origin: A, table, sys_id }) });

describe('recordOpenUrl', () => {
  it('classic: the card’s own nav_to.do link', () => {
    expect(recordOpenUrl(rec('change_request'), 'classic')).toBe(`${A}/nav_to.do?uri=change_request.do%3Fsys_id%3D${ID}`);
  });
  it('workspace: Service Operations Workspace for the tables it opens', () => {
    for (const t of ['incident', 'problem', 'problem_task', 'change_request', 'change_task', 'sc_request', 'sc_req_item', 'sc_task']) {
      expect(recordOpenUrl(rec(t), 'workspace')).toBe(`${A}/now/sow/record/${t}/${ID}`);
    }
  });
  it('workspace falls back to classic for knowledge, custom tables and records without a sys_id', () => {
    for (const t of ['kb_knowledge', 'x_acme_ticket', 'task']) expect(recordOpenUrl(rec(t), 'workspace')).toBe(rec(t).url);
    const byNumber = { instance: A, table: 'incident', sys_id: '', url: canonicalRecordUrl({ origin: A, table: 'incident', number: 'INC0010001' }) };
    expect(recordOpenUrl(byNumber, 'workspace')).toBe(byNumber.url);
  });
});
