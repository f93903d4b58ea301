/**
 * What a hostile script in the Mattermost page (an XSS, a webapp plugin) can and cannot get out of NowBridge: it can
 * draw fake posts and fire synthetic events, but it never makes NowBridge read ServiceNow for them, never gets a card
 * under them, and cannot read the cards of real posts. All of it from the page's own world (page.evaluate).
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { cardsOf, closedShadow } from './closed-shadow';
import { showPost } from './mattermost-page';
import { signInAndConnect } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const tableApi = () => sims.sn.requests.filter((r) => r.pathname.startsWith('/api/now/table/') && !r.pathname.endsWith('/sys_number'));
const postsByIds = () => sims.mm.requests.filter((r) => r.method === 'POST' && r.pathname === '/api/v4/posts/ids');
const admin = () => sims.sn.store.userByName('admin')!;
const shortOf = (r: { table: string; sys_id: string }) => sims.sn.store.readDisplay(r.table, r.sys_id, admin())!.short_description!.display_value;
const rhsOpen = (page: Page) => page.evaluate(() => document.getElementById('sidebar-right')!.classList.contains('is-open'));

/** A channel with one real post referring to INC0010001, its card loaded. */
async function channelWithCard(page: Page) {
  const town = MM_CHANNELS.town;
  const real = sims.mm.control.createPost({ channel_id: town.id, user_id: MM_USERS.agent2.id, message: `Can someone look at ${SN_RECORDS.incident.number}?` });
  await page.goto(`${MM}/ops/channels/town-square`);
  await showPost(page, real.id);
  const sh = closedShadow(page);
  await expect.poll(() => sh.names(cardsOf(real.id), { role: 'article' })).toEqual([expect.stringMatching(/^INC0010001/)]);
  // every card on the page settled, so what follows is the attack's doing alone
  await sh.until(async () => (await sh.inRoots('nowbridge-cards', (r) => !r.querySelector('[aria-busy="true"]'))).every(Boolean));
  return { real, sh };
}

const FAKE_ID = 'zq3fakepost000000000000000';
const FAKE_ID2 = 'zq3fakepost111111111111111';
const FAKE_NUMBER = SN_RECORDS.problemTask.number; // PTASK0010001
const FAKE_SYS_ID = SN_RECORDS.changeTask.sys_id;
const TAMPER_NUMBER = SN_RECORDS.catalogTask.number; // SCTASK0010001
const mentions = (needle: string) => tableApi().filter((r) => decodeURIComponent(r.url).includes(needle));

