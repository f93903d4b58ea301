// Issue 14, watching: another user's change to a watched record or queue becomes one notification, an Activity entry
// and the badge's count, in real Chromium against the simulators; the test drives the simulator's clock and asks for
// each check with the Activity view's "Check now" (the alarm's own minute is not waited for).
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS, SN_USERS } from '../sim/fixtures';
import { findFrame } from './frames';
import { cardsOf as hostsOf, closedShadow } from './closed-shadow';
import { showPost } from './mattermost-page';
import { browser, sims, useSimsAndBrowser } from './harness';
import { signInAndConnect } from './sims';
import { checkNow } from './activity';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const INC = SN_RECORDS.incident;
const INC2 = SN_RECORDS.incident2;
const DAVID = SN_USERS.agent2.user_name;
/** watch queries this test's checks made (numberIN… or a queue's) */
const watchReads = () => sims.sn.requests.filter((r) => r.pathname === '/api/now/table/task' && /sys_updated_on/.test(r.query.get('sysparm_query') ?? '')).length;
const notifications = async () => Object.keys(await (await browser.serviceWorker()).evaluate(() => chrome.notifications.getAll()));
const badge = async () => (await browser.serviceWorker()).evaluate(() => chrome.action.getBadgeText({}));

async function openActivity(): Promise<Page> {
  const p = await browser.openExtensionPage('popup.html?view=activity');
  await p.setViewportSize({ width: 520, height: 800 });
  await p.getByRole('region', { name: 'Activity' }).waitFor();
  return p;
}

/** Watches a record from its panel in the popup (search → Shift+Enter → Watch). */
async function watchFromPanel(number: string) {
  const p = await browser.openExtensionPage('popup.html');
  await p.setViewportSize({ width: 520, height: 800 });
  const box = p.getByRole('combobox', { name: 'Search ServiceNow' });
  await box.fill(number);
  // Shift+click: the record's panel (the home list may show the record before the search has answered)
  await p.getByRole('listbox', { name: 'Results' }).getByRole('option', { name: new RegExp(number) }).first().click({ modifiers: ['Shift'] });
  const panel = p.getByRole('dialog', { name: new RegExp(number) });
  const watch = panel.getByRole('button', { name: 'Watch' });
  await expect.poll(() => watch.getAttribute('aria-disabled')).toBe('false');
  await watch.click();
  await expect.poll(() => panel.getByRole('button', { name: 'Watching' }).getAttribute('aria-pressed')).toBe('true');
  await p.close();
}

