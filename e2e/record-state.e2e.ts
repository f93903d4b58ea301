// The record panel's State and Assignment sections (issue 12), from a card in Mattermost, against the
// simulated ServiceNow: each test checks what the user sees and what ServiceNow holds (the store) or was sent
// (the request log).
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { HOSTS, MM_USERS, SN_RECORDS, SN_USERS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { inFrame } from './frames';
import { signInAndConnect } from './sims';
import { cardsOf, closedShadow } from './closed-shadow';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

type Rec = { table: string; sys_id: string; number: string };
const INC = SN_RECORDS.incident;
const INC2 = SN_RECORDS.incident2;
const BETH = SN_USERS.agent;
const admin = () => sims.sn.store.userByName('admin')!;
const row = (r: Rec) => sims.sn.store.get(r.table, r.sys_id)!;
/** where this test's requests start in the file-wide log */
let mark = 0;
beforeEach(() => void (mark = sims.sn.requests.length));
/** the writes (not reads) NowBridge sent for a record in this test */
const writesTo = (r: Rec) => sims.sn.requests.slice(mark).filter((q) => (q.method === 'PATCH' || q.method === 'PUT') && q.pathname === `/api/now/table/${r.table}/${r.sys_id}`);
const groupId = (name: string) => sims.sn.store.scan('sys_user_group').find((g) => g.name === name)!.sys_id!;

// The store is shared by the file's tests: every record a test changes is put back as the seed had it.
const restore: Array<() => void> = [];
/** remembers `fields` of a record, to put them back after the test (as admin, with the policies off) */
function keep(r: Rec, fields: string[]) {
  const was = Object.fromEntries(fields.map((f) => [f, row(r)[f] ?? '']));
  restore.push(() => sims.sn.store.update(r.table, r.sys_id, was, admin()));
}
afterEach(() => {
  const p = sims.sn.store.policies;
  const saved = { ...p };
  Object.assign(p, { incidentCloseFields: false, changeModelTransitions: false });
  try {
    for (const undo of restore.splice(0).reverse()) undo();
  } finally {
    Object.assign(p, saved);
  }
});

/** Scrolls the simulator's windowed post list to a post (e2e/mattermost-page.ts showPost, without its wait). */
const scrollToPost = (page: Page, id: string) =>
  page
    .evaluate(async (postId) => {
      const sim = (window as unknown as { __sim?: { rowKeys(): string[]; scrollToRow(i: number): void; idle(): Promise<void> } }).__sim;
      if (!sim) return;
      await sim.idle();
      const i = sim.rowKeys().findIndex((k) => k.includes(postId));
      if (i >= 0) sim.scrollToRow(i);
    }, id)
    .catch(() => undefined);

/** Posts a link to the record in town-square as Beth (her own post: the channel opens at the bottom, not at unread posts), opens the channel and the panel from the card's More. */
async function openPanel(page: Page, r: Rec) {
  const ops = sims.mm.store.teamByName('ops')!;
  const channel = sims.mm.store.channelByName(ops.id, 'town-square')!;
  const post = sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent.id, message: `Taking ${SN}/${r.table}.do?sys_id=${r.sys_id} ?` });
  await page.goto(`${MM}/ops/channels/town-square`);
  const sh = closedShadow(page);
  const hosts = cardsOf(post.id, 'post');
  // cards loading above can push a row out of the windowed list: bring it back while waiting for its card
  await sh.until(
    async () => {
      if (!(await page.locator(`#post_${post.id}`).count())) await scrollToPost(page, post.id);
      return (await sh.count(hosts, { role: 'button', name: 'More' })) > 0;
    },
    { message: 'no More button', timeoutMs: 30_000, intervalMs: 200 },
  );
  await sh.click(hosts, { role: 'button', name: 'More' });
  const dialog = await inFrame(page, 'dialog', new RegExp(`^${r.number}: `), 15_000);
  const stateRegion = dialog.getByRole('region', { name: 'State' });
  const assignment = dialog.getByRole('region', { name: 'Assignment' });
  const state = stateRegion.getByRole('combobox', { name: 'State', exact: true });
  await state.waitFor();
  return { dialog, stateRegion, assignment, state, sh, hosts, postId: post.id };
}

const alertTexts = async (scope: Locator) => (await scope.getByRole('alert').allTextContents()).map((t) => t.trim()).filter(Boolean);
const statusOf = (scope: Locator) => scope.getByRole('status').textContent();

