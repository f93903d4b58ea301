/** The writes of the fault table: what the user opens, types, presses, and how the simulators show it landed. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { SEEDED_REFERENCES } from '../../sim/mattermost';
import type { LoggedRequest } from '../../sim/server';
import { cardsOf, closedShadow } from '../closed-shadow';
import { inFrame, nowbridgeFrames } from '../frames';
import { showPost } from '../mattermost-page';
import type { ActionDef, EndState, FaultWorld, Shown, Surface } from './cell';
import { allowAccess, dialogShown, reconnect } from './user';

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
    w.sims.sn.requests.filter((r) => r.method === 'PATCH' && state.target.path.test(r.pathname) && r.body.includes(input) && serverDid(r)).length,
};

const posts = new Map<string, { channel: string; postId: string }>();
/**
 * Beth's post linking the record, alone in a channel of its own (made once per simulator run: no other card in the
 * page moves it), and the panel from its card's More.
 */
async function openPanelOn(w: FaultWorld, r: { table: string; sys_id: string; number: string }) {
  const key = `${w.sims.mm.origin} ${r.sys_id}`;
  if (!posts.has(key)) {
    const name = `faults-panel-${r.number.toLowerCase()}`;
    const { channel } = w.sims.mm.control.seedLargeChannel({ posts: 0, refs: 0, name });
    posts.set(key, { channel: name, postId: w.sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent.id, message: `Looking at ${SN}/${r.table}.do?sys_id=${r.sys_id}` }).id });
  }
  const { channel, postId } = posts.get(key)!;
  const page = await w.browser.context.newPage();
  await page.goto(`${MM}/ops/channels/${channel}`);
  await showPost(page, postId);
  const sh = closedShadow(page);
  const hosts = cardsOf(postId, 'post');
  await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'More' })) > 0, { message: 'no More button', timeoutMs: 20_000 });
  await sh.click(hosts, { role: 'button', name: 'More' });
  const dialog = await inFrame(page, 'dialog', new RegExp(`^${r.number}: `), 15_000);
  await dialog.getByRole('region', { name: 'State' }).getByRole('combobox', { name: 'State', exact: true }).waitFor();
  return { page, dialog };
}

/** Opens #incidents at a post and picks an item of its "ServiceNow actions" menu (hover strip). */
async function fromActionsMenu(w: FaultWorld, postId: string, item: string): Promise<Page> {
  const page = await w.browser.context.newPage();
  await page.goto(`${MM}/ops/channels/incidents`);
  await page.locator('html[data-nowbridge="mattermost"]').waitFor();
  await showPost(page, postId);
  await page.locator(`#post_${postId}`).hover();
  await page.locator(`#post_${postId} button[aria-label="ServiceNow actions"]`).click();
  const menu = await inFrame(page, 'menu', 'ServiceNow actions');
  await menu.getByRole('menuitem', { name: item }).click();
  return page;
}

/** The server did this request's work: it answered 2xx (late, when slowed), or did it and then lost the answer (a fault `after`). */
const serverDid = (r: LoggedRequest) => (r.fault && r.fault.kind !== 'slow' ? r.fault.when === 'after' : r.status >= 200 && r.status < 300);

