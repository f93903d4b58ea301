// Record numbers whose `sys_number` prefix is not plain letters (issue 11): an administrator may set any prefix,
// and one with a hyphen used to throw in the number matcher, which took every card and every search on the
// instance with it.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_USERS, SN_RECORDS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { signInAndConnect } from './sims';
import { cardsOf as hostsOf, closedShadow } from './closed-shadow';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
const TICKET = 'TK-0010001';

useSimsAndBrowser(async () => {
  // As the administrator: incidents are numbered TK-…, and the seeded incident is TK-0010001.
  const admin = sims.sn.store.userByName('admin')!;
  const rule = sims.sn.store.scan('sys_number').find((r) => r.category === 'incident')!;
  sims.sn.store.update('sys_number', rule.sys_id!, { prefix: 'TK-' }, admin);
  sims.sn.store.update('incident', SN_RECORDS.incident.sys_id, { number: TICKET }, admin);
  await signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] });
});

const cardLabels = (page: Page, postId: string) => closedShadow(page).names(hostsOf(postId, 'post'), { role: 'article' });

describe('record numbers with any prefix', () => {
  test("a TK- number gets its card, and the instance's other prefixes keep working beside it", async () => {
    const page = await browser.context.newPage();
    const ops = sims.mm.store.teamByName('ops')!;
    const channel = sims.mm.store.channelByName(ops.id, 'town-square')!;
    const post = sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent2.id, message: `Seen ${TICKET} and ${SN_RECORDS.problem.number}?` });
    await page.goto(`${MM}/ops/channels/town-square`);
    await expect.poll(() => cardLabels(page, post.id), { timeout: 15_000 }).toEqual([
      expect.stringMatching(new RegExp(`^${TICKET}\\b`)),
      expect.stringMatching(new RegExp(`^${SN_RECORDS.problem.number}\\b`)),
    ]);
  });

  test('the popup finds a TK- number typed as people type it (lower case, no zeros)', async () => {
    const p = await browser.openExtensionPage('popup.html');
    await p.getByRole('combobox', { name: 'Search ServiceNow' }).pressSequentially('tk-10001');
    const numbers = async () => (await p.getByRole('listbox', { name: 'Results' }).getByRole('option').locator('.nb-num').allTextContents()).map((x) => x.trim());
    await expect.poll(numbers, { timeout: 15_000 }).toContain(TICKET);
    expect((await numbers())[0]).toBe(TICKET);
  });
});
