import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_USERS, SN_RECORDS, SN_USERS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { configureSites, signInBrowser } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
const marker = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-nowbridge'));

useSimsAndBrowser(() => configureSites(browser.worker, { servicenow: [SN], mattermost: [MM] }));

describe('the simulators in the real browser, with the extension loaded', () => {
  test('ServiceNow: the login page, then the classic form and the Next Experience shell with its iframe', async () => {
    const page = await browser.context.newPage();
    const { incident } = SN_RECORDS;
    await page.goto(`${SN}/incident.do?sys_id=${incident.sys_id}`);
    // Not signed in: the login page, with status 200, as the real instance does.
    await page.getByLabel('User name').fill(SN_USERS.agent.user_name);
    await page.getByLabel('Password').fill(SN_USERS.agent.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.locator('#sys_uniqueValue').inputValue()).toBe(incident.sys_id);
    expect(await page.evaluate(() => (window as unknown as { g_form: { getTableName(): string } }).g_form.getTableName())).toBe('incident');
    await expect.poll(() => marker(page)).toBe('servicenow');

    await page.goto(`${SN}/now/nav/ui/classic/params/target/${encodeURIComponent(`incident.do?sys_id=${incident.sys_id}`)}`);
    const frame = page.frameLocator('#gsft_main');
    await expect.poll(() => frame.locator('#sys_uniqueValue').inputValue()).toBe(incident.sys_id);
    await expect.poll(() => page.frames().find((f) => f.name() === 'gsft_main')?.evaluate(() => document.documentElement.getAttribute('data-nowbridge'))).toBe('servicenow');
  });

  test('Mattermost: a channel renders posts with the web app DOM, and API posts appear live', async () => {
    const signedIn = sims.mm.control.signIn(MM_USERS.agent.username);
    await signInBrowser(browser.context, HOSTS.mattermost, Object.entries(signedIn.cookies).map(([name, value]) => ({ name, value })));
    const page = await browser.context.newPage();
    await page.goto(`${MM}/ops/channels/incidents`);
    await expect.poll(() => page.locator('[id^="post_"] .post__body .post-message__text a.markdown__link').count()).toBeGreaterThan(0);
    await expect.poll(() => marker(page)).toBe('mattermost');
    const channel = sims.mm.store.channelByName(sims.mm.store.teamByName('ops')!.id, 'incidents')!;
    const post = sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent2.id, message: 'Live from the API' });
    await expect.poll(() => page.locator(`#postMessageText_${post.id}`).textContent()).toBe('Live from the API');
  });
});
