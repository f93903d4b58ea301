/**
 * From a Mattermost message to ServiceNow (issue 13): "ServiceNow actions" in a post's hover strip and at the end of
 * its "…" menu (a portal MUI menu, present only while open, as in the real web app), by keyboard alone; Create
 * incident with the caller mapped from the post's author (by email, or asked for when Mattermost hides emails), the
 * permalink in the correlation fields and the card as one reply in the thread; a 30-message thread added to a record
 * as one work note with every author, and one reply saying so.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS, SN_USERS } from '../sim/fixtures';
import { SEEDED_POSTS } from '../sim/mattermost';
import { framesAfter, inFrame } from './frames';
import { browser, sims, useSimsAndBrowser } from './harness';
import { showPost } from './mattermost-page';
import { signInAndConnect } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const incidents = MM_CHANNELS.incidents;
const repliesTo = (rootId: string) => sims.mm.control.posts(incidents.id).filter((p) => p.root_id === rootId);
const createdFrom = (postId: string) => sims.sn.store.scan('incident').filter((r) => r.correlation_id === postId);

/** Tab (only Tab) from where focus is until the focused element matches `selector`; fails past `max` presses. */
async function tabTo(page: Page, selector: string, max = 20) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function openChannel(page: Page, postId: string) {
  await page.goto(`${MM}/ops/channels/incidents`);
  await page.locator('html[data-nowbridge="mattermost"]').waitFor();
  await showPost(page, postId);
}

