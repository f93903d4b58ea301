import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, SN_RECORDS } from '../sim/fixtures';
import { SEEDED_REFERENCES } from '../sim/mattermost';
import { browser, sims, useSimsAndBrowser } from './harness';
import { inFrame } from './frames';
import { signInAndConnect } from './sims';
import { cardsOf as hostsOf, closedShadow } from './closed-shadow';
import { showPost } from './mattermost-page';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const INC = SN_RECORDS.incident;
const classic = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
const channelName = (id: string) => sims.mm.store.channelById(id)!.name;
const journalOf = (sys_id: string) => sims.sn.store.scan('sys_journal_field').filter((j) => j.element_id === sys_id);

/** Opens the panel from the card under the seeded classic-link post (INC0010001). */
async function openPanel(page: Page) {
  await page.goto(`${MM}/ops/channels/${channelName(classic.channelId)}`);
  await showPost(page, classic.postId);
  const sh = closedShadow(page);
  const hosts = hostsOf(classic.postId, 'post');
  await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'More' })) > 0, { message: 'no More button' });
  const updatedBefore = (await sh.inRoots(hosts, (r) => r.querySelector('.nb-card__updated time')?.getAttribute('datetime') ?? ''))[0];
  await sh.click(hosts, { role: 'button', name: 'More' });
  const dialog = await inFrame(page, 'dialog', new RegExp(`^${INC.number}: `));
  return { dialog, sh, hosts, updatedBefore };
}

