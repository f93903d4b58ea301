import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS } from '../sim/fixtures';
import { SEEDED_REFERENCES } from '../sim/mattermost';
import { browser, sims, useSimsAndBrowser } from './harness';
import { inFrame, nowbridgeFrames } from './frames';
import { signInAndConnect } from './sims';
import { cardsOf as hostsOf, closedShadow } from './closed-shadow';
import { showPost } from './mattermost-page';

const SN = `https://${HOSTS.servicenow}`;
const SN2 = `https://${HOSTS.servicenowCustom}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN, SN2], mattermost: [MM] }));

const tableApiCalls = () => sims.sn.requests.filter((r) => r.pathname.startsWith('/api/now/table/') && !r.pathname.endsWith('/sys_number')).length;
const channelName = (id: string) => sims.mm.store.channelById(id)!.name;
const admin = () => sims.sn.store.userByName('admin')!;
const numberOf = (table: string, sys_id: string) => sims.sn.store.readDisplay(table, sys_id, admin())!.number!.value;

/** The cards under a post, read through the closed shadow roots (closed-shadow.ts). */
const cardsOf = (page: Page, postId: string, surface: 'post' | 'rhsPost' | 'searchResult' = 'post') => {
  const sh = closedShadow(page);
  const hosts = hostsOf(postId, surface);
  return {
    count: () => sh.count(hosts, { role: 'article' }),
    labels: () => sh.names(hosts, { role: 'article' }),
    firstLabel: async () => (await sh.names(hosts, { role: 'article' }))[0] ?? null,
    firstText: async () => (await sh.inRoots(hosts, (root) => root.querySelector('article')?.textContent ?? ''))[0] ?? null,
    click: (name: string) => sh.click(hosts, { role: 'button', name }),
    waitForButton: (name: string) => sh.until(async () => (await sh.count(hosts, { role: 'button', name })) > 0, { message: `no ${name} button` }),
    /** what the cards say under themselves (their role=status line) */
    status: async () => (await sh.inRoots(hosts, (root) => root.querySelector('[role="status"]')?.textContent ?? ''))[0] ?? null,
  };
};
/** Every card host on the page has its cards, none still loading. */
const allCardsLoaded = (page: Page) =>
  closedShadow(page).until(async () =>
    (await closedShadow(page).inRoots('nowbridge-cards', (root) => !!root.querySelector('article') && !root.querySelector('[aria-busy="true"]'))).every(Boolean),
  );
/** Proof that NowBridge has looked at a post (it marks what it scanned), for negative checks. */
const scanned = (page: Page, postId: string) => page.locator(`#post_${postId}[data-nowbridge-seen]`).waitFor({ state: 'attached' });

