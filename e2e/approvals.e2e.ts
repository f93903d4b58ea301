// Issue 12, approvals: approve a change and reject a requested item (with a reason) from the popup's "My approvals",
// and approve from the record panel, in real Chromium against the simulators (records-and-watch-contracts.md A.6).
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_USERS, SN_RECORDS, SN_USERS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { inFrame } from './frames';
import { signInAndConnect } from './sims';
import { cardsOf as hostsOf, closedShadow } from './closed-shadow';
import { showPost } from './mattermost-page';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const beth = () => sims.sn.store.userByName(SN_USERS.agent.user_name)!;
/** Beth's seeded approval on a table, with its task */
const seeded = (table: string) => {
  const row = sims.sn.store.scan('sysapproval_approver').find((a) => a.approver === beth().sys_id && a.source_table === table && a.sys_created_by === 'system' && a.sysapproval !== SN_RECORDS.change.sys_id)!;
  return { row, task: sims.sn.store.get(table, row.sysapproval!)! };
};
const approvalRow = (sys_id: string) => sims.sn.store.get('sysapproval_approver', sys_id)!;
const journalOf = (sys_id: string) => sims.sn.store.scan('sys_journal_field').filter((j) => j.element_id === sys_id).map((j) => [j.name, j.element, j.value, j.sys_created_by]);
const patchesOf = (sys_id: string) => sims.sn.requests.filter((r) => r.method === 'PATCH' && r.pathname === `/api/now/table/sysapproval_approver/${sys_id}`);

async function openMyApprovals(): Promise<Page> {
  const p = await browser.openExtensionPage('popup.html');
  await p.setViewportSize({ width: 520, height: 700 });
  await p.getByRole('button', { name: 'My approvals' }).click();
  await expect.poll(() => p.getByRole('button', { name: 'My approvals' }).getAttribute('aria-pressed')).toBe('true');
  await p.getByRole('list', { name: 'My approvals' }).waitFor();
  return p;
}
const itemOf = (p: Page, task: Record<string, string | undefined>) => p.getByRole('list', { name: 'My approvals' }).getByRole('listitem', { name: `${task.number}: ${task.short_description}` });