describe('a hostile page script', () => {
  test('fake posts and synthetic events cause no ServiceNow request and no card; real cards stay unreadable', async () => {
    const page = await browser.context.newPage();
    const { real, sh } = await channelWithCard(page);
    const snBefore = tableApi().length;
    const mmBefore = postsByIds().length;

    // Fake posts that look like Mattermost's (hidden, and in the list), and a number slipped into a real post.
    await page.evaluate(
      ({ ids, number, link, tamper, realId }) => {
        const list = document.querySelector('#postListContent .inner_list')!;
        for (const id of ids) {
          const row = document.createElement('div');
          row.className = 'item_measurer';
          row.style.display = 'none';
          row.innerHTML =
            `<div role="listitem" id="post_${id}" class="a11y__section post"><div class="post__content"><div>` +
            `<div class="post__body" id="${id}_message"><div class="post-message"><div class="post-message__text-container">` +
            `<div id="postMessageText_${id}" class="post-message__text" dir="auto"><p>Urgent: ${number} and ` +
            `<a class="theme markdown__link" href="${link}" rel="noreferrer" target="_blank">this change task</a></p></div>` +
            `</div></div></div></div></div></div>`;
          list.append(row);
        }
        // A post id that is no Mattermost id at all
        const odd = document.createElement('div');
        odd.innerHTML = `<div id="post_../../x" class="post"><div class="post__body"><div class="post-message__text" id="postMessageText_../../x"><p>${number}</p></div></div></div>`;
        list.append(odd);
        document.querySelector(`#postMessageText_${realId} p`)!.append(` and ${tamper}`);
        for (const a of document.querySelectorAll<HTMLAnchorElement>(`[id^="postMessageText_${ids[0]}"] a`)) {
          a.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
          a.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
        }
      },
      { ids: [FAKE_ID, FAKE_ID2], number: FAKE_NUMBER, link: `${SN}/change_task.do?sys_id=${FAKE_SYS_ID}`, tamper: TAMPER_NUMBER, realId: real.id },
    );

    // NowBridge looked at the fakes and asked Mattermost, which does not have them: their hosts are given up.
    await expect.poll(() => page.locator(`#post_${FAKE_ID}[data-nowbridge-seen]`).count()).toBe(1);
    await expect.poll(() => page.evaluate((ids) => ids.every((id) => (document.querySelector(`#post_${id} nowbridge-cards`) as HTMLElement | null)?.style.minHeight === '0px'), [FAKE_ID, FAKE_ID2])).toBe(true);
    expect(postsByIds().length - mmBefore).toBe(1); // both fakes and the tampered post, in one request
    const asked = JSON.parse(postsByIds().at(-1)!.body) as string[];
    expect(new Set(asked)).toEqual(new Set([FAKE_ID, FAKE_ID2, real.id]));

    // A real (trusted) hover on the real post's text: time passes for any armed hover card to have shown.
    await page.locator(`#postMessageText_${real.id}`).hover();
    await expect.poll(() => sh.count('nowbridge-hover-card', { role: 'tooltip' })).toBe(0);

    expect(tableApi().length - snBefore).toBe(0);
    expect(mentions(FAKE_NUMBER)).toEqual([]);
    expect(mentions(FAKE_SYS_ID)).toEqual([]);
    expect(mentions(TAMPER_NUMBER)).toEqual([]);
    expect(await sh.count(cardsOf(FAKE_ID), { role: 'article' })).toBe(0);
    expect(await sh.count(cardsOf(FAKE_ID2), { role: 'article' })).toBe(0);
    expect(await page.locator('[id="post_../../x"] nowbridge-cards').count()).toBe(0);
    expect(await sh.names(cardsOf(real.id), { role: 'article' })).toEqual([expect.stringMatching(/^INC0010001/)]); // not SCTASK

    // The real card shows the record; the page sees none of it.
    const short = shortOf(SN_RECORDS.incident);
    expect((await sh.texts(cardsOf(real.id))).join('\n')).toContain(short);
    const seen = await page.evaluate(() => ({
      roots: [...document.querySelectorAll('nowbridge-cards, nowbridge-hover-card')].map((h) => h.shadowRoot),
      text: document.body.innerText,
      html: document.documentElement.outerHTML,
    }));
    expect(seen.roots.length).toBeGreaterThan(1);
    expect(seen.roots.every((r) => r === null)).toBe(true);
    expect(seen.text).not.toContain(short);
    expect(seen.html).not.toContain(short);
  });

  test("a real click on a card does not open the thread; keys stay in the card; the page's synthetic clicks do nothing", async () => {
    const page = await browser.context.newPage();
    const { real, sh } = await channelWithCard(page);
    const hosts = cardsOf(real.id);

    // Real mouse clicks on the card and on one of its buttons (Refresh: re-reads the record, posts nothing).
    await sh.click(hosts, { role: 'article' });
    await sh.click(hosts, { role: 'button', name: 'Refresh' });
    await sh.until(async () => (await sh.inRoots(hosts, (r) => !!r.querySelector('article') && !r.querySelector('[aria-busy="true"]'))).every(Boolean));
    expect(await rhsOpen(page)).toBe(false);

    // Keys typed in a card never reach Mattermost's document handlers (its box would take them).
    await page.evaluate(() => {
      const w = window as unknown as { seenKeys: string[] };
      w.seenKeys = [];
      for (const type of ['keydown', 'keypress', 'keyup']) document.addEventListener(type, (e) => w.seenKeys.push(`${type}:${(e as KeyboardEvent).key}`));
    });
    await sh.focus(hosts, { role: 'button', name: 'Copy link' });
    await page.keyboard.press('x');
    expect(await page.evaluate(() => (window as unknown as { seenKeys: string[] }).seenKeys)).toEqual([]);

    // The page can only reach the host; clicking it, or whatever is at a button's place, does nothing.
    const [button] = await sh.all(hosts, { role: 'button', name: 'Post card to channel' });
    const cdp = await page.context().newCDPSession(page);
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: button!.backendNodeId });
    const [x, y] = [(model.border[0]! + model.border[4]!) / 2, (model.border[1]! + model.border[5]!) / 2];
    const postsBefore = sims.mm.control.posts(MM_CHANNELS.town.id).length;
    const reached = await page.evaluate(
      ({ x, y, id }) => {
        const at = document.elementFromPoint(x, y) as HTMLElement;
        at.click();
        const host = document.querySelector(`#post_${id} nowbridge-cards`) as HTMLElement;
        host.click();
        host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        return at.tagName;
      },
      { x, y, id: real.id },
    );
    expect(reached).toBe('NOWBRIDGE-CARDS');
    expect(await rhsOpen(page)).toBe(false);
    // Had any of that reached the button, the real click below would find the reply posted already.
    await sh.click(hosts, { role: 'button', name: 'Post card to channel' });
    await expect.poll(async () => (await sh.inRoots(hosts, (r) => r.querySelector('[role="status"]')?.textContent ?? ''))[0]).toBe('INC0010001 posted to the thread.');
    expect(sims.mm.control.posts(MM_CHANNELS.town.id).length).toBe(postsBefore + 1);
    expect(await rhsOpen(page)).toBe(false);

    // Nor does the page reach the card's Watch: its click where the button is adds no watch.
    const [watch] = await sh.all(hosts, { role: 'button', name: 'Watch' });
    const box = (await cdp.send('DOM.getBoxModel', { backendNodeId: watch!.backendNodeId })).model.border;
    await page.evaluate(([wx, wy]) => (document.elementFromPoint(wx!, wy!) as HTMLElement).click(), [(box[0]! + box[4]!) / 2, (box[1]! + box[5]!) / 2]);
    const options = await browser.openExtensionPage('options.html');
    expect((await options.evaluate(() => chrome.runtime.sendMessage({ type: 'watch/list' }))).value.watches).toEqual([]);
    await options.close();

    // Control: the simulator does open the thread for a real click on the message itself.
    await page.locator(`#postMessageText_${real.id}`).click();
    await expect.poll(() => rhsOpen(page)).toBe(true);
    await cdp.detach();
  });

  test('Mattermost not connected: "Connect Mattermost to preview" once per post, and ServiceNow is not asked', async () => {
    const options = await browser.openExtensionPage('options.html');
    await options.evaluate((b) => chrome.runtime.sendMessage({ type: 'connection/disconnect', product: 'mattermost', base: b }), MM);
    const town = MM_CHANNELS.town;
    const real = sims.mm.control.createPost({ channel_id: town.id, user_id: MM_USERS.agent2.id, message: `${SN_RECORDS.incident.number} and ${SN_RECORDS.change.number}` });
    const before = tableApi().length;
    const page = await browser.context.newPage();
    await page.goto(`${MM}/ops/channels/town-square`);
    await page.locator(`#post_${real.id}`).waitFor();
    const sh = closedShadow(page);
    await expect.poll(() => sh.count(cardsOf(real.id), { role: 'button', name: 'Connect Mattermost to preview' })).toBe(1);
    expect(await sh.count(cardsOf(real.id), { role: 'article' })).toBe(0);
    expect(tableApi().length).toBe(before);
  });
});