/** Create incident from a Mattermost message: the form filled from it, Create; the card goes to its thread. */
export const createIncident: ActionDef = {
  id: 'create',
  label: 'Create incident from a message',
  kind: 'write',
  target: { sim: 'sn', method: 'POST', path: /^\/api\/now\/table\/incident$/ },
  // its card then goes to the message's thread, on Mattermost: a card that could not be posted is said, with Allow
  // access where the browser withdrew it, and "Post the card again" (the same submission: no second incident)
  other: { sim: 'mm', method: 'POST', path: /^\/api\/v4\/posts$/ },
  // done is the incident and its card in the thread
  success: /^Created INC\d+\. Its card is in the thread\.$/,
  async open(w, input) {
    const root = w.sims.mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: MM_USERS.agent2.id, message: `${input}\nOutlook says "disconnected".` });
    incidentRoots.set(input, root.id);
    const page = await fromActionsMenu(w, root.id, 'Create incident from message');
    const dialog = await inFrame(page, 'dialog', 'Create incident');
    const short = dialog.getByRole('textbox', { name: 'Short description' });
    await expect.poll(() => short.inputValue()).toBe(input);
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Caller' }).inputValue()).toBe('David Loo');
    const create = () => dialog.getByRole('button', { name: 'Create' }).click();
    // made, its card not posted: the dialog's own "Post the card again"; else Create, the same submission
    const again = async () => {
      const repost = dialog.getByRole('button', { name: 'Post the card again' });
      await ((await repost.count()) ? repost.click() : create());
    };
    return surface(page, {
      act: create,
      shown: () => dialogShown(dialog),
      // the form while nothing was made; once the incident exists (its card not posted), what was typed is in it
      input: async () => ((await short.count()) ? short.inputValue() : w.sims.sn.store.scan('incident').map((r) => String(r.short_description)).join('\n')),
      retry: (st) => pressAgain(w, st, again),
    });
  },
  // the incident (ServiceNow) and its card in the thread (Mattermost): each at most once
  writes(w, input) {
    const incidents = w.sims.sn.store.scan('incident').filter((r) => r.short_description === input).length;
    // the thread's root is David's message: the only replies in it are the cards NowBridge posted as Beth
    const cards = w.sims.mm.control.posts(MM_CHANNELS.incidents.id).filter((p) => p.root_id === incidentRoots.get(input) && p.user_id === MM_USERS.agent.id).length;
    return Math.max(incidents, cards) + (incidents && cards && incidents !== cards ? 1 : 0);
  },
};
const incidentRoots = new Map<string, string>();

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

const PRB = SN_RECORDS.problem;
/** Assign to me on a problem from its record panel (the choice: "Also set group"). */
export const assign: ActionDef = {
  id: 'assign',
  label: 'Assign to me (record panel)',
  kind: 'write',
  target: { sim: 'sn', method: 'PATCH', path: new RegExp(`^/api/now/table/problem/${PRB.sys_id}$`) },
  success: /^Saved\.$/,
  async open(w, input) {
    const store = w.sims.sn.store;
    const other = store.userByName(SN_USERS.agent2.user_name)!;
    reset(w, 'problem', PRB.sys_id, { assigned_to: other.sys_id! });
    assignStarts.push({ input, at: w.sims.sn.requests.length });
    const { page, dialog } = await openPanelOn(w, PRB);
    const region = dialog.getByRole('region', { name: 'Assignment' });
    const also = region.getByRole('checkbox', { name: 'Also set group' });
    if (await also.count()) await also.check();
    const press = () => region.getByRole('button', { name: 'Assign to me' }).click();
    return surface(page, {
      act: press,
      shown: () => dialogShown(region),
      retry: (st) => pressAgain(w, st, press),
    });
  },
  // from the log: PATCHes the server did between this cell's start and the next assign cell's
  writes(w, input) {
    const i = assignStarts.findIndex((x) => x.input === input);
    const [from, to] = [assignStarts[i]!.at, assignStarts[i + 1]?.at ?? Infinity];
    return w.sims.sn.requests
      .slice(from, to)
      .filter((r) => r.method === 'PATCH' && assign.target.path.test(r.pathname) && serverDid(r)).length;
  },
};
const assignStarts: { input: string; at: number }[] = [];

