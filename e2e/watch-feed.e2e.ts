// Issue 14, channel feeds: a watched record's changes posted to a channel — its card with the first change, then
// replies in that thread — each once, also across a restart of the background worker in the middle, and with two
// users' browsers watching the record with the same feed; in real Chromium against the simulators. (A worker dying
// between posting and noting it, bots and webhooks: lib/background/watch-feed.test.ts against the Mattermost simulator.)
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS, SN_USERS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { signInAndConnect } from './sims';
import { checkNow } from './activity';
import { launch } from './world';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const INC = SN_RECORDS.incident2;
const DAVID = SN_USERS.agent2.user_name;
const CHANNEL = MM_CHANNELS.incidents.id;
const feedPosts = () => sims.mm.control.posts(CHANNEL).filter((p) => !p.delete_at && JSON.stringify(p.props ?? {}).includes('nowbridge_event'));


/** Watches the record with a feed to Incidents as its user, from the Activity view; returns the view. */
async function watchWithFeed(b: typeof browser, rec: { table: string; sys_id: string; number: string } = INC): Promise<Page> {
  const p = await b.openExtensionPage('popup.html?view=activity');
  await p.setViewportSize({ width: 520, height: 900 });
  await p.evaluate((r) => chrome.runtime.sendMessage({ type: 'watch/add-record', instance: r.instance, table: r.table, sys_id: r.sys_id }), { instance: SN, ...rec });
  await p.reload();
  const item = p.getByRole('list', { name: 'Watching' }).getByRole('listitem', { name: new RegExp(`^${rec.number}: `) });
  await item.getByText('Also post to a channel').click();
  await item.getByRole('combobox', { name: 'Channel' }).fill('Incidents');
  await item.getByRole('option', { name: /^Incidents/ }).first().click();
  await item.getByRole('radio', { name: /^You/ }).check();
  await item.getByRole('button', { name: 'Save feed' }).click();
  await expect.poll(() => item.textContent()).toContain('Also posts to Incidents as you.');
  return p;
}

describe('channel feed', () => {
  test('three changes: one card post and two thread replies, each once, across a worker restart', async () => {
    const p = await watchWithFeed(browser);
    const before = feedPosts().length;

    sims.sn.control.advanceClock(60);
    sims.sn.control.updateAs(DAVID, 'incident', INC.sys_id, { state: '2' });
    await checkNow(p);
    await expect.poll(() => feedPosts().length).toBe(before + 1);
    const root = feedPosts().at(-1);
    expect(root!.root_id).toBe('');
    expect(root!.user_id).toBe(MM_USERS.agent.id);
    expect(root!.message).toContain(`David Loo`);
    expect(JSON.stringify(root!.props)).toContain(INC.number);

    sims.sn.control.advanceClock(60);
    sims.sn.control.updateAs(DAVID, 'incident', INC.sys_id, { comments: 'Replaced the access point on floor 3' });
    await checkNow(p);
    await expect.poll(() => feedPosts().length).toBe(before + 2);

    // the background worker stops (Chrome does this to idle workers); the next check starts a new one
    const cdp = await browser.context.newCDPSession(p);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    sims.sn.control.advanceClock(60);
    sims.sn.control.updateAs(DAVID, 'incident', INC.sys_id, { state: '6', close_code: 'Solution provided', close_notes: 'Access point replaced' });
    await checkNow(p);
    await expect.poll(() => feedPosts().length).toBe(before + 3);
    // and checks after it post nothing again
    await checkNow(p);
    await checkNow(p);
    const posts = feedPosts().slice(before);
    expect(posts).toHaveLength(3);
    expect(posts.slice(1).map((r) => r.root_id)).toEqual([root!.id, root!.id]);
    expect(posts[1]!.message).toContain('Replaced the access point on floor 3');
    expect(posts[2]!.message).toContain(`David Loo resolved ${INC.number}`);
  });

  test('two users watching the record with the same channel feed: each change is posted once', async () => {
    // David's browser beside Beth's, each NowBridge with its own watch and the same feed; Abel changes the record
    const david = await launch(sims.hosts);
    try {
      await signInAndConnect(david, sims, { servicenow: [SN], mattermost: [MM] }, { servicenow: SN_USERS.agent2.user_name, mattermost: MM_USERS.agent2.username });
      // a record with no feed thread yet: both browsers find its first change at once and may both start one
      const rec = SN_RECORDS.incident;
      const [pb, pa] = [await watchWithFeed(browser, rec), await watchWithFeed(david, rec)];
      const before = feedPosts().length;
      for (const [i, change] of [{ urgency: '1' }, { comments: 'Both of you are watching this' }].entries()) {
        sims.sn.control.advanceClock(60);
        sims.sn.control.updateAs(SN_USERS.requester.user_name, 'incident', rec.sys_id, change);
        await Promise.all([checkNow(pb), checkNow(pa)]);
        await expect.poll(() => feedPosts().length).toBe(before + i + 1);
      }
      await Promise.all([checkNow(pb), checkNow(pa)]);
      const posts = feedPosts().slice(before);
      expect(posts).toHaveLength(2);
      expect(posts[0]!.root_id).toBe('');
      expect(posts[1]!.root_id).toBe(posts[0]!.id);
      expect(new Set(posts.map((x) => x.user_id)).size).toBe(1);
    } finally {
      await david.close();
    }
  });
});