describe('watching records', () => {
  test('another user resolves a watched record with a comment: one notification, the Activity entry, the badge; nothing for my own change', async () => {
    await watchFromPanel(INC.number);
    const p = await openActivity();
    await checkNow(p);
    expect(await notifications()).toEqual([]);

    sims.sn.control.advanceClock(60);
    sims.sn.control.updateAs(DAVID, 'incident', INC.sys_id, { state: '6', close_code: 'Solution provided', close_notes: 'Restarted the VPN concentrator', comments: 'Fixed: please reconnect your VPN client' });
    sims.sn.control.advanceClock(60);
    await checkNow(p);

    const group = p.getByRole('list', { name: 'Changes' }).getByRole('listitem', { name: new RegExp(`^${INC.number}: .*1 unread$`) });
    await group.waitFor();
    const text = await group.textContent();
    expect(text).toContain(`David Loo resolved ${INC.number}`);
    expect(text).toMatch(/State: [^→]+ → Resolved/);
    expect(text).toContain('Fixed: please reconnect your VPN client');
    expect(await notifications()).toHaveLength(1);
    expect(await badge()).toBe('1');
    expect(await p.getByRole('heading', { level: 2 }).textContent()).toBe('Activity (1 unread)');

    // my own change: no notification, no entry, the badge as it was
    sims.sn.control.advanceClock(60);
    sims.sn.control.updateAs(SN_USERS.agent.user_name, 'incident', INC.sys_id, { comments: 'Thanks David, confirmed with the caller' });
    sims.sn.control.advanceClock(60);
    await checkNow(p);
    expect(await notifications()).toHaveLength(1);
    expect(await badge()).toBe('1');
    expect(await p.getByRole('list', { name: `Changes to ${INC.number}` }).getByRole('listitem').count()).toBe(1);

    // read: the badge goes
    await p.getByRole('button', { name: `Mark ${INC.number} read` }).click();
    await expect.poll(badge).toBe('');
  });

  test('Watch from the hover card of a link in Mattermost', async () => {
    const post = sims.mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: MM_USERS.requester.id, message: `Still broken: ${SN}/incident.do?sys_id=${INC2.sys_id}` });
    const page = await browser.context.newPage();
    await page.goto(`https://${HOSTS.mattermost}/ops/channels/incidents`);
    await showPost(page, post.id);
    await page.locator(`#post_${post.id} a.markdown__link`).hover();
    const card = await findFrame(page, 'button', 'Watch');
    const watch = card.getByRole('button', { name: 'Watch', exact: true });
    await expect.poll(() => watch.getAttribute('aria-disabled')).toBe('false');
    await watch.click();
    await expect.poll(() => card.getByRole('button', { name: 'Watching' }).getAttribute('aria-pressed')).toBe('true');
    const p = await openActivity();
    await p.getByRole('list', { name: 'Watching' }).getByRole('listitem', { name: new RegExp(`^${INC2.number}: `) }).waitFor();
  });

  test('Watch a search result in the popup with Ctrl+Shift+Enter', async () => {
    const p = await browser.openExtensionPage('popup.html');
    const box = p.getByRole('combobox', { name: 'Search ServiceNow' });
    await box.fill(INC2.number);
    await p.getByRole('listbox', { name: 'Results' }).getByRole('option', { name: new RegExp(INC2.number) }).first().waitFor();
    await expect.poll(() => p.getByRole('option', { selected: true }).textContent()).toContain(INC2.number);
    await box.press('Control+Shift+Enter');
    await p.getByText(`Watching ${INC2.number}: its changes show in Activity.`).waitFor();
    await p.getByRole('button', { name: 'Activity', exact: true }).click();
    await p.getByRole('list', { name: 'Watching' }).getByRole('listitem', { name: new RegExp(`^${INC2.number}: `) }).waitFor();
  });

  test('Watch on a record card under a Mattermost post', async () => {
    const post = sims.mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: MM_USERS.requester.id, message: `Any news on ${SN}/incident.do?sys_id=${INC.sys_id} ?` });
    const page = await browser.context.newPage();
    await page.goto(`https://${HOSTS.mattermost}/ops/channels/incidents`);
    await showPost(page, post.id);
    const sh = closedShadow(page);
    const hosts = hostsOf(post.id, 'post');
    await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'Watch' })) > 0, { message: 'no Watch button on the card' });
    await sh.click(hosts, { role: 'button', name: 'Watch' });
    await sh.until(async () => (await sh.inRoots(hosts, (root) => root.querySelector('[role="status"]')?.textContent ?? ''))[0]?.startsWith(`Watching ${INC.number}`) ?? false, { message: 'no “Watching” said' });
    const p = await openActivity();
    await p.getByRole('list', { name: 'Watching' }).getByRole('listitem', { name: new RegExp(`^${INC.number}: `) }).waitFor();
  });

  test('Watch on a ServiceNow record page: in the dialog of its “Post to Mattermost” button', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${INC.sys_id}`);
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const dialog = await findFrame(page, 'dialog', 'Share to Mattermost');
    const watch = dialog.getByRole('button', { name: 'Watch', exact: true });
    await expect.poll(() => watch.getAttribute('aria-disabled')).toBe('false');
    await watch.click();
    await expect.poll(() => dialog.getByRole('button', { name: 'Watching' }).getAttribute('aria-pressed')).toBe('true');
    const p = await openActivity();
    await p.getByRole('list', { name: 'Watching' }).getByRole('listitem', { name: new RegExp(`^${INC.number}: `) }).waitFor();
  });

  test('“Assigned to me”: an incident someone else assigns to me is new in the queue', async () => {
    const p = await openActivity();
    const preset = p.getByRole('button', { name: 'Assigned to me', exact: true });
    await preset.click();
    await expect.poll(() => preset.getAttribute('aria-pressed')).toBe('true');
    await checkNow(p); // learns what the queue holds
    expect(await notifications()).toEqual([]);
    sims.sn.control.advanceClock(60);
    sims.sn.control.updateAs(DAVID, 'incident', INC2.sys_id, { assigned_to: SN_USERS.agent.sys_id });
    await checkNow(p);
    const group = p.getByRole('list', { name: 'Changes' }).getByRole('listitem', { name: new RegExp(`^${INC2.number}: `) });
    await group.waitFor();
    expect(await group.textContent()).toContain(`${INC2.number} is new in Assigned to me`);
    expect(await notifications()).toHaveLength(1);
  });

  test('“Watch this list” on a ServiceNow list: a new record someone else creates in it is told', async () => {
    const list = await browser.context.newPage();
    await list.goto(`${SN}/incident_list.do?sysparm_query=${encodeURIComponent('active=true^priority=1')}`);
    const tabId = await (await browser.serviceWorker()).evaluate(async (url) => (await chrome.tabs.query({ url })).at(0)?.id, `${SN}/incident_list.do*`);
    const p = await browser.openExtensionPage(`popup.html?view=activity&tab=${tabId}`);
    await p.getByRole('region', { name: 'Activity' }).waitFor();
    await p.getByRole('button', { name: 'Watch this list' }).click();
    await p.getByRole('list', { name: 'Watching' }).getByRole('listitem', { name: /^incident list: active=true\^priority=1 · / }).waitFor();
    await checkNow(p); // learns what the list holds
    sims.sn.control.advanceClock(60);
    const made = sims.sn.control.insertAs(DAVID, 'incident', { short_description: 'Core switch down in DC2', impact: '1', urgency: '1', caller_id: SN_USERS.requester.sys_id });
    await checkNow(p);
    const group = p.getByRole('list', { name: 'Changes' }).getByRole('listitem', { name: new RegExp(`^${made.number}: `) });
    await group.waitFor();
    expect(await group.textContent()).toContain(`David Loo created ${made.number}`);
    expect(await notifications()).toHaveLength(1);
  });

  test('a 429 with Retry-After: no request until it has passed, then the change arrives by itself', async () => {
    await watchFromPanel(INC.number);
    const p = await openActivity();
    await checkNow(p);
    sims.sn.control.failNext(1, 429, { retryAfterSec: 3 });
    await checkNow(p);
    await expect.poll(() => p.getByRole('alert').first().textContent()).toMatch(/rate-limiting NowBridge; the next check waits until/);
    const reads = watchReads();
    await checkNow(p);
    expect(watchReads()).toBe(reads);
    sims.sn.control.advanceClock(60);
    sims.sn.control.updateAs(DAVID, 'incident', INC.sys_id, { work_notes: 'Vendor ticket raised' });
    // the one-shot alarm at Retry-After makes the check: the notification comes without another click
    await expect.poll(notifications, { timeout: 15_000 }).toHaveLength(1);
    expect(watchReads()).toBe(reads + 1);
  });

  test('a revoked sign-in stops watching with “Needs sign-in” and no further requests', async () => {
    await watchFromPanel(INC.number);
    const p = await openActivity();
    await checkNow(p);
    sims.sn.control.expireSessions();
    await checkNow(p);
    await expect.poll(() => p.getByRole('alert').first().textContent()).toMatch(/^Needs sign-in/);
    await p.getByRole('button', { name: 'Reconnect' }).waitFor();
    const reads = watchReads();
    await checkNow(p);
    await checkNow(p);
    expect(watchReads()).toBe(reads);
  });

  test('after a long gap: one digest per record, not one per change', async () => {
    await watchFromPanel(INC.number);
    await watchFromPanel(INC2.number);
    const p = await openActivity();
    await checkNow(p);
    for (let i = 0; i < 4; i++) {
      sims.sn.control.advanceClock(900);
      sims.sn.control.updateAs(DAVID, 'incident', INC.sys_id, i % 2 ? { comments: `Update ${i}` } : { urgency: String(1 + (i % 3)) });
      sims.sn.control.updateAs(DAVID, 'incident', INC2.sys_id, { work_notes: `Note ${i}` });
    }
    sims.sn.control.advanceClock(3600);
    await checkNow(p);
    await p.getByRole('list', { name: `Changes to ${INC2.number}` }).waitFor();
    for (const n of [INC.number, INC2.number]) {
      const changes = p.getByRole('list', { name: `Changes to ${n}` }).getByRole('listitem');
      expect(await changes.count()).toBe(1);
      expect(await changes.textContent()).toContain(`${n} changed while you were away`);
    }
    expect(await notifications()).toHaveLength(2);
  });
});