describe('My approvals, in the popup', () => {
  test('lists the change and the requested item waiting for me, each with its card; the search view is still there', async () => {
    const p = await openMyApprovals();
    const { task: change } = seeded('change_request');
    const { task: item } = seeded('sc_req_item');
    await itemOf(p, change).waitFor();
    await itemOf(p, item).waitFor();
    expect(await p.getByRole('list', { name: 'My approvals' }).getByRole('listitem', { name: /: / }).count()).toBe(2);
    // the record's card is in the item (its number links to the record)
    expect(await itemOf(p, change).locator('.nb-card').count()).toBe(1);
    expect(await itemOf(p, change).textContent()).toContain(change.number);
    await p.getByRole('button', { name: 'Search', exact: true }).click();
    await p.getByRole('combobox', { name: 'Search ServiceNow' }).waitFor({ state: 'visible' });
    expect(await p.getByRole('list', { name: 'My approvals' }).isVisible()).toBe(false);
  });

  test('reject the requested item: an empty reason is refused before sending; with a reason it is rejected in ServiceNow', async () => {
    const p = await openMyApprovals();
    const { row, task } = seeded('sc_req_item');
    const li = itemOf(p, task);
    await li.getByRole('button', { name: 'Reject' }).click();
    const reason = li.getByRole('textbox', { name: 'Reason' });
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await li.getByRole('button', { name: 'Send rejection' }).click();
    await expect.poll(() => li.getByRole('alert').textContent()).toBe('Say why you reject it: a reason is required.');
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(patchesOf(row.sys_id!)).toEqual([]);
    expect(approvalRow(row.sys_id!).state).toBe('requested');

    await reason.fill('Not in this budget year');
    await li.getByRole('button', { name: 'Send rejection' }).click();
    await expect.poll(() => li.getByRole('status').textContent()).toBe('Rejected.');
    expect(patchesOf(row.sys_id!)).toHaveLength(1);
    expect(approvalRow(row.sys_id!).state).toBe('rejected');
    expect(journalOf(row.sys_id!)).toEqual([['sysapproval_approver', 'comments', 'Not in this budget year', 'beth.anglin']]);
    expect(sims.sn.store.get('sc_req_item', task.sys_id!)!.approval).toBe('rejected');
  });

  test('a decision ServiceNow silently drops (a field write ACL on state) is reported, never shown as approved', async () => {
    sims.sn.store.policies.fieldWriteRoles = { 'sysapproval_approver.state': 'approval_admin' };
    try {
      const p = await openMyApprovals();
      const { row, task } = seeded('change_request');
      const li = itemOf(p, task);
      await li.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => li.getByRole('alert').textContent()).toBe('ServiceNow did not accept “Approved”. It is Requested.');
      expect(await li.getByRole('status').textContent()).toBe('');
      expect(await li.getByRole('button', { name: 'Approve' }).count()).toBe(1);
      expect(approvalRow(row.sys_id!).state).toBe('requested');
      expect(sims.sn.store.get('change_request', task.sys_id!)!.approval).toBe('requested');
    } finally {
      sims.sn.store.policies.fieldWriteRoles = {};
    }
  });

  test('approve the change (David approved already): the change is approved; it no longer waits for me', async () => {
    const p = await openMyApprovals();
    const { row, task } = seeded('change_request');
    expect(task.approval).toBe('requested');
    const li = itemOf(p, task);
    // (the dropped attempt above sent one already)
    const before = patchesOf(row.sys_id!).length;
    await li.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => li.getByRole('status').textContent()).toBe('Approved.');
    expect(await li.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(patchesOf(row.sys_id!).slice(before).map((r) => JSON.parse(r.body))).toEqual([{ state: 'approved' }]);
    expect(approvalRow(row.sys_id!).state).toBe('approved');
    expect(approvalRow(row.sys_id!).sys_updated_by).toBe('beth.anglin');
    expect(sims.sn.store.get('change_request', task.sys_id!)!.approval).toBe('approved');

    // read again: nothing waits any more
    await p.getByRole('button', { name: 'Refresh' }).click();
    await p.getByText('Nothing waits for your approval.').waitFor();
  });
});

describe('the record panel', () => {
  test('a record with my pending approval shows an Approval section; Approve approves it in ServiceNow', async () => {
    const change = SN_RECORDS.change;
    const mine = sims.sn.store.insert(
      'sysapproval_approver',
      { approver: beth().sys_id, state: 'requested', sysapproval: change.sys_id, document_id: change.sys_id, source_table: 'change_request' },
      sims.sn.store.userByName('admin')!,
    );
    const page = await browser.context.newPage();
    const ops = sims.mm.store.teamByName('ops')!;
    const channel = sims.mm.store.channelByName(ops.id, 'town-square')!;
    const post = sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent2.id, message: `Please approve ${change.number}` });
    await page.goto(`${MM}/ops/channels/town-square`);
    await showPost(page, post.id);
    const sh = closedShadow(page);
    const hosts = hostsOf(post.id, 'post');
    await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'More' })) > 0, { message: 'no More button', timeoutMs: 15_000 });
    await sh.click(hosts, { role: 'button', name: 'More' });
    const dialog = await inFrame(page, 'dialog', new RegExp(`^${change.number}: `));
    const section = dialog.getByRole('group', { name: `Approval of ${change.number}` });
    await section.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => section.getByRole('status').textContent()).toBe('Approved.');
    expect(approvalRow(mine.sys_id!).state).toBe('approved');
    expect(sims.sn.store.get('change_request', change.sys_id)!.approval).toBe('approved');
    // the panel's other reads went alongside: the approval was asked for once
    expect(sims.sn.requests.filter((r) => r.pathname === '/api/now/table/sysapproval_approver' && (r.query.get('sysparm_query') ?? '').includes(change.sys_id))).toHaveLength(1);
    await page.close();
  });
});
