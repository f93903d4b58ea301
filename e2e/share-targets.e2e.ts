/** The channel picker's rows for direct and group messages, as the user sees them in the share dialog. */
import { describe, expect, test } from 'vitest';
import { HOSTS, MM_USERS, SN_RECORDS } from '../sim/fixtures';
import { SEED_CHANNELS } from '../sim/mattermost';
import { inFrame } from './frames';
import { browser, sims, useSimsAndBrowser } from './harness';
import { signInAndConnect } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

describe('share dialog: people and groups in the channel picker', () => {
  test('typing a name lists the DM once, as the person, and the GM once, as its other members, though Beth is in two teams; the DM posts there', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await dialog.getByRole('article').first().waitFor();
    await dialog.getByRole('combobox', { name: 'Channel' }).fill('dav');
    const listbox = dialog.getByRole('listbox', { name: 'Channels and people' });
    await expect
      .poll(async () => listbox.getByRole('option').evaluateAll((os) => os.map((o) => o.getAttribute('aria-label'))))
      .toEqual(['abel, david, Group message', 'David Loo (@david), Direct message']);
    // what is on screen: the name, then the kind, and no team for either
    expect(await listbox.getByRole('option').allInnerTexts()).toEqual(['abel, david\nGroup message', 'David Loo (@david)\nDirect message']);

    await listbox.getByRole('option', { name: 'David Loo (@david), Direct message' }).click();
    const before = sims.mm.control.posts(SEED_CHANNELS.dm.id).length;
    await dialog.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => dialog.getByRole('status').allTextContents()).toContain('Posted to David Loo (@david)');
    const posts = sims.mm.control.posts(SEED_CHANNELS.dm.id);
    expect(posts.length - before).toBe(1);
    expect(posts.at(-1)!.user_id).toBe(MM_USERS.agent.id);
  });
});