describe('a post’s ServiceNow actions', () => {
  test('Create incident from the hover strip, by keyboard: the caller from the author’s email, the permalink in the correlation fields, the card once in the thread', async () => {
    const root = sims.mm.control.createPost({ channel_id: incidents.id, user_id: MM_USERS.agent2.id, message: 'Mail is down for finance\nOutlook says "disconnected" since 9:10.' });
    const page = await browser.context.newPage();
    await openChannel(page, root.id);
    // keyboard only: the post takes focus (as Mattermost's a11y navigation gives it), its strip shows our button,
    // Tab reaches it, Enter opens the menu
    await page.locator(`#post_${root.id}`).focus();
    await tabTo(page, `#post_${root.id} button[aria-label="ServiceNow actions"]`);
    await page.keyboard.press('Enter');
    const menu = await inFrame(page, 'menu', 'ServiceNow actions');
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Create incident from message', 'Add message to a record', 'Add thread to a record', 'Search ServiceNow for this']);
    await page.keyboard.press('Enter'); // the first item has focus

    const dialog = await inFrame(page, 'dialog', 'Create incident');
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Short description' }).inputValue()).toBe('Mail is down for finance');
    expect(await dialog.getByRole('textbox', { name: 'Description', exact: true }).inputValue()).toContain(`${MM}/ops/pl/${root.id}`);
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Caller' }).inputValue()).toBe('David Loo');
    await dialog.getByRole('combobox', { name: 'Impact' }).selectOption({ label: '2 - Medium' });
    await dialog.getByRole('button', { name: 'Create' }).click();
    const status = dialog.getByRole('status').filter({ hasText: /Created/ });
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Created INC\d+\. Its card is in the thread\.$/);
    const number = /INC\d+/.exec((await status.textContent())!)![0];
    expect(await dialog.getByRole('link', { name: 'Open in ServiceNow' }).getAttribute('href')).toMatch(new RegExp(`^${SN}/`));

    const [row] = createdFrom(root.id);
    expect(row).toMatchObject({ number, caller_id: SN_USERS.agent2.sys_id, correlation_display: 'Mattermost', impact: '2', short_description: 'Mail is down for finance' });
    expect(String(row!.description)).toContain(`${MM}/ops/pl/${root.id}`);
    expect(createdFrom(root.id)).toHaveLength(1);
    // the card, as Beth, once, in the message's thread
    await expect.poll(() => repliesTo(root.id).length).toBe(1);
    expect(repliesTo(root.id)[0]).toMatchObject({ user_id: MM_USERS.agent.id });
    expect(JSON.stringify(repliesTo(root.id)[0]!.props)).toContain(number);
    // a second open of the form says it exists already
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.close();
  });

  test('with emails hidden, the caller is asked for, by name: never a silent wrong match; the "…" menu by keyboard', async () => {
    sims.mm.control.setSettings({ showEmailAddress: false });
    try {
      const post = sims.mm.control.createPost({ channel_id: incidents.id, user_id: MM_USERS.requester.id, message: 'VPN drops every ten minutes' });
      const page = await browser.context.newPage();
      await openChannel(page, post.id);
      await page.locator(`#post_${post.id}`).focus();
      await tabTo(page, `[data-testid="PostDotMenu-Button-${post.id}"]`);
      await page.keyboard.press('Enter');
      const dot = page.locator(`#CENTER_dropdown_${post.id}`);
      await dot.waitFor();
      // our four items end the menu; ↑ from the first wraps to them (MenuList walks the DOM siblings)
      expect(await dot.locator('[role="menuitem"]').allTextContents()).toEqual(expect.arrayContaining(['Create incident from message', 'Search ServiceNow for this']));
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Create incident from message');
      await page.keyboard.press('Enter');
      await expect.poll(() => dot.count()).toBe(0); // Mattermost's menu closed

      const dialog = await inFrame(page, 'dialog', 'Create incident');
      await expect.poll(() => dialog.getByText(/does not show Abel Tuter’s email address|does not show Abel Tuter's email address/).count()).toBe(1);
      expect(await dialog.getByRole('combobox', { name: 'Caller' }).inputValue()).toBe('');
      await dialog.getByRole('button', { name: 'Caller: Abel Tuter' }).click();
      await dialog.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => createdFrom(post.id).length, { timeout: 15_000 }).toBe(1);
      expect(createdFrom(post.id)[0]!.caller_id).toBe(SN_USERS.requester.sys_id);
      await page.close();
    } finally {
      sims.mm.control.setSettings({ showEmailAddress: true });
    }
  });

  test('Add a thread of 30 messages as a work note: one journal entry with every author and the permalink; one reply', async () => {
    const authors = [MM_USERS.agent, MM_USERS.agent2, MM_USERS.requester];
    const root = sims.mm.control.createPost({ channel_id: incidents.id, user_id: MM_USERS.agent2.id, message: `Printer queue stuck on floor 3, see ${SN_RECORDS.incident.number}` });
    for (let i = 1; i < 30; i++) sims.mm.control.createPost({ channel_id: incidents.id, user_id: authors[i % 3]!.id, root_id: root.id, message: `Update ${i}: [code]<b>still</b>[/code] stuck` });
    const inc = SN_RECORDS.incident;
    const notesBefore = sims.sn.store.scan('sys_journal_field').filter((j) => j.element_id === inc.sys_id && j.element === 'work_notes').length;
    const page = await browser.context.newPage();
    await openChannel(page, root.id);
    await page.locator(`#post_${root.id}`).hover();
    await page.locator(`#post_${root.id}`).getByRole('button', { name: 'ServiceNow actions' }).click();
    const menu = await inFrame(page, 'menu', 'ServiceNow actions');
    await menu.getByRole('menuitem', { name: 'Add thread to a record' }).click();

    const dialog = await inFrame(page, 'dialog', 'Add thread to a record');
    // the record the thread names is offered and chosen
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Record number' }).inputValue()).toBe(inc.number);
    const preview = dialog.getByRole('region', { name: /^Preview/ });
    await expect.poll(() => preview.textContent()).toContain('Update 29');
    expect(await dialog.getByText(/30 messages by/).count()).toBe(1);
    expect(await dialog.getByRole('radio', { name: /Work note/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => dialog.getByRole('status').filter({ hasText: /Added/ }).textContent(), { timeout: 15_000 }).toBe(`Added to ${inc.number} as a work note.`);

    const notes = sims.sn.store.scan('sys_journal_field').filter((j) => j.element_id === inc.sys_id && j.element === 'work_notes');
    expect(notes.length).toBe(notesBefore + 1);
    const text = String(notes.at(-1)!.value);
    for (const a of authors) expect(text).toContain(`(@${a.username})`);
    expect(text).toContain(`${MM}/ops/pl/${root.id}`);
    expect(text).toContain('Update 1:');
    expect(text).toContain('Update 29:');
    expect(text).not.toMatch(/\[code\]/i); // Mattermost text never carries a working [code] tag into ServiceNow
    await expect.poll(() => repliesTo(root.id).filter((p) => p.user_id === MM_USERS.agent.id && /^Added this thread to/.test(p.message)).length).toBe(1);
    await page.close();
  });

  test('Search ServiceNow for this: the search opens with the message’s first line', async () => {
    const page = await browser.context.newPage();
    await openChannel(page, SEEDED_POSTS.threadRoot);
    await page.locator(`#post_${SEEDED_POSTS.threadRoot}`).hover();
    await page.locator(`#post_${SEEDED_POSTS.threadRoot}`).getByRole('button', { name: 'ServiceNow actions' }).click();
    const menu = await inFrame(page, 'menu', 'ServiceNow actions');
    await menu.getByRole('menuitem', { name: 'Search ServiceNow for this' }).click();
    const search = await inFrame(page, 'dialog', 'Search ServiceNow');
    await expect.poll(() => search.getByRole('combobox').first().inputValue()).toBe('Major incident bridge for the finance email outage. Updates in this thread please.'.slice(0, 100));
    await page.close();
  });

  test('a page script can neither open these actions nor run a command: no frame, no write, nothing sent', async () => {
    const other = sims.mm.control.createPost({ channel_id: incidents.id, user_id: MM_USERS.agent2.id, message: 'Hovered by a script only' });
    const post = sims.mm.control.createPost({ channel_id: incidents.id, user_id: MM_USERS.agent2.id, message: 'Page script target' });
    const page = await browser.context.newPage();
    await openChannel(page, post.id);
    // a real hover puts the button there; the page then "clicks" it, and every item of the "…" menu it opens itself
    await page.locator(`#post_${post.id}`).hover();
    await page.locator(`#post_${post.id}`).getByRole('button', { name: 'ServiceNow actions' }).waitFor();
    const cardsBefore = sims.mm.control.posts(incidents.id).length;
    // the pointer leaves for the channel header: what follows is the script's doing alone (no hover card under it)
    await page.mouse.move(640, 5);
    await page.evaluate((id) => {
      document.querySelector<HTMLButtonElement>(`#post_${id} [aria-label="ServiceNow actions"]`)!.click();
      document.querySelector<HTMLButtonElement>(`[data-testid="PostDotMenu-Button-${id}"]`)!.click();
    }, post.id);
    await page.locator(`#CENTER_dropdown_${post.id} [role="menuitem"]`, { hasText: 'Create incident from message' }).waitFor();
    await page.evaluate((id) => {
      for (const li of document.querySelectorAll<HTMLElement>(`#CENTER_dropdown_${id} [id^="nowbridge_"]`)) {
        li.click();
        li.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      }
      // a command typed by the script, sent by its own Enter, Send button and submit
      const box = document.getElementById('post_textbox') as HTMLTextAreaElement;
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(box, '/servicenow share INC0010001');
      box.dispatchEvent(new InputEvent('input', { bubbles: true }));
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      box.dispatchEvent(new KeyboardEvent('keypress', { key: 'Enter', bubbles: true, cancelable: true }));
      document.querySelector<HTMLButtonElement>('[data-testid="SendMessageButton"]')?.click();
      (document.getElementById('create_post') as HTMLFormElement).requestSubmit();
    }, post.id);
    await page.keyboard.press('Escape'); // the user closes the "…" menu the script opened
    await expect.poll(() => page.locator(`#CENTER_dropdown_${post.id}`).count()).toBe(0);
    // then the user opens the search beside the box: by the time it shows, anything the script caused would have too
    const searchButton = () => page.getByRole('button', { name: 'ServiceNow', exact: true }).first().click();
    expect(await framesAfter(page, searchButton, 'dialog', 'Search ServiceNow')).toEqual(['Search ServiceNow']);
    expect(sims.mm.control.posts(incidents.id).length).toBe(cardsBefore);
    expect(sims.mm.requests.filter((r) => r.pathname === '/api/v4/commands/execute')).toEqual([]);
    expect(createdFrom(post.id)).toEqual([]);
    // the script's synthetic hover on another post puts no button there either
    await page.evaluate((id) => document.querySelector(`#post_${id}`)!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true })), other.id);
    expect(await page.locator(`#post_${other.id} [aria-label="ServiceNow actions"]`).count()).toBe(0);
    await page.close();
  });
});
