/**
 * `/servicenow` and `/sn` in Mattermost's message boxes (issue 13): handled in the browser, never sent to Mattermost
 * — not by Enter, the Send button, the form's submit, nor in "Send messages on Ctrl+Enter" mode — with NowBridge's own
 * suggestion list and answers under the box. The simulator sends on keypress, its button and its form as the real
 * web app does, and answers an unknown trigger with the real 404 (so a leak would show as a request and a post).
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, SN_RECORDS } from '../sim/fixtures';
import { SEEDED_POSTS } from '../sim/mattermost';
import { framesAfter, inFrame } from './frames';
import { browser, sims, useSimsAndBrowser } from './harness';
import { signInAndConnect } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const INC = SN_RECORDS.incident;
const town = MM_CHANNELS.town;
const executes = () => sims.mm.requests.filter((r) => r.pathname === '/api/v4/commands/execute').length;
const leaked = () => sims.mm.store.channels().flatMap((c) => sims.mm.store.postsIn(c.id)).filter((p) => /\/(servicenow|sn)\b/i.test(p.message));
const cardsOf = (channelId: string, number: string) => sims.mm.control.posts(channelId).filter((p) => JSON.stringify(p.props ?? {}).includes(number));
afterEach(() => {
  // every test: nothing ever reached Mattermost as a command or as a message
  expect(executes()).toBe(0);
  expect(leaked()).toEqual([]);
});

async function townSquare(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${MM}/ops/channels/town-square`);
  await page.locator('#post_textbox').waitFor();
  await page.locator('html[data-nowbridge="mattermost"]').waitFor();
  return page;
}

describe('/servicenow in the message box', () => {
  test('share by Enter posts the card once, clears the box; help shows the panel under the box', async () => {
    const page = await townSquare();
    const before = cardsOf(town.id, INC.number).length;
    await page.locator('#post_textbox').fill(`/servicenow share ${INC.number}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => cardsOf(town.id, INC.number).length).toBe(before + 1);
    await expect.poll(() => page.locator('#post_textbox').inputValue()).toBe('');
    const posted = cardsOf(town.id, INC.number).at(-1)!;
    expect(posted.root_id).toBe('');

    await page.locator('#post_textbox').fill('/sn help');
    await page.keyboard.press('Enter');
    const panel = await inFrame(page, 'region', 'ServiceNow command');
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/never sent to Mattermost/);
    expect(await panel.getByRole('term').allTextContents()).toContain('/servicenow share <number>');
    await expect.poll(() => page.locator('#post_textbox').inputValue()).toBe('');
    // the answer is the user's alone: nothing was posted for it
    expect(cardsOf(town.id, INC.number).length).toBe(before + 1);
    await page.close();
  });

  test('watch and unwatch a record by number: said under the box, nothing posted, and the Activity view lists it', async () => {
    const page = await townSquare();
    const posts = sims.mm.control.posts(town.id).length;
    await page.locator('#post_textbox').fill(`/servicenow watch ${INC.number}`);
    await page.keyboard.press('Enter');
    const panel = await inFrame(page, 'region', 'ServiceNow command');
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(new RegExp(`^Watching ${INC.number}: `));
    await expect.poll(() => page.locator('#post_textbox').inputValue()).toBe('');
    expect(sims.mm.control.posts(town.id).length).toBe(posts);
    const activity = await browser.openExtensionPage('popup.html?view=activity');
    await activity.getByRole('list', { name: 'Watching' }).getByRole('listitem', { name: new RegExp(`^${INC.number}: `) }).waitFor();
    await page.bringToFront();
    await page.locator('#post_textbox').fill(`/sn unwatch ${INC.number}`);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await inFrame(page, 'region', 'ServiceNow command')).getByRole('status').textContent()).toBe(`No longer watching ${INC.number}.`);
    await activity.reload();
    await activity.getByRole('region', { name: 'Activity' }).waitFor();
    await expect.poll(() => activity.getByRole('list', { name: 'Watching' }).count()).toBe(0);
    await page.close();
  });

  test('the Send button and the form submit are intercepted too; a page script’s submit runs nothing', async () => {
    const page = await townSquare();
    const before = cardsOf(town.id, INC.number).length;
    await page.locator('#post_textbox').fill(`/sn share ${INC.number}`);
    await page.getByRole('button', { name: 'Send Now' }).first().click();
    await expect.poll(() => cardsOf(town.id, INC.number).length).toBe(before + 1);
    await expect.poll(() => page.locator('#post_textbox').inputValue()).toBe('');

    await page.locator('#post_textbox').fill(`/servicenow share ${INC.number}`);
    // the page's own script submits the form: Mattermost must not get it, and NowBridge must not act on it
    // (a submit event is trusted even then: only a keydown or click of the user's runs a command)
    await page.evaluate(() => (document.getElementById('create_post') as HTMLFormElement).requestSubmit());
    const searchButton = () => page.getByRole('button', { name: 'ServiceNow', exact: true }).first().click();
    expect(await framesAfter(page, searchButton, 'dialog', 'Search ServiceNow')).toEqual(['Search ServiceNow']);
    expect(cardsOf(town.id, INC.number).length).toBe(before + 1);
    expect(await page.locator('#post_textbox').inputValue()).toBe(`/servicenow share ${INC.number}`);
    await page.close();
  });

  test('with "Send messages on Ctrl+Enter", Ctrl+Enter runs the command and nothing leaks', async () => {
    sims.mm.control.setSettings({ sendOnCtrlEnter: true });
    try {
      const page = await townSquare();
      const before = cardsOf(town.id, INC.number).length;
      await page.locator('#post_textbox').fill(`/servicenow share ${INC.number}`);
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => cardsOf(town.id, INC.number).length).toBe(before + 1);
      await page.close();
    } finally {
      sims.mm.control.setSettings({ sendOnCtrlEnter: false });
    }
  });

  test('the suggestion list: "ServiceNow commands" as soon as the command is typed, completed by keys', async () => {
    const page = await townSquare();
    await page.locator('#post_textbox').pressSequentially('/servicenow ');
    const list = page.getByRole('listbox', { name: 'ServiceNow commands' });
    await list.waitFor();
    expect(await list.getByRole('option').allTextContents()).toEqual([
      'share <number> — Post a record’s card here',
      'search <text> — Search ServiceNow',
      'create <short description> — Create an incident',
      'add <number> — Add this thread to a record',
      'watch <number> — Be told when a record changes',
      'unwatch <number> — Stop watching a record',
      'connect — Connect to ServiceNow and Mattermost',
      'help — What these commands do',
    ]);
    await page.keyboard.press('ArrowDown');
    expect(await list.getByRole('option', { selected: true }).textContent()).toMatch(/^search/);
    await page.keyboard.press('Enter');
    expect(await page.locator('#post_textbox').inputValue()).toBe('/servicenow search ');
    await expect.poll(() => list.count()).toBe(0);
    // an unknown verb is answered under the box, and the text stays to be corrected
    await page.locator('#post_textbox').fill('/servicenow shar INC0010001');
    await page.keyboard.press('Enter');
    const panel = await inFrame(page, 'region', 'ServiceNow command');
    await expect.poll(() => panel.getByRole('alert').textContent()).toBe('Unknown command “shar”. NowBridge knows these:');
    expect(await page.locator('#post_textbox').inputValue()).toBe('/servicenow shar INC0010001');
    await page.close();
  });

  test('in a thread, share posts the card as a reply in that thread', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${MM}/ops/pl/${SEEDED_POSTS.threadReplies[0]}`);
    await page.evaluate((id) => (window as unknown as { __sim: { openThread(id: string): Promise<void> } }).__sim.openThread(id), SEEDED_POSTS.threadRoot);
    await page.locator('#reply_textbox').fill(`/servicenow share ${INC.number}`);
    await page.locator('#reply_textbox').press('Enter');
    const incidents = MM_CHANNELS.incidents.id;
    await expect.poll(() => cardsOf(incidents, INC.number).filter((p) => p.root_id === SEEDED_POSTS.threadRoot).length).toBe(1);
    await page.close();
  });

  test('search opens the search with the text; the chosen record’s link goes into the box', async () => {
    const page = await townSquare();
    await page.locator('#post_textbox').fill('/servicenow search inc0010001');
    await page.keyboard.press('Enter');
    const search = await inFrame(page, 'dialog', 'Search ServiceNow');
    await expect.poll(() => search.getByRole('combobox', { name: 'Search ServiceNow' }).inputValue()).toBe('inc0010001');
    await search.getByRole('listbox', { name: 'Results' }).getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#post_textbox').inputValue()).toMatch(/^\[INC0010001: .*\]\(https:\/\/acme\.service-now\.com\//);
    await page.close();
  });
});