describe('record cards in Mattermost', () => {
  test('every seeded URL format and number gets its card; code, unknown instances and non-record pages get none', async () => {
    const page = await browser.context.newPage();
    const byChannel = new Map<string, typeof SEEDED_REFERENCES>();
    for (const r of SEEDED_REFERENCES) byChannel.set(r.channelId, [...(byChannel.get(r.channelId) ?? []), r]);
    for (const [channelId, refs] of byChannel) {
      const team = sims.mm.store.teams().find((t) => t.id === sims.mm.store.channelById(channelId)!.team_id);
      if (!team) continue; // DMs and GMs: covered by the same code path as channels
      await page.goto(`${MM}/${team.name}/channels/${channelName(channelId)}`);
      for (const r of refs) {
        await showPost(page, r.postId);
        await scanned(page, r.postId);
        const cards = cardsOf(page, r.postId);
        if (!r.expect) {
          expect(await cards.count(), r.key).toBe(0);
          continue;
        }
        if (r.expect.sys_id === SN_RECORDS.aclHidden.sys_id) {
          await expect.poll(() => cards.firstText(), { message: r.key }).toContain('No access or not found');
          continue;
        }
        const number = r.expect.number ?? numberOf(r.expect.table, r.expect.sys_id!);
        await expect.poll(() => cards.labels(), { message: r.key }).toContainEqual(
          expect.stringMatching(new RegExp(`^${number}`, 'i')),
        );
      }
    }
  });

  test('cards sit beside the message, not inside it; scrolling away and back re-creates them from the cache', async () => {
    const page = await browser.context.newPage();
    const first = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
    await page.goto(`${MM}/ops/channels/${channelName(first.channelId)}`);
    await showPost(page, first.postId);
    await expect.poll(() => cardsOf(page, first.postId).count()).toBe(1);
    expect(await page.locator(`#postMessageText_${first.postId} nowbridge-cards`).count()).toBe(0);
    expect(await page.locator(`#post_${first.postId} .post__body > nowbridge-cards`).count()).toBe(1);

    // Scroll to whichever end of the channel is farther from the post.
    await page.evaluate((id) => {
      const sim = (window as unknown as { __sim: { rowKeys(): string[]; scrollToRow(i: number): void } }).__sim;
      const keys = sim.rowKeys();
      sim.scrollToRow(keys.findIndex((k) => k.includes(id)) > keys.length / 2 ? 0 : -1);
    }, first.postId);
    await expect.poll(() => page.locator(`#post_${first.postId}`).count()).toBe(0); // unmounted by the list
    // the posts scrolled into view get their own cards first; only the way back is measured
    await allCardsLoaded(page);
    const before = tableApiCalls();
    await showPost(page, first.postId);
    await expect.poll(() => cardsOf(page, first.postId).count()).toBe(1);
    expect(tableApiCalls() - before).toBe(0);
  });

  test('cards sit right under the message text, above its reactions, and stay there when a thread footer appears later', async () => {
    // Collapsed threads on (the real default for new servers): roots get a "N replies" footer, added by React later.
    sims.mm.control.setSettings({ collapsedThreads: true });
    try {
      const page = await browser.context.newPage();
      const town = MM_CHANNELS.town;
      const post = sims.mm.control.createPost({ channel_id: town.id, user_id: MM_USERS.agent2.id, message: `Look at ${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}` });
      sims.mm.control.react(post.id, MM_USERS.agent2.username, 'eyes');
      await page.goto(`${MM}/ops/channels/${town.name}`);
      await showPost(page, post.id);
      await expect.poll(() => cardsOf(page, post.id).count()).toBe(1);
      /** top and bottom of what the user sees in the post, in page pixels */
      const layout = () =>
        page.evaluate((id) => {
          const box = (el: Element | null | undefined) => (el ? { top: el.getBoundingClientRect().top, bottom: el.getBoundingClientRect().bottom } : null);
          const row = document.getElementById(`post_${id}`)!;
          return {
            text: box(document.getElementById(`postMessageText_${id}`)),
            cards: box(row.querySelector('nowbridge-cards')),
            reactions: box(row.querySelector('.post-reaction-list')),
            footer: box(row.querySelector('.ThreadFooter')),
            sameHost: (row.querySelector('nowbridge-cards') as unknown as { nbMark?: number } | null)?.nbMark === 1,
          };
        }, post.id);
      const before = await layout();
      expect(before.cards!.top).toBeGreaterThanOrEqual(before.text!.bottom - 1);
      expect(before.reactions!.top).toBeGreaterThanOrEqual(before.cards!.bottom - 1);
      expect(before.footer).toBeNull();
      await page.evaluate((id) => void ((document.querySelector(`#post_${id} nowbridge-cards`) as unknown as { nbMark: number }).nbMark = 1), post.id);

      // Someone replies: the reply stays in the thread, and the root's footer appears below everything.
      const reply = sims.mm.control.createPost({ channel_id: town.id, user_id: MM_USERS.agent2.id, root_id: post.id, message: 'on it' });
      await page.locator(`#post_${post.id} .ThreadFooter`).getByRole('button', { name: '1 reply' }).waitFor();
      expect(await page.locator(`#post_${reply.id}`).count()).toBe(0);
      const after = await layout();
      expect(after.sameHost).toBe(true); // not re-created: no flicker, no second request
      expect(after.cards!.top).toBeGreaterThanOrEqual(after.text!.bottom - 1);
      expect(after.reactions!.top).toBeGreaterThanOrEqual(after.cards!.bottom - 1);
      expect(after.footer!.top).toBeGreaterThanOrEqual(after.reactions!.bottom - 1);
      expect(await cardsOf(page, post.id).firstLabel()).toMatch(new RegExp(`^${SN_RECORDS.incident.number}`));
    } finally {
      sims.mm.control.setSettings({ collapsedThreads: false });
    }
  });

  test('edits are re-evaluated, channel switches handled, new posts get cards live', async () => {
    const page = await browser.context.newPage();
    const channel = sims.mm.store.channelByName(sims.mm.store.teamByName('ops')!.id, 'town-square')!;
    await page.goto(`${MM}/ops/channels/incidents`);
    await page.locator('[id^="post_"]').first().waitFor();
    await page.getByRole('link', { name: 'Town Square' }).first().click();
    const post = sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent2.id, message: `See ${SN_RECORDS.problem.number}` });
    await expect.poll(() => cardsOf(page, post.id).firstLabel()).toMatch(new RegExp(`^${SN_RECORDS.problem.number}`));
    sims.mm.control.editPost(post.id, `Actually ${SN}/change_request.do?sys_id=${SN_RECORDS.change.sys_id}`);
    await expect.poll(() => cardsOf(page, post.id).firstLabel()).toMatch(new RegExp(`^${SN_RECORDS.change.number}`));
    expect(await cardsOf(page, post.id).count()).toBe(1);
  });

  test('per viewer: an ACL-hidden record shows "No access or not found" and nothing of it reaches the page', async () => {
    const page = await browser.context.newPage();
    const channel = sims.mm.store.channelByName(sims.mm.store.teamByName('ops')!.id, 'town-square')!;
    const { aclHidden, hostileHtml } = SN_RECORDS;
    const hidden = sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent2.id, message: `${SN}/incident.do?sys_id=${aclHidden.sys_id}` });
    const hostile = sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent2.id, message: `${SN}/incident.do?sys_id=${hostileHtml.sys_id}` });
    await page.goto(`${MM}/ops/channels/town-square`);
    await showPost(page, hidden.id);
    await expect.poll(() => cardsOf(page, hidden.id).firstText()).toContain('No access or not found');
    const secret = sims.sn.store.readDisplay('incident', aclHidden.sys_id, admin())!.short_description!.display_value;
    const html = [await page.evaluate(() => document.documentElement.outerHTML), ...(await closedShadow(page).inRoots('nowbridge-cards', (root) => root.innerHTML))].join('\n');
    expect(html).not.toContain(secret);

    // Hostile text renders literally: no element from it, no script.
    await showPost(page, hostile.id);
    const short = sims.sn.store.readDisplay('incident', hostileHtml.sys_id, admin())!.short_description!.display_value;
    await expect.poll(() => cardsOf(page, hostile.id).firstText()).toContain(short.slice(0, 40));
    const injected = await closedShadow(page).inRoots(hostsOf(hostile.id), (root) => root.querySelectorAll('script, img, iframe').length);
    expect(injected).toEqual([0]);
  });

  test('"Post card to channel" replies in the thread with the share format, once, and says how it went', async () => {
    const page = await browser.context.newPage();
    const first = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
    await page.goto(`${MM}/ops/channels/${channelName(first.channelId)}`);
    await showPost(page, first.postId);
    const card = cardsOf(page, first.postId);
    await card.waitForButton('Post card to channel');
    const before = sims.mm.control.posts(first.channelId).length;
    const said = { textContent: () => card.status() };

    // Refused: said under the cards, nothing posted, and the button still works.
    sims.mm.control.failNext(1, 403);
    await card.click('Post card to channel');
    await expect.poll(() => said.textContent()).toMatch(/^Could not post INC0010001: ./);
    expect(sims.mm.control.posts(first.channelId).length).toBe(before);

    await card.click('Post card to channel');
    await expect.poll(() => said.textContent()).toBe('INC0010001 posted to the thread.');
    await card.click('Post card to channel');
    await expect.poll(() => said.textContent()).toBe('INC0010001 is already posted to the thread.');
    expect(sims.mm.control.posts(first.channelId).length).toBe(before + 1);
    const reply = sims.mm.control.lastPost(first.channelId)!;
    expect(reply.root_id).toBe(first.postId);
    const att = (reply.props.attachments as { fallback: string; title_link: string }[])[0]!;
    expect(att.fallback).toMatch(/^INC0010001: /);
    expect(att.title_link).toBe(`${SN}/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_RECORDS.incident.sys_id}`);
  });

  test('"Copy link" puts the record\'s address on the clipboard and says so under the cards', async () => {
    const page = await browser.context.newPage();
    const first = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
    await page.goto(`${MM}/ops/channels/${channelName(first.channelId)}`);
    await showPost(page, first.postId);
    await page.bringToFront(); // the clipboard takes writes from the focused page only
    const card = cardsOf(page, first.postId);
    await card.waitForButton('Copy link');
    await card.click('Copy link');
    await expect.poll(() => card.status()).toBe('Copied a link to INC0010001.');
    // Pasted where a user would: Mattermost's message box.
    const composer = page.getByRole('textbox', { name: 'write to incidents' });
    await composer.press('Control+v');
    expect(await composer.inputValue()).toBe(`${SN}/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_RECORDS.incident.sys_id}`);
    // A success is not left under the post for good: it goes after a few seconds (errors stay).
    await expect.poll(() => card.status(), { timeout: 15_000 }).toBe('');
  });

  test('"Share" on a card opens the share dialog in Mattermost, styled, and posts that record once', async () => {
    const page = await browser.context.newPage();
    const first = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
    await page.goto(`${MM}/ops/channels/${channelName(first.channelId)}`);
    await showPost(page, first.postId);
    await cardsOf(page, first.postId).waitForButton('Share');
    await cardsOf(page, first.postId).click('Share');
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await dialog.getByRole('article').first().waitFor();
    expect(await dialog.evaluate((el) => [getComputedStyle(el).width, getComputedStyle(el).backgroundColor])).toEqual(['520px', 'rgb(255, 255, 255)']);
    // Typed key by key: Mattermost's document keydown handler would take them into its message box from an
    // in-page dialog; the frame keeps them.
    const picker = dialog.getByRole('combobox', { name: 'Channel' });
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement && document.hasFocus())).toBe(true);
    await page.keyboard.type('Incidents');
    expect(await picker.inputValue()).toBe('Incidents');
    expect(await page.locator('#post_textbox').inputValue()).toBe('');
    await dialog.getByRole('option', { name: /^Incidents/ }).click();
    const before = sims.mm.control.posts(MM_CHANNELS.incidents.id).length;
    await dialog.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => dialog.getByRole('status').allTextContents()).toContain('Posted to Incidents');
    const posts = sims.mm.control.posts(MM_CHANNELS.incidents.id);
    expect(posts.length).toBe(before + 1);
    expect((posts.at(-1)!.props.attachments as { fallback: string }[])[0]!.fallback).toMatch(/^INC0010001: /);
  });

  test('the thread panel and search results get their own cards, from what is already read', async () => {
    const page = await browser.context.newPage();
    const first = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
    await page.goto(`${MM}/ops/channels/${channelName(first.channelId)}`);
    await showPost(page, first.postId);
    await expect.poll(() => cardsOf(page, first.postId).firstLabel()).toMatch(/^INC0010001/);
    const calls = tableApiCalls();

    await page.locator(`#post_${first.postId}`).hover(); // the post menu shows on hover, as in Mattermost
    await page.locator(`#post_${first.postId}`).getByRole('button', { name: 'Reply' }).click();
    const inThread = cardsOf(page, first.postId, 'rhsPost');
    await expect.poll(() => inThread.firstLabel()).toMatch(/^INC0010001/);
    expect(await inThread.count()).toBe(1);

    await page.getByRole('searchbox', { name: 'Search' }).fill('"Email outage ticket"');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    const inResults = cardsOf(page, first.postId, 'searchResult');
    await expect.poll(() => inResults.firstLabel()).toMatch(/^INC0010001/);
    expect(await inResults.count()).toBe(1);
    // The centre card is still there, and neither panel asked ServiceNow again.
    expect(await cardsOf(page, first.postId).count()).toBe(1);
    expect(tableApiCalls()).toBe(calls);
  });

  test('hovering a ServiceNow link for a moment shows the full card; Esc closes it', async () => {
    const page = await browser.context.newPage();
    const first = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
    await page.goto(`${MM}/ops/channels/${channelName(first.channelId)}`);
    await showPost(page, first.postId);
    await expect.poll(() => cardsOf(page, first.postId).count()).toBe(1); // the layout has settled
    await page.locator(`#postMessageText_${first.postId} a.markdown__link`).hover();
    // The full card is an extension frame: its record text (the description too) is not in the page.
    const card = await inFrame(page, 'article', /^INC0010001/);
    // the part of the description that is only in the description (it starts with the short description)
    const description = sims.sn.store.readDisplay('incident', SN_RECORDS.incident.sys_id, sims.sn.store.userByName('admin')!)!.description!.display_value.split('. ')[1]!;
    await expect.poll(() => card.textContent()).toContain(description);
    expect(await page.evaluate((d) => document.documentElement.outerHTML.includes(d) || document.body.innerText.includes(d), description)).toBe(false);
    await page.keyboard.press('Escape');
    await expect.poll(() => nowbridgeFrames(page).length).toBe(0);
  });

  test('not connected: one "Connect ServiceNow to preview" per post, not per link', async () => {
    const options = await browser.openExtensionPage('options.html');
    for (const base of [SN, SN2]) await options.evaluate((b) => chrome.runtime.sendMessage({ type: 'connection/disconnect', product: 'servicenow', base: b }), base);
    const page = await browser.context.newPage();
    const first = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
    await page.goto(`${MM}/ops/channels/${channelName(first.channelId)}`);
    await showPost(page, first.postId);
    await expect.poll(() => closedShadow(page).count(hostsOf(first.postId), { role: 'button', name: 'Connect ServiceNow to preview' })).toBe(1);

    // Connecting in settings brings the cards to the open tab, without a reload.
    const r = await options.evaluate((b) => chrome.runtime.sendMessage({ type: 'connection/connect', product: 'servicenow', base: b, method: 'session' }), SN);
    expect(r.ok).toBe(true);
    await expect.poll(() => cardsOf(page, first.postId).firstLabel()).toMatch(/^INC0010001/);
  });
});