describe('State and Assignment in the record panel', () => {
  test('resolve an incident: without a resolution code the panel asks for it and sends nothing; with code and notes it is resolved', async () => {
    keep(INC, ['state', 'close_code', 'close_notes', 'active', 'incident_state']);
    const page = await browser.context.newPage();
    const { stateRegion, state } = await openPanel(page, INC);
    expect(await state.inputValue()).toBe('2');
    await state.selectOption({ label: 'Resolved' });
    const code = stateRegion.getByRole('combobox', { name: 'Resolution code' });
    const notes = stateRegion.getByRole('textbox', { name: 'Resolution notes' });
    // the codes are the instance's own (sys_choice), not a built-in list
    expect(await code.locator('option').allTextContents()).toContain('Solved (Permanently)');
    await notes.fill('Restarted the mail transport service.');
    await stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => alertTexts(stateRegion)).toContain('Resolution code is required.');
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(writesTo(INC)).toEqual([]);

    await code.selectOption({ label: 'Solved (Permanently)' });
    await stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => statusOf(stateRegion)).toBe('Saved.');
    expect(writesTo(INC)).toHaveLength(1);
    expect(row(INC)).toMatchObject({ state: '6', close_code: 'Solved (Permanently)', close_notes: 'Restarted the mail transport service.' });
    // the panel shows the record as it is now
    expect(await state.inputValue()).toBe('6');
    await page.close();
  });

  test('a data-policy 403 the form did not foresee reopens it with the field marked and everything typed kept', async () => {
    keep(INC, ['state', 'close_code', 'close_notes', 'active', 'incident_state']);
    const page = await browser.context.newPage();
    const { stateRegion, state } = await openPanel(page, INC);
    await state.selectOption({ label: 'Resolved' });
    const code = stateRegion.getByRole('combobox', { name: 'Resolution code' });
    const notes = stateRegion.getByRole('textbox', { name: 'Resolution notes' });
    // NowBridge knows Resolve needs a code; the instance's data policy also wants the notes
    await code.selectOption({ label: 'Closed/Resolved by Caller' });
    await stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => notes.getAttribute('aria-invalid')).toBe('true');
    expect(await stateRegion.getByText('ServiceNow requires this').count()).toBe(1);
    expect(writesTo(INC).map((w) => w.status)).toEqual([403]);
    expect(row(INC).state).toBe('2');
    expect(await state.inputValue()).toBe('6');
    expect(await code.inputValue()).toBe('Closed/Resolved by Caller');

    await notes.fill('The caller restarted Outlook; mail flows again.');
    await stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => statusOf(stateRegion)).toBe('Saved.');
    expect(row(INC)).toMatchObject({ state: '6', close_code: 'Closed/Resolved by Caller', close_notes: 'The caller restarted Outlook; mail flows again.' });
    await page.close();
  });

  test('where sys_choice cannot be read the code is typed: still asked for before sending, the notes kept, then resolved', async () => {
    keep(INC, ['state', 'close_code', 'close_notes', 'active', 'incident_state']);
    const p = sims.sn.store.policies;
    p.choicesReadable = false;
    try {
      const page = await browser.context.newPage();
      const { stateRegion, state } = await openPanel(page, INC);
      // the states come from NowBridge's built-in list
      expect(await state.locator('option').allTextContents()).toEqual(expect.arrayContaining(['In Progress', 'On Hold', 'Resolved']));
      await state.selectOption({ label: 'Resolved' });
      // a text box offering NowBridge's built-in codes (an input with a list: a combobox)
      const code = stateRegion.getByRole('combobox', { name: 'Resolution code' });
      expect(await code.evaluate((el) => el.tagName)).toBe('INPUT');
      const notes = stateRegion.getByRole('textbox', { name: 'Resolution notes' });
      await notes.fill('Replaced the failed relay.');
      await stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
      expect(await alertTexts(stateRegion)).toContain('Resolution code is required.');
      expect(writesTo(INC)).toEqual([]);
      expect(await notes.inputValue()).toBe('Replaced the failed relay.');
      // this instance uses the legacy codes, not the built-in ones: typed as it stores them (value = label, A.4)
      await code.fill('Solved (Permanently)');
      await stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => statusOf(stateRegion)).toBe('Saved.');
      expect(row(INC)).toMatchObject({ state: '6', close_code: 'Solved (Permanently)', close_notes: 'Replaced the failed relay.' });
      await page.close();
    } finally {
      p.choicesReadable = true;
    }
  });

  test('Assign to me: not in the group, it says so and can also set my group; the record and the card in Mattermost say Beth', async () => {
    keep(INC2, ['assigned_to', 'assignment_group']);
    const page = await browser.context.newPage();
    const { assignment, sh, hosts } = await openPanel(page, INC2);
    await assignment.getByText('You are not in Network.').waitFor();
    await assignment.getByRole('checkbox', { name: 'Also set group' }).check();
    await assignment.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => statusOf(assignment)).toBe('Saved.');
    expect(row(INC2)).toMatchObject({ assigned_to: BETH.sys_id, assignment_group: groupId('Service Desk') });
    expect(await assignment.getByRole('combobox', { name: 'Assigned to' }).inputValue()).toBe('Beth Anglin');
    // the card under the post, in the page, shows the new assignee without a reload
    await expect.poll(async () => (await sh.texts(hosts)).join(' '), { timeout: 10_000 }).toContain('Beth Anglin');
    expect(await assignment.getByText('You are not in').count()).toBe(0);
    await page.close();
  });

  test('"Assigned to" and "Assignment group" are comboboxes: type, arrow, Enter; the group change clears the assignee', async () => {
    keep(INC2, ['assigned_to', 'assignment_group']);
    const page = await browser.context.newPage();
    const { assignment } = await openPanel(page, INC2);
    const group = assignment.getByRole('combobox', { name: 'Assignment group' });
    await group.fill('Service');
    await expect.poll(() => group.getAttribute('aria-expanded')).toBe('true');
    const listbox = assignment.getByRole('listbox', { name: 'Assignment group' });
    await listbox.getByRole('option', { name: /^Service Desk/ }).waitFor();
    // the first match is active: arrows move through the matches and back, Enter picks
    const active = () => listbox.getByRole('option', { selected: true }).textContent();
    const first = await active();
    const n = await listbox.getByRole('option').count();
    for (let i = 0; i < n; i++) await group.press('ArrowDown');
    expect(await active()).toBe(first);
    while (!(await active())?.startsWith('Service Desk')) await group.press('ArrowDown');
    await group.press('Enter');
    expect(await group.inputValue()).toBe('Service Desk');
    expect(await assignment.getByRole('combobox', { name: 'Assigned to' }).inputValue()).toBe('');
    const person = assignment.getByRole('combobox', { name: 'Assigned to' });
    await person.fill('Beth');
    await assignment.getByRole('listbox', { name: 'Assigned to' }).getByRole('option', { name: /Beth Anglin/ }).waitFor();
    await person.press('Enter');
    await assignment.getByRole('button', { name: 'Save assignment' }).click();
    await expect.poll(() => statusOf(assignment)).toBe('Saved.');
    expect(row(INC2)).toMatchObject({ assigned_to: BETH.sys_id, assignment_group: groupId('Service Desk') });
    await page.close();
  });

  test('state on a problem, and on a change along its model; a jump off the model shows the business rule in its words', async () => {
    const PRB = SN_RECORDS.problem;
    const CHG = SN_RECORDS.change;
    keep(PRB, ['state', 'active']);
    keep(CHG, ['state', 'active']);
    const p = sims.sn.store.policies;
    p.changeModelTransitions = false;
    sims.sn.store.update('change_request', CHG.sys_id, { state: '-3' }, admin());
    p.changeModelTransitions = true;

    const page = await browser.context.newPage();
    const problem = await openPanel(page, PRB);
    expect(await problem.state.locator('option').allTextContents()).toEqual(['New', 'Assess', 'Root Cause Analysis', 'Fix in Progress', 'Resolved', 'Closed']);
    await problem.state.selectOption({ label: 'Fix in Progress' });
    await problem.stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => statusOf(problem.stateRegion)).toBe('Saved.');
    expect(row(PRB).state).toBe('104');
    await problem.dialog.getByRole('button', { name: 'Close' }).click();

    const change = await openPanel(page, CHG);
    expect(await change.state.inputValue()).toBe('-3');
    await change.state.selectOption({ label: 'Scheduled' });
    await change.stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => statusOf(change.stateRegion)).toBe('Saved.');
    expect(row(CHG).state).toBe('-2');
    await change.state.selectOption({ label: 'Closed' });
    await change.stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
    // ServiceNow's own words, verbatim, inside the refusal
    await expect.poll(async () => (await alertTexts(change.stateRegion)).join('\n')).toContain("Business Rule 'Change Model: Check State Transition' aborted");
    expect(row(CHG).state).toBe('-2');
    // the choice stays, to pick another
    expect(await change.state.inputValue()).toBe('3');
    await page.close();
  });

  test('a change by someone else between open and save is shown, with what is there now, and nothing is written until "Save anyway"', async () => {
    keep(INC, ['state', 'hold_reason', 'active', 'incident_state']);
    const page = await browser.context.newPage();
    const { stateRegion, state } = await openPanel(page, INC);
    // David moves it back to New while Beth has the panel open
    sims.sn.store.update('incident', INC.sys_id, { state: '1' }, sims.sn.store.userByName(SN_USERS.agent2.user_name)!);
    await state.selectOption({ label: 'On Hold' });
    await stateRegion.getByRole('combobox', { name: 'On hold reason' }).selectOption({ label: 'Awaiting Vendor' });
    const writesBefore = writesTo(INC).length;
    await stateRegion.getByRole('button', { name: 'Save', exact: true }).click();
    const conflict = stateRegion.getByRole('alert', { name: 'Changed by someone else' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(/Changed by (David Loo|david\.loo) at .+: now State is New\./);
    expect(writesTo(INC).length).toBe(writesBefore);
    expect(row(INC).state).toBe('1');

    await conflict.getByRole('button', { name: 'Save anyway' }).click();
    await expect.poll(() => statusOf(stateRegion)).toBe('Saved.');
    expect(row(INC)).toMatchObject({ state: '3', hold_reason: '4' });
    expect(writesTo(INC).length).toBe(writesBefore + 1);
    await page.close();
  });

  test('a field ServiceNow silently drops is named, not shown as saved; the record keeps its value', async () => {
    keep(INC2, ['assigned_to', 'assignment_group']);
    const p = sims.sn.store.policies;
    p.fieldWriteRoles = { ...p.fieldWriteRoles, 'incident.assignment_group': 'itil_admin' };
    try {
      const page = await browser.context.newPage();
      const { assignment } = await openPanel(page, INC2);
      const group = assignment.getByRole('combobox', { name: 'Assignment group' });
      await group.fill('Service Desk');
      await assignment.getByRole('listbox', { name: 'Assignment group' }).getByRole('option', { name: /^Service Desk/ }).click();
      await assignment.getByRole('button', { name: 'Save assignment' }).click();
      await expect.poll(() => alertTexts(assignment)).toContain('ServiceNow did not accept: Assignment group');
      expect(row(INC2).assignment_group).toBe(groupId('Network'));
      // the panel shows what ServiceNow holds, not what was asked for
      await expect.poll(() => group.inputValue()).toBe('Network');
      await page.close();
    } finally {
      delete p.fieldWriteRoles['incident.assignment_group'];
    }
  });

  test("a page script can't read the State form or press Save", async () => {
    keep(INC, ['state', 'close_code', 'close_notes', 'active', 'incident_state']);
    const page = await browser.context.newPage();
    const { stateRegion, state } = await openPanel(page, INC);
    await state.selectOption({ label: 'Resolved' });
    await stateRegion.getByRole('combobox', { name: 'Resolution code' }).selectOption({ label: 'Solved (Permanently)' });
    await stateRegion.getByRole('textbox', { name: 'Resolution notes' }).fill('typed by the user, not sent');
    const seen = await page.evaluate(() => {
      const host = document.querySelector('nowbridge-frame') as HTMLElement;
      // forged clicks and keys at the page level, where Save would be if the page could see it
      host.click();
      for (const type of ['keydown', 'keyup'] as const) document.dispatchEvent(new KeyboardEvent(type, { key: 'Enter', bubbles: true }));
      const box = host.getBoundingClientRect();
      document.elementFromPoint(box.left + box.width / 2, box.bottom - 20)?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      let text = document.body.innerText;
      for (const el of document.querySelectorAll('*')) if (el.shadowRoot) text += el.shadowRoot.textContent;
      return { shadow: host.shadowRoot, windows: window.frames.length, leaked: ['typed by the user', 'Resolution code', 'Resolution notes', 'Solved (Permanently)'].some((s) => text.includes(s)) };
    });
    expect(seen).toEqual({ shadow: null, windows: 0, leaked: false });
    expect(writesTo(INC)).toEqual([]);
    expect(row(INC).state).toBe('2');
    expect(await stateRegion.getByRole('textbox', { name: 'Resolution notes' }).inputValue()).toBe('typed by the user, not sent');
    await page.close();
  });
});