describe('the record panel, from a card in Mattermost', () => {
  // First: the worker learns per instance whether sys_journal_field can be read, and this test needs it unlearnt.
  test('where sys_journal_field is readable, Activity comes from it; a failed add keeps the text and adds it once on retry', async () => {
    sims.sn.store.policies.journalTable = 'readable';
    try {
      const page = await browser.context.newPage();
      const { dialog } = await openPanel(page);
      const activity = dialog.getByRole('list', { name: 'Activity' });
      await activity.getByRole('listitem', { name: /^Comment by Abel Tuter/ }).waitFor();
      // read from the journal table; the authors' names from the record's journal display values read beside it
      // (one round trip, journal.ts), not from a sys_user lookup after it
      expect(sims.sn.requests.some((r) => r.pathname === '/api/now/table/sys_journal_field')).toBe(true);
      expect(sims.sn.requests.some((r) => r.pathname === '/api/now/table/sys_user' && /user_nameIN/.test(r.query.get('sysparm_query') ?? ''))).toBe(false);
      expect(await activity.getByRole('listitem', { name: /^Work note by Beth Anglin/ }).count()).toBeGreaterThan(0);

      const before = journalOf(INC.sys_id).length;
      // the panel's other reads done first (the State form is the last to answer): the one failure is the add's
      await dialog.getByRole('combobox', { name: 'State' }).waitFor();
      sims.sn.control.failNext(1, 503);
      await dialog.getByRole('textbox', { name: 'Comment' }).fill('Second try works');
      await dialog.getByRole('button', { name: 'Add to record' }).click();
      await expect.poll(() => dialog.getByRole('alert').filter({ hasText: /\S/ }).count()).toBe(1);
      expect(await dialog.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe('Second try works');
      await dialog.getByRole('button', { name: 'Add to record' }).click();
      await expect.poll(() => dialog.getByRole('status').first().textContent()).toBe(`Comment added to ${INC.number}.`);
      expect(journalOf(INC.sys_id).length).toBe(before + 1);
      await page.close();
    } finally {
      sims.sn.store.policies.journalTable = 'filtered';
    }
  });
  test('add a comment, then a work note: both appear in Activity labelled, land in the journal as the user, and the card updates', async () => {
    const page = await browser.context.newPage();
    const { dialog, sh, hosts, updatedBefore } = await openPanel(page);
    const activity = dialog.getByRole('list', { name: 'Activity' });
    // the seeded entries, read from the journal fields' display values (sys_journal_field is filtered for agents)
    await activity.getByRole('listitem', { name: /^Work note by Beth Anglin/ }).waitFor();
    expect(await activity.getByRole('listitem', { name: /^Comment by Abel Tuter/ }).count()).toBe(1);
    await expect.poll(() => dialog.getByText('as Beth Anglin').count()).toBe(1);

    await dialog.getByRole('textbox', { name: 'Comment' }).fill('Restarted the relay, please try again');
    await dialog.getByRole('button', { name: 'Add to record' }).click();
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toBe(`Comment added to ${INC.number}.`);
    expect(await dialog.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe('');
    const newest = activity.getByRole('listitem').first();
    expect(await newest.getAttribute('aria-label')).toMatch(/^Comment by Beth Anglin/);
    expect(await newest.textContent()).toContain('Restarted the relay, please try again');

    await dialog.getByRole('switch', { name: 'Work note (internal)' }).check();
    await dialog.getByRole('textbox', { name: 'Comment' }).fill('Relay logs show TLS errors since 09:10');
    await dialog.getByRole('textbox', { name: 'Comment' }).press('Control+Enter');
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toBe(`Work note added to ${INC.number}.`);
    // (added within the same second as the comment, so their order between them is not known: found by its text)
    const note = activity.getByRole('listitem').filter({ hasText: 'Relay logs show TLS errors since 09:10' });
    expect(await note.getAttribute('aria-label')).toMatch(/^Work note by Beth Anglin/);
    expect(await note.textContent()).toContain('Work note (internal)');

    expect(journalOf(INC.sys_id).slice(-2).map((j) => [j.element, j.value, j.sys_created_by])).toEqual([
      ['comments', 'Restarted the relay, please try again', 'beth.anglin'],
      ['work_notes', 'Relay logs show TLS errors since 09:10', 'beth.anglin'],
    ]);
    // the card under the post shows the record's new "updated", without reloading the page
    await expect.poll(async () => (await sh.inRoots(hosts, (r) => r.querySelector('.nb-card__updated time')?.getAttribute('datetime') ?? ''))[0]).not.toBe(updatedBefore);
    await page.close();
  });


  test("a page script can't open the panel, read it, or add to the record through it", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${MM}/ops/channels/${channelName(classic.channelId)}`);
    await showPost(page, classic.postId);
    const sh = closedShadow(page);
    const hosts = hostsOf(classic.postId, 'post');
    await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'More' })) > 0, { message: 'no More button' });
    // From the page's main world: the card's buttons are out of reach (closed shadow root); clicking the host does nothing.
    const reach = await page.evaluate((id) => {
      const host = document.querySelector(`#post_${id} nowbridge-cards`) as HTMLElement;
      host.click();
      return { shadow: host.shadowRoot, frames: document.querySelectorAll('nowbridge-frame').length };
    }, classic.postId);
    expect(reach).toEqual({ shadow: null, frames: 0 });

    const { dialog } = await (async () => {
      await sh.click(hosts, { role: 'button', name: 'More' });
      return { dialog: await inFrame(page, 'dialog', new RegExp(`^${INC.number}: `)) };
    })();
    await dialog.getByRole('list', { name: 'Activity' }).getByRole('listitem').first().waitFor();
    await dialog.getByRole('textbox', { name: 'Comment' }).fill('typed by the user, not sent');
    const before = journalOf(INC.sys_id).length;
    const seen = await page.evaluate(() => {
      const host = document.querySelector('nowbridge-frame')!;
      // a forged Ctrl+Enter and clicks at the page level
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
      (host as HTMLElement).click();
      let text = document.body.innerText;
      for (const el of document.querySelectorAll('*')) if (el.shadowRoot) text += el.shadowRoot.textContent;
      return { shadow: host.shadowRoot, windows: window.frames.length, leaked: text.includes('typed by the user') || text.includes('Activity') };
    });
    expect(seen).toEqual({ shadow: null, windows: 0, leaked: false });
    expect(journalOf(INC.sys_id).length).toBe(before);
    expect(await dialog.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe('typed by the user, not sent');
    await page.close();
  });
});
