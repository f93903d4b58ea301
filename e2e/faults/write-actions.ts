/** The writes of the fault table: what the user opens, types, presses, and how the simulators show it landed. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { SEEDED_REFERENCES } from '../../sim/mattermost';
import { cardsOf, closedShadow } from '../closed-shadow';
import { inFrame } from '../frames';
import { showPost } from '../mattermost-page';
import type { ActionDef, EndState, FaultWorld, Surface } from './cell';
import { dialogShown, reconnect } from './user';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
const INC = SN_RECORDS.incident;

/** After a failure the user heals what they can (Reconnect on the options page), then presses the same button again. */
async function pressAgain(w: FaultWorld, state: EndState, press: () => Promise<void>): Promise<void> {
  if (state === 'Needs sign-in, Reconnect') await reconnect(w);
  await press();
}

/** Post to Mattermost from a ServiceNow form: channel chosen, a message typed, Post. */
export const share: ActionDef = {
  id: 'share',
  label: 'Share (Post to Mattermost)',
  kind: 'write',
  target: { sim: 'mm', method: 'POST', path: /^\/api\/v4\/posts$/ },
  success: /^Posted to /,
  async open(w, input) {
    const page = await w.browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${INC.sys_id}`);
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await dialog.getByRole('article').first().waitFor();
    await dialog.getByRole('combobox', { name: 'Channel' }).fill('Incidents');
    await dialog.getByRole('option', { name: /^Incidents/ }).first().click();
    await dialog.getByRole('textbox', { name: 'Message' }).fill(input);
    const post = () => dialog.getByRole('button', { name: 'Post', exact: true }).click();
    return surface(page, {
      act: post,
      shown: () => dialogShown(dialog),
      input: async () => `${await dialog.getByRole('combobox', { name: 'Channel' }).inputValue()} ${await dialog.getByRole('textbox', { name: 'Message' }).inputValue()}`,
      retry: (state) => pressAgain(w, state, post),
    });
  },
  writes: (w, input) => w.sims.mm.control.posts(MM_CHANNELS.incidents.id).filter((p) => p.message.includes(input)).length,
};

const classic = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;

/** The record panel, opened from the card under the seeded classic-link post (INC0010001). */
async function openPanel(w: FaultWorld) {
  const page = await w.browser.context.newPage();
  await page.goto(`${MM}/ops/channels/${w.sims.mm.store.channelById(classic.channelId)!.name}`);
  await showPost(page, classic.postId);
  const sh = closedShadow(page);
  const hosts = cardsOf(classic.postId, 'post');
  await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'More' })) > 0, { message: 'no More button' });
  await sh.click(hosts, { role: 'button', name: 'More' });
  const dialog = await inFrame(page, 'dialog', new RegExp(`^${INC.number}: `));
  // the panel's reads done (the State form answers last): the fault meets the write, not a read
  await dialog.getByRole('combobox', { name: 'State' }).waitFor();
  return { page, dialog };
}

/** A comment from the record panel in Mattermost. */
export const comment: ActionDef = {
  id: 'comment',
  label: 'Comment (record panel)',
  kind: 'write',
  target: { sim: 'sn', method: 'PATCH', path: new RegExp(`^/api/now/table/incident/${INC.sys_id}$`) },
  success: /^Comment added to /,
  async open(w, input) {
    const { page, dialog } = await openPanel(w);
    const box = dialog.getByRole('textbox', { name: 'Comment' });
    await box.fill(input);
    const add = () => dialog.getByRole('button', { name: 'Add to record' }).click();
    return surface(page, {
      act: add,
      // the footer beside "Add to record", not the State form's
      shown: () => dialogShown(dialog.locator('.nb-share__footer').filter({ hasText: 'Add to record' })),
      input: () => box.inputValue(),
      retry: (state) => pressAgain(w, state, add),
    });
  },
  writes: (w, input) => w.sims.sn.store.scan('sys_journal_field').filter((j) => j.element_id === INC.sys_id && j.value === input).length,
};

/** A record as the seed had it again (as admin, the write policies off), before a cell uses it. */
function reset(w: FaultWorld, table: string, sys_id: string, values: Record<string, string>) {
  const store = w.sims.sn.store;
  const saved = { ...store.policies };
  Object.assign(store.policies, { incidentCloseFields: false, changeModelTransitions: false });
  try {
    store.update(table, sys_id, values, store.userByName('admin')!);
  } finally {
    Object.assign(store.policies, saved);
  }
}

const INC2 = SN_RECORDS.incident2;

/** Resolve an incident from the record panel: code chosen, notes typed, Save. */
export const state: ActionDef = {
  id: 'state',
  label: 'State (resolve, record panel)',
  kind: 'write',
  target: { sim: 'sn', method: 'PATCH', path: new RegExp(`^/api/now/table/incident/${INC2.sys_id}$`) },
  success: /^Saved\.$/,
  async open(w, input) {
    reset(w, 'incident', INC2.sys_id, { state: '2', close_code: '', close_notes: '' });
    const { page, dialog } = await openPanelOn(w, INC2);
    const region = dialog.getByRole('region', { name: 'State' });
    await region.getByRole('combobox', { name: 'State', exact: true }).selectOption({ label: 'Resolved' });
    await region.getByRole('combobox', { name: 'Resolution code' }).selectOption({ label: 'Solved (Permanently)' });
    const notes = region.getByRole('textbox', { name: 'Resolution notes' });
    await notes.fill(input);
    const save = () => region.getByRole('button', { name: 'Save', exact: true }).click();
    return surface(page, {
      act: save,
      shown: () => dialogShown(region),
      input: async () => `${await region.getByRole('combobox', { name: 'State', exact: true }).inputValue()} ${await notes.inputValue()}`,
      retry: (st) => pressAgain(w, st, save),
    });
  },
  // from the simulator's log: PATCHes carrying this cell's notes that the server did (answered 2xx, or did and
  // then lost the answer); the record itself is reset by the next cell
  writes: (w, input) =>
    w.sims.sn.requests.filter((r) => r.method === 'PATCH' && state.target.path.test(r.pathname) && r.body.includes(input) && (r.fault ? r.fault.when === 'after' : r.status >= 200 && r.status < 300)).length,
};

const posts = new Map<string, string>();
/** Beth's post linking the record in town-square, made once per simulator run; the panel from its card's More. */
async function openPanelOn(w: FaultWorld, r: { table: string; sys_id: string; number: string }) {
  const town = w.sims.mm.store.channelByName(w.sims.mm.store.teamByName('ops')!.id, 'town-square')!;
  const key = `${w.sims.mm.origin} ${r.sys_id}`;
  if (!posts.has(key)) posts.set(key, w.sims.mm.control.createPost({ channel_id: town.id, user_id: MM_USERS.agent.id, message: `Looking at ${SN}/${r.table}.do?sys_id=${r.sys_id}` }).id);
  const postId = posts.get(key)!;
  const page = await w.browser.context.newPage();
  await page.goto(`${MM}/ops/channels/town-square`);
  await showPost(page, postId);
  const sh = closedShadow(page);
  const hosts = cardsOf(postId, 'post');
  await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'More' })) > 0, { message: 'no More button', timeoutMs: 20_000 });
  await sh.click(hosts, { role: 'button', name: 'More' });
  const dialog = await inFrame(page, 'dialog', new RegExp(`^${r.number}: `), 15_000);
  await dialog.getByRole('region', { name: 'State' }).getByRole('combobox', { name: 'State', exact: true }).waitFor();
  return { page, dialog };
}

/** Create incident from a Mattermost message: the form filled from it, Create; the card goes to its thread. */
export const createIncident: ActionDef = {
  id: 'create',
  label: 'Create incident from a message',
  kind: 'write',
  target: { sim: 'sn', method: 'POST', path: /^\/api\/now\/table\/incident$/ },
  success: /^Created INC\d+\./,
  async open(w, input) {
    const root = w.sims.mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: MM_USERS.agent2.id, message: `${input}\nOutlook says "disconnected".` });
    const page = await w.browser.context.newPage();
    await page.goto(`${MM}/ops/channels/incidents`);
    await page.locator('html[data-nowbridge="mattermost"]').waitFor();
    await showPost(page, root.id);
    await page.locator(`#post_${root.id}`).hover();
    await page.locator(`#post_${root.id} button[aria-label="ServiceNow actions"]`).click();
    const menu = await inFrame(page, 'menu', 'ServiceNow actions');
    await menu.getByRole('menuitem', { name: 'Create incident from message' }).click();
    const dialog = await inFrame(page, 'dialog', 'Create incident');
    const short = dialog.getByRole('textbox', { name: 'Short description' });
    await expect.poll(() => short.inputValue()).toBe(input);
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Caller' }).inputValue()).toBe('David Loo');
    const create = () => dialog.getByRole('button', { name: 'Create' }).click();
    return surface(page, {
      act: create,
      shown: () => dialogShown(dialog),
      input: () => short.inputValue(),
      retry: (st) => pressAgain(w, st, create),
    });
  },
  writes: (w, input) => w.sims.sn.store.scan('incident').filter((r) => r.short_description === input).length,
};

