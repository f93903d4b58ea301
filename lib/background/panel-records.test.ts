import { describe, expect, it, vi } from 'vitest';
import type { TableClient } from '../servicenow/table-client';
import { createPanelRecords, PANEL_READ_MS, PANEL_RECORD_FIELDS } from './panel-records';

const SN = 'https://acme.service-now.com';
const INC = { table: 'incident', sys_id: 'a'.repeat(32) };

function setup() {
  let t = 0;
  const get = vi.fn(async () => ({ sys_mod_count: '3' }));
  const panel = createPanelRecords({ servicenow: async () => ({ base: SN, get }) as unknown as TableClient }, () => t);
  return { panel, get, later: (ms: number) => void (t += ms) };
}

describe('the record read a panel shares', () => {
  it('is one GET for the activity, the form and the approval, with every field they need', async () => {
    const { panel, get } = setup();
    const rows = await Promise.all([panel.read(SN, INC), panel.read(SN, INC), panel.read(SN, { table: 'task', sys_id: INC.sys_id })]);
    expect(new Set(rows).size).toBe(1);
    expect(get).toHaveBeenCalledTimes(1);
    expect(get).toHaveBeenCalledWith('incident', INC.sys_id, PANEL_RECORD_FIELDS);
    for (const f of ['sys_mod_count', 'comments', 'work_notes', 'state', 'assigned_to', 'approval']) expect(PANEL_RECORD_FIELDS).toContain(f);
  });
  it('serves a moment after it answered, then reads again; a write (drop) or a failure reads afresh', async () => {
    const { panel, get, later } = setup();
    await panel.read(SN, INC);
    later(PANEL_READ_MS - 1);
    await panel.read(SN, INC);
    expect(get).toHaveBeenCalledTimes(1);
    later(1);
    await panel.read(SN, INC);
    expect(get).toHaveBeenCalledTimes(2);
    panel.drop(SN, INC.sys_id);
    await panel.read(SN, INC);
    expect(get).toHaveBeenCalledTimes(3);
    get.mockRejectedValueOnce(new Error('down'));
    panel.drop(SN);
    await expect(panel.read(SN, INC)).rejects.toThrow('down');
    await panel.read(SN, INC);
    expect(get).toHaveBeenCalledTimes(5);
  });
});
