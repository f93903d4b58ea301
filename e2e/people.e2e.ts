/**
 * People both ways (issue 13): "Message <name> in Mattermost" on a record's hover card and in its panel opens the DM
 * with that person (ServiceNow email → Mattermost user, or by user name where Mattermost hides emails), in the same
 * Mattermost tab; on a ServiceNow record, the share dialog offers "Message the assignee" as a target.
 */
import { describe, expect, test } from 'vitest';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS } from '../sim/fixtures';
import { SEED_CHANNELS } from '../sim/mattermost';
import { findFrame, inFrame } from './frames';
import { browser, sims, useSimsAndBrowser } from './harness';
import { showPost } from './mattermost-page';
import { signInAndConnect } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const INC2 = SN_RECORDS.incident2; // assigned to David Loo, caller Abel Tuter

describe('people both ways', () => {
  test('"Message David Loo in Mattermost" on the hover card opens the DM with the assignee, in this tab', async () => {
    const post = sims.mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: MM_USERS.requester.id, message: `Still broken: ${SN}/incident.do?sys_id=${INC2.sys_id}` });
    const page = await browser.context.newPage();
    await page.goto(`${MM}/ops/channels/incidents`);
    await showPost(page, post.id);
    await page.locator(`#post_${post.id} a.markdown__link`).hover();
    const card = await inFrame(page, 'button', 'Message David Loo in Mattermost');
    expect(await (await inFrame(page, 'button', 'Message Abel Tuter in Mattermost')).count()).toBe(1);
    await card.click();
    await expect.poll(() => page.url()).toBe(`${MM}/ops/messages/@david`);
    // the web app followed (no reload): the DM's composer is there
    await expect.poll(() => page.locator('#post_textbox').getAttribute('placeholder')).toMatch(/david/i);
    await page.close();
  });

  test('where Mattermost hides emails and no user name matches, it says so rather than guess', async () => {
    sims.mm.control.setSettings({ showEmailAddress: false });
    try {
      // Beth: sys_user beth.anglin, Mattermost beth: no user name match, and the email is hidden → said, not guessed
      const post = sims.mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: MM_USERS.requester.id, message: `See ${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}` });
      const page = await browser.context.newPage();
      await page.goto(`${MM}/ops/channels/incidents`);
      await showPost(page, post.id);
      await page.locator(`#post_${post.id} a.markdown__link`).hover();
      const card = await findFrame(page, 'button', 'Message Beth Anglin in Mattermost');
      await card.getByRole('button', { name: 'Message Beth Anglin in Mattermost' }).click();
      await expect.poll(() => card.getByRole('alert').textContent()).toBe('Beth Anglin: No Mattermost user has this person’s email address or user name.');
      expect(page.url()).toBe(`${MM}/ops/channels/incidents`);
      await page.close();
    } finally {
      sims.mm.control.setSettings({ showEmailAddress: true });
    }
  });

  test('the share dialog on a ServiceNow record offers "Message the assignee"; posting there lands in the DM', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${INC2.sys_id}`);
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await dialog.getByRole('article').first().waitFor();
    await dialog.getByRole('combobox', { name: 'Channel' }).click();
    const option = dialog.getByRole('option', { name: 'David Loo (@david), Message the assignee' });
    await option.waitFor();
    await option.click();
    const before = sims.mm.control.posts(SEED_CHANNELS.dm.id).length;
    await dialog.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => dialog.getByRole('status').allTextContents()).toContain('Posted to David Loo (@david)');
    expect(sims.mm.control.posts(SEED_CHANNELS.dm.id).length - before).toBe(1);
    await page.close();
  });
});