/** Reject a requested item from My approvals in the popup, with a reason. */
export const approve: ActionDef = {
  id: 'approve',
  label: 'Approval (reject with a reason, popup)',
  kind: 'write',
  target: { sim: 'sn', method: 'PATCH', path: /^\/api\/now\/table\/sysapproval_approver\/[0-9a-f]{32}$/ },
  success: /^Rejected\.$/,
  async open(w, input) {
    const store = w.sims.sn.store;
    const beth = store.userByName(SN_USERS.agent.user_name)!;
    const row = store.scan('sysapproval_approver').find((a) => a.approver === beth.sys_id && a.source_table === 'sc_req_item' && a.sys_created_by === 'system')!;
    reset(w, 'sysapproval_approver', row.sys_id!, { state: 'requested' });
    reset(w, 'sc_req_item', row.sysapproval!, { approval: 'requested' });
    approvalOf.set(input, row.sys_id!);
    const task = store.get('sc_req_item', row.sysapproval!)!;
    const p = await w.browser.openExtensionPage('popup.html');
    await p.setViewportSize({ width: 520, height: 700 });
    await p.getByRole('button', { name: 'My approvals' }).click();
    const li = p.getByRole('list', { name: 'My approvals' }).getByRole('listitem', { name: `${task.number}: ${task.short_description}` });
    await li.getByRole('button', { name: 'Reject' }).click();
    const reason = li.getByRole('textbox', { name: 'Reason' });
    await reason.fill(input);
    const send = () => li.getByRole('button', { name: 'Send rejection' }).click();
    return surface(p, {
      act: send,
      shown: () => dialogShown(li),
      input: () => reason.inputValue(),
      retry: (st) => pressAgain(w, st, send),
    });
  },
  writes: (w, input) =>
    w.sims.sn.store.scan('sys_journal_field').filter((j) => j.element_id === approvalOf.get(input) && j.value === input).length,
};
const approvalOf = new Map<string, string>();

function surface(page: Page, s: Omit<Surface, 'close'>): Surface {
  return { ...s, close: () => page.close() };
}