/** Add a thread (a root and two replies) to a record as a work note; one reply in the thread says so. */
export const addThread: ActionDef = {
  id: 'thread',
  label: 'Add thread to a record',
  kind: 'write',
  target: { sim: 'sn', method: 'PATCH', path: new RegExp(`^/api/now/table/incident/${INC2.sys_id}$`) },
  // one reply in the thread says so
  other: { sim: 'mm', method: 'POST', path: /^\/api\/v4\/posts$/ },
  success: /^Added to INC\d+ as a work note\.$/,
  async open(w, input) {
    const root = w.sims.mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: MM_USERS.agent2.id, message: `${input}, see ${INC2.number}` });
    threadRoots.set(input, root.id);
    for (const m of ['Still failing on floor 3', 'Restarted the spooler']) w.sims.mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: MM_USERS.requester.id, root_id: root.id, message: m });
    const page = await fromActionsMenu(w, root.id, 'Add thread to a record');
    const dialog = await inFrame(page, 'dialog', 'Add thread to a record');
    const number = dialog.getByRole('textbox', { name: 'Record number' });
    await expect.poll(() => number.inputValue()).toBe(INC2.number);
    await expect.poll(() => dialog.getByRole('region', { name: /^Preview/ }).textContent()).toContain('Restarted the spooler');
    const add = () => dialog.getByRole('button', { name: 'Add', exact: true }).click();
    return surface(page, {
      act: add,
      shown: () => dialogShown(dialog),
      input: async () => `${await number.inputValue()} ${await dialog.getByRole('region', { name: /^Preview/ }).textContent()}`,
      retry: (st) => pressAgain(w, st, add),
    });
  },
  // the work note (ServiceNow) and the reply saying so (Mattermost): each at most once
  writes(w, input) {
    const notes = w.sims.sn.store.scan('sys_journal_field').filter((j) => j.element_id === INC2.sys_id && String(j.value).includes(input)).length;
    const replies = w.sims.mm.control.posts(MM_CHANNELS.incidents.id).filter((p) => p.root_id === threadRoots.get(input) && /^Added this thread to/.test(p.message)).length;
    return Math.max(notes, replies) + (notes && replies && notes !== replies ? 1 : 0);
  },
};
const threadRoots = new Map<string, string>();

/** `/servicenow share <number>` typed in a channel's message box: the card posted once, the box cleared. */
export const slashShare: ActionDef = {
  id: 'command',
  label: '/servicenow share in the message box',
  kind: 'write',
  target: { sim: 'mm', method: 'POST', path: /^\/api\/v4\/posts$/ },
  // the record is looked up by its number first
  other: { sim: 'sn', method: 'GET', path: /^\/api\/now\/table\// },
  success: /^Posted$/,
  async open(w, input) {
    const name = `faults-${input.split(' ').pop()}`;
    const { channel } = w.sims.mm.control.seedLargeChannel({ posts: 0, refs: 0, name });
    commandChannels.set(input, channel.id);
    const page = await w.browser.context.newPage();
    await page.goto(`${MM}/ops/channels/${name}`);
    const box = page.locator('#post_textbox');
    await box.waitFor();
    await page.locator('html[data-nowbridge="mattermost"]').waitFor();
    const text = `/servicenow share ${PRB.number}`;
    await box.fill(text);
    const enter = async () => {
      await box.focus();
      await page.keyboard.press('Enter');
    };
    const posted = () => w.sims.mm.control.posts(channel.id).filter((p) => JSON.stringify(p.props ?? {}).includes(PRB.number)).length;
    return surface(page, {
      act: enter,
      async shown() {
        let inPanel: Shown = { alerts: [], statuses: [], busy: false };
        for (const f of nowbridgeFrames(page)) {
          const region = f.getByRole('region', { name: 'ServiceNow command' });
          // the panel closes (its frame goes) once the card is posted
          if (await region.count().catch(() => 0)) inPanel = await dialogShown(region).catch(() => inPanel);
        }
        // the command's own success is the card in the channel and the box cleared (the panel closes)
        const done = posted() > 0 && (await box.inputValue()) === '';
        return { alerts: inPanel.alerts, statuses: done ? ['Posted'] : inPanel.statuses, busy: !done && !inPanel.alerts.length };
      },
      // the command still in the box, as typed
      input: async () => ((await box.inputValue()) === text ? input : ''),
      retry: (st) => pressAgain(w, st, enter),
    });
  },
  writes: (w, input) => w.sims.mm.control.posts(commandChannels.get(input)!).filter((p) => JSON.stringify(p.props ?? {}).includes(PRB.number)).length,
};
const commandChannels = new Map<string, string>();

/** An action's surface in `page`; where it lost its site access, the user presses its Allow access first. */
function surface(page: Page, s: Omit<Surface, 'close'>): Surface {
  return {
    ...s,
    async retry(state) {
      if (state === 'Needs site access, Allow') await allowAccess(page);
      await s.retry(state);
    },
    close: () => page.close(),
  };
}
