import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, SN_RECORDS } from '../sim/fixtures';
import { SEEDED_REFERENCES } from '../sim/mattermost';
import { browser, sims, useSimsAndBrowser } from './harness';
import { findFrame, inFrame, nowbridgeFrames } from './frames';
import { signInAndConnect } from './sims';
import { cardsOf as hostsOf, closedShadow } from './closed-shadow';
import { showPost } from './mattermost-page';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const INC = SN_RECORDS.incident;
const classic = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
const channelName = (id: string) => sims.mm.store.channelById(id)!.name;
const updatedOf = async (page: Page) => (await closedShadow(page).inRoots(hostsOf(classic.postId, 'post'), (r) => r.querySelector('.nb-card__updated time')?.getAttribute('datetime') ?? ''))[0];

async function channelWithCard(page: Page) {
  await page.goto(`${MM}/ops/channels/${channelName(classic.channelId)}`);
  await showPost(page, classic.postId);
  const sh = closedShadow(page);
  const hosts = hostsOf(classic.postId, 'post');
  await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'More' })) > 0, { message: 'no More button' });
  return { sh, hosts };
}

describe('the record panel, from everywhere', () => {
  test("the hover card's title opens the panel for that record and closes the hover card", async () => {
    const page = await browser.context.newPage();
    await channelWithCard(page);
    await page.locator(`#postMessageText_${classic.postId} a.markdown__link`).hover();
    const open = await inFrame(page, 'button', `Open ${INC.number} panel`);
    await open.focus();
    // keyboard-activatable: Enter's keydown clicks it. (Only the key down here: the hover card's frame goes away on
    // it, and an input event CDP sends into a frame being removed is never acknowledged, a test-driver artefact.)
    await page.keyboard.down('Enter');
    const dialog = await inFrame(page, 'dialog', new RegExp(`^${INC.number}: `));
    await page.keyboard.up('Enter');
    await dialog.getByRole('list', { name: 'Activity' }).getByRole('listitem').first().waitFor();
    // the hover card is gone: one frame, the panel
    await expect.poll(() => nowbridgeFrames(page).length).toBe(1);
    await page.close();
  });

  test('a page script cannot make the hover card open a panel for a record its post does not hold', async () => {
    const page = await browser.context.newPage();
    await channelWithCard(page);
    // The page points the real post's link at another record, then the user hovers it: the background refuses the
    // hover card (its post does not hold that record), so there is no title to click and no panel.
    const other = `${SN}/change_request.do?sys_id=${'c'.repeat(32)}`;
    await page.evaluate(
      ({ id, href }) => {
        const a = document.querySelector<HTMLAnchorElement>(`#postMessageText_${id} a.markdown__link`)!;
        a.href = href;
      },
      { id: classic.postId, href: other },
    );
    const before = sims.sn.requests.length;
    await page.locator(`#postMessageText_${classic.postId} a.markdown__link`).hover();
    await page.locator(`#postMessageText_${classic.postId}`).hover(); // time passes for an armed card to show
    // Forged frame events, in every form a page can send: postMessage to the window and to any frame.
    await page.evaluate(() => {
      const forged = { type: 'nowbridge/frame', id: 'f'.repeat(32), event: { type: 'panel' } };
      window.postMessage(forged, '*');
      for (let i = 0; i < window.frames.length; i++) window.frames[i]!.postMessage(forged, '*');
      document.dispatchEvent(new CustomEvent('nowbridge/frame', { detail: forged }));
    });
    await expect.poll(() => nowbridgeFrames(page).length).toBe(0);
    expect(sims.sn.requests.slice(before).filter((r) => r.pathname.startsWith('/api/now/table/change_request')).length).toBe(0);
    await page.close();
  });

  test("a comment from tab A updates tab B's open panel and cards without a reload, from one card read", async () => {
    const tabB = await browser.context.newPage();
    const b = await channelWithCard(tabB);
    await b.sh.click(b.hosts, { role: 'button', name: 'More' });
    const panelB = await inFrame(tabB, 'dialog', new RegExp(`^${INC.number}: `));
    await panelB.getByRole('list', { name: 'Activity' }).getByRole('listitem').first().waitFor();
    const panelUpdatedBefore = await panelB.locator('.nb-summary__meta time').getAttribute('datetime');
    const cardUpdatedBefore = await updatedOf(tabB);

    const tabA = await browser.context.newPage();
    const a = await channelWithCard(tabA);
    await a.sh.click(a.hosts, { role: 'button', name: 'More' });
    const panelA = await inFrame(tabA, 'dialog', new RegExp(`^${INC.number}: `));
    await panelA.getByRole('list', { name: 'Activity' }).getByRole('listitem').first().waitFor();
    const text = `Seen from both tabs ${Date.now()}`;
    const from = sims.sn.requests.length;
    await panelA.getByRole('textbox', { name: 'Comment' }).fill(text);
    await panelA.getByRole('button', { name: 'Add to record' }).click();
    await expect.poll(() => panelA.getByRole('status').first().textContent()).toBe(`Comment added to ${INC.number}.`);

    // Tab B: its panel's card and activity, and the card under the post, show the write, with no reload.
    await expect.poll(() => panelB.locator('.nb-summary__meta time').getAttribute('datetime')).not.toBe(panelUpdatedBefore);
    await expect.poll(() => panelB.getByRole('list', { name: 'Activity' }).getByText(text).count()).toBe(1);
    await expect.poll(() => updatedOf(tabB)).not.toBe(cardUpdatedBefore);
    await expect.poll(() => updatedOf(tabA)).not.toBe(cardUpdatedBefore);
    // The ServiceNow log: one write, one read of the card for every card and panel in both tabs, and no activity
    // read beyond the write's own read-back (the panels in tab B asked the background, which had it).
    const after = sims.sn.requests.slice(from).filter((r) => r.pathname.startsWith('/api/now/table/'));
    const writes = after.filter((r) => r.method === 'PATCH');
    const cardReads = after.filter((r) => r.method === 'GET' && r.pathname === '/api/now/table/incident');
    const recordGets = after.filter((r) => r.method === 'GET' && r.pathname === `/api/now/table/incident/${INC.sys_id}`);
    expect(writes.length).toBe(1);
    expect(cardReads.length).toBe(1);
    // the write's stamp read before, and its read-back after (journal.ts): none for tab B
    expect(recordGets.length).toBe(2);
    await tabA.close();
    await tabB.close();
  });

  test('popup: Shift+Enter on a result shows its panel; Esc returns to the same results; plain Enter still opens the record', async () => {
    const popup = await browser.openExtensionPage('popup.html');
    await popup.setViewportSize({ width: 520, height: 600 });
    const box = popup.getByRole('combobox', { name: 'Search ServiceNow' });
    await box.fill(INC.number);
    const results = popup.getByRole('listbox', { name: 'Results' });
    await results.getByRole('option').first().waitFor();
    await expect.poll(() => popup.getByText('Shift+Enter or Shift+click panel', { exact: false }).count()).toBe(1);
    await box.press('Shift+Enter');
    const panel = popup.getByRole('dialog', { name: new RegExp(`^${INC.number}: `) });
    await panel.getByRole('list', { name: 'Activity' }).getByRole('listitem').first().waitFor();
    await panel.getByRole('textbox', { name: 'Comment' }).press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    await results.getByRole('option').first().waitFor();
    expect(await box.inputValue()).toBe(INC.number);
    await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search ServiceNow');
    // a mouse: Shift+click on the result
    await results.getByRole('option').first().click({ modifiers: ['Shift'] });
    await panel.getByRole('list', { name: 'Activity' }).waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();
    // plain Enter: as before, the record opens in ServiceNow in a new tab
    const opened = browser.context.waitForEvent('page');
    await box.press('Enter');
    expect((await opened).url()).toContain(INC.sys_id);
    await popup.close();
  });

  test('share dialog: "Work on record" shows the panel in the same frame; Close returns to sharing with the message kept', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${INC.sys_id}`);
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const frame = await findFrame(page, 'dialog', 'Share to Mattermost');
    const share = frame.getByRole('dialog', { name: 'Share to Mattermost' });
    await share.getByRole('article').first().waitFor();
    await share.getByRole('textbox', { name: 'Message' }).fill('typed before the panel');
    await share.getByRole('button', { name: 'Work on record' }).click();
    const panel = frame.getByRole('dialog', { name: new RegExp(`^${INC.number}: `) });
    await panel.getByRole('list', { name: 'Activity' }).getByRole('listitem').first().waitFor();
    expect(await share.isVisible()).toBe(false);
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => share.isVisible()).toBe(true);
    expect(await share.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('typed before the panel');
    expect(nowbridgeFrames(page).length).toBe(1);
    await page.close();
  });
});
