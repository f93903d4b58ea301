/** The reads of the fault table: a card under a post, popup search, a watch check, connecting a site. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { HOSTS, MM_USERS, SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import type { LoggedRequest } from '../../sim/server';
import { checkNow } from '../activity';
import { cardsOf, closedShadow } from '../closed-shadow';
import { nowbridgeFrames } from '../frames';
import { showPost } from '../mattermost-page';
import type { ActionDef, EndState, Shown, Surface } from './cell';
import { allowAccess, connectByOAuth, dialogShown, reconnect } from './user';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
const PRB = SN_RECORDS.problem;

const texts = async (p: Page, role: 'alert' | 'status') => (await p.getByRole(role).allTextContents()).map((t) => t.trim()).filter(Boolean);

/**
 * A card under a new post that links a problem, as the user switches to its channel in a Mattermost tab already
 * open (the web app's own channel switch, no page load): Mattermost's copy of the post is checked
 * (POST /api/v4/posts/ids, lib/background/post-check.ts), then ServiceNow is read.
 */
export const card: ActionDef = {
  id: 'card',
  label: 'Card under a post',
  kind: 'read',
  target: { sim: 'sn', method: 'GET', path: /^\/api\/now\/table\/problem$/ },
  other: { sim: 'mm', method: 'POST', path: /^\/api\/v4\/posts\/ids$/ },
  success: new RegExp(`^${PRB.number}: `),
  async open(w, input) {
    // a channel of its own: the page holds this one card, and the batch the fault meets is its read
    const name = `faults-${input.split(' ').pop()}`;
    const { channel } = w.sims.mm.control.seedLargeChannel({ posts: 0, refs: 0, name });
    const post = w.sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent.id, message: `${input}: ${PRB.number}` });
    const page = await w.browser.context.newPage();
    // the tab is open (NowBridge running in it) before any fault: a site's access withdrawn now leaves it running
    await page.goto(`${MM}/ops/channels/town-square`);
    await page.locator('html[data-nowbridge="mattermost"]').waitFor();
    const sh = closedShadow(page);
    const hosts = cardsOf(post.id, 'post');
    const shown = async (): Promise<Shown> => {
      const [c] = await sh.inRoots(hosts, (r) => ({
        // a card's problem, or the post's "Sign in to Mattermost again to preview" once the Mattermost sign-in is gone
        problem: r.querySelector('.nb-card__problem-text')?.textContent || r.querySelector('.nb-connect')?.textContent?.trim() || '',
        title: r.querySelector('.nb-card__title')?.textContent ?? '',
        busy: !!r.querySelector('[aria-busy="true"], .nb-card--loading'),
      }));
      return { alerts: c?.problem ? [c.problem] : [], statuses: c?.title ? [c.title] : [], busy: !c || c.busy };
    };
    return {
      // the user switches to the channel: the card is read as the post shows
      act: async () => {
        await page.locator(`#sidebarItem_${name}`).click();
        await showPost(page, post.id);
      },
      shown,
      async retry(state: EndState) {
        if (state === 'Needs sign-in, Reconnect') await reconnect(w);
        // the card's Allow access opens the settings (a page can't ask the browser), where the access is back
        if (state === 'Needs site access, Allow') await sh.click(hosts, { role: 'button', name: 'Allow access' });
        // (once reconnected, the cards may read again by themselves: their Retry can go before it is pressed)
        const pressed = (await sh.count(hosts, { role: 'button', name: 'Retry' })) > 0 && (await sh.click(hosts, { role: 'button', name: 'Retry' }).then(() => true, () => false));
        if (!pressed) {
          await page.reload();
          await showPost(page, post.id);
        }
      },
      close: () => page.close(),
    };
  },
  writes: () => 0,
};

/**
 * The hover card of a link in a new post, as the user points at it. The card under the post has its own (batch)
 * read, done before the fault is armed: the fault meets the hover card's own read of the record, by sys_id.
 */
export const hover: ActionDef = {
  id: 'hover',
  label: 'Hover card',
  kind: 'read',
  target: { sim: 'sn', method: 'GET', path: new RegExp(`^/api/now/table/problem/${PRB.sys_id}$`) },
  success: new RegExp(`^${PRB.number}: `),
  async open(w, input) {
    const name = `faults-${input.split(' ').pop()}`;
    const { channel } = w.sims.mm.control.seedLargeChannel({ posts: 0, refs: 0, name });
    const post = w.sims.mm.control.createPost({ channel_id: channel.id, user_id: MM_USERS.agent.id, message: `${input}: ${SN}/problem.do?sys_id=${PRB.sys_id}` });
    const page = await w.browser.context.newPage();
    await page.goto(`${MM}/ops/channels/${name}`);
    await showPost(page, post.id);
    const sh = closedShadow(page);
    await sh.until(async () => (await sh.names(cardsOf(post.id, 'post'), { role: 'article' })).some((n) => n.startsWith(PRB.number)), { message: 'no card under the post', timeoutMs: 20_000 });
    const link = page.locator(`#postMessageText_${post.id} a.markdown__link`);
    /** the hover card's frame: its card's title, or what its problem line says */
    const card = async () => {
      for (const f of nowbridgeFrames(page)) {
        const c = await f
          .evaluate(() => {
            const root = document.querySelector('.nb-frame-hover');
            return root && {
              problem: root.querySelector('.nb-card__problem-text')?.textContent ?? '',
              title: root.querySelector('.nb-card__title')?.textContent ?? '',
              busy: !!root.querySelector('[aria-busy="true"]'),
            };
          })
          .catch(() => null);
        if (c) return { frame: f, ...c };
      }
      return undefined;
    };
    const point = async () => {
      await page.locator(`#postMessageText_${post.id}`).hover({ position: { x: 1, y: 1 } });
      await link.hover();
    };
    return {
      act: point,
      async shown(): Promise<Shown> {
        const c = await card();
        return { alerts: c?.problem ? [c.problem] : [], statuses: c?.title ? [c.title] : [], busy: !c || c.busy };
      },
      async retry(state: EndState) {
        if (state === 'Needs sign-in, Reconnect') await reconnect(w);
        if (state === 'Needs site access, Allow') await allowAccess(page);
        const retry = (await card())?.frame.getByRole('button', { name: 'Retry' });
        if (retry && (await retry.count())) await retry.click();
        else {
          // a new hover card is a new read
          await page.bringToFront();
          await page.mouse.move(0, 0);
          await point();
        }
      },
      close: () => page.close(),
    };
  },
  writes: () => 0,
};

/** Popup search for a number. */
export const search: ActionDef = {
  id: 'search',
  label: 'Search (popup)',
  kind: 'read',
  target: { sim: 'sn', method: 'GET', path: /^\/api\/now\/table\/task$/ },
  success: new RegExp(PRB.number),
  async open(w) {
    const p = await w.browser.openExtensionPage('popup.html');
    await p.setViewportSize({ width: 520, height: 600 });
    const box = p.getByRole('combobox', { name: 'Search ServiceNow' });
    // the home list's own reads done first: the fault meets the search's
    await p.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    const type = async () => {
      await box.fill('');
      await box.fill(`${PRB.number.slice(0, 3)} ${PRB.number.slice(3)}`.replace(' ', ''));
    };
    return {
      act: type,
      async shown() {
        // the search's answer, not the list an empty box shows (it stays up while the typing settles, and holds the
        // record once someone assigned it to Beth: an earlier cell)
        const answer = p.getByRole('listbox', { name: 'Results' }).locator('[role="group"]:not([aria-label="Recently viewed"]):not([aria-label="Assigned to me"])');
        const options = await answer.getByRole('option').allTextContents().catch(() => []);
        const state = await p.locator('.nb-state').allTextContents();
        return {
          alerts: [...(await texts(p, 'alert')), ...state.filter((t) => /sign in|connect/i.test(t))],
          statuses: options,
          busy: (await p.locator('[aria-busy="true"]').count()) > 0,
        };
      },
      async retry(state) {
        if (state === 'Needs sign-in, Reconnect') await reconnect(w);
        if (state === 'Needs site access, Allow') await allowAccess(p);
        const retry = p.getByRole('button', { name: 'Retry' });
        if (await retry.count()) await retry.click();
        else await type();
      },
      close: () => p.close(),
    };
  },
  writes: () => 0,
};

const isRefresh = (r: LoggedRequest) => r.method === 'POST' && r.pathname === '/oauth_token.do' && new URLSearchParams(r.body).get('grant_type') === 'refresh_token';

/**
 * Popup search on an OAuth connection whose access token ServiceNow has just let expire: the search's 401 asks for
 * a refresh, and the fault meets the refresh. One refresh per refusal at most (a refresh per 401, or a loop, fails).
 */
export const refresh: ActionDef = {
  id: 'refresh',
  label: 'OAuth token refresh (popup search)',
  kind: 'read',
  target: { sim: 'sn', method: 'POST', path: /^\/oauth_token\.do$/ },
  success: search.success,
  async open(w, input) {
    await connectByOAuth(w);
    const s = await search.open(w, input);
    w.sims.sn.control.expireAllTokens();
    const from = w.sims.sn.requests.length;
    const counts = () => {
      const log = w.sims.sn.requests.slice(from);
      return { refreshes: log.filter(isRefresh).length, refused: log.filter((r) => r.pathname.startsWith('/api/') && r.status === 401).length };
    };
    return refreshesChecked(s, counts);
  },
  writes: () => 0,
};

/**
 * The refresh rows' own check, when the action ended and when it closes: a refresh grant only after a refusal of
 * the expired token, and at most two before the user retries (the action's one read, and its client's one try
 * again after a 429's wait) — a refresh per 401, or a loop, fails.
 */
function refreshesChecked(s: Surface, counts: () => { refreshes: number; refused: number }): Surface {
  const oncePerRefusal = () => {
    const { refreshes, refused } = counts();
    expect(refreshes, 'refresh grants, each after a refusal of the expired token').toBeLessThanOrEqual(refused);
  };
  return {
    ...s,
    ended() {
      oncePerRefusal();
      expect(counts().refreshes).toBeLessThanOrEqual(2);
    },
    async close() {
      oncePerRefusal();
      await s.close();
    },
  };
}

const isMmRefresh = (r: LoggedRequest) => r.method === 'POST' && r.pathname === '/oauth/access_token' && new URLSearchParams(r.body).get('grant_type') === 'refresh_token';

/**
 * The card under a post on a Mattermost OAuth connection whose access token Mattermost has just let expire: the
 * post check's 401 asks for a refresh (POST /oauth/access_token, grant_type=refresh_token, the confidential app),
 * and the fault meets the refresh. One refresh per refusal at most. Mattermost rotates the refresh token on every
 * refresh and keeps no grace for the old one (server/channels/app/oauth.go newSessionUpdateToken), so a refresh
 * whose answer was lost leaves NowBridge a dead refresh token: the try after it is refused (retryMeetsRefusal).
 */
export const mmRefresh: ActionDef = {
  id: 'mm-refresh',
  label: 'Mattermost OAuth token refresh (card under a post)',
  kind: 'read',
  target: { sim: 'mm', method: 'POST', path: /^\/oauth\/access_token$/ },
  success: card.success,
  // the server did the refresh, the answer never reached NowBridge (cut off, or the worker stopped before it came)
  retryMeetsRefusal: (f) => f.id === 'lost-answer' || f.id === 'worker-killed',
  async open(w, input) {
    // every cell: each test has a fresh browser, connected by browser session (e2e/harness.ts)
    await connectByOAuth(w, 'mattermost');
    const s = await card.open(w, input);
    // The open tab's own cards (its channel's posts) are checked with Mattermost as it loads: only once NowBridge's
    // requests there are over does the token expire, so that the first refresh is the one the user's act asks for.
    const bearer = () => w.sims.mm.requests.filter((r) => /^bearer /i.test(String(r.headers.authorization ?? '')));
    for (let n = bearer().length, quietSince = Date.now(), deadline = Date.now() + 10_000; Date.now() - quietSince < 700 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 100));
      if (bearer().length !== n) [n, quietSince] = [bearer().length, Date.now()];
    }
    w.sims.mm.control.expireAllTokens();
    const from = w.sims.mm.requests.length;
    const counts = () => {
      const log = w.sims.mm.requests.slice(from);
      // a refresh whose connection was reset before the server read it is sent again by Chromium itself, not by
      // NowBridge (net/http/http_network_transaction.cc ShouldResendRequest): only those the server handled count
      const handled = log.filter((r) => isMmRefresh(r) && r.fault?.kind !== 'reset');
      return { refreshes: handled.length, refused: log.filter((r) => r.pathname.startsWith('/api/v4/') && r.status === 401).length };
    };
    return refreshesChecked(s, counts);
  },
  writes: () => 0,
};

const INC2 = SN_RECORDS.incident2;

/** A watch check (popup Activity, "Check now") that should bring another user's new comment. */
export const watchCheck: ActionDef = {
  id: 'watch',
  label: 'Watch check',
  kind: 'read',
  target: { sim: 'sn', method: 'GET', path: /^\/api\/now\/table\/task$/ },
  success: /nb-fault watch/,
  async open(w, input) {
    const p = await w.browser.openExtensionPage('popup.html?view=activity');
    await p.setViewportSize({ width: 520, height: 800 });
    await p.getByRole('region', { name: 'Activity' }).waitFor();
    const r = await p.evaluate((ref) => chrome.runtime.sendMessage({ type: 'watch/add-record', ...ref }), {
      instance: SN,
      table: 'incident',
      sys_id: INC2.sys_id,
    });
    if (!r?.ok) throw new Error(`watch/add-record: ${r?.error}`);
    await checkNow(p); // learns the record as it is
    w.sims.sn.control.advanceClock(60);
    w.sims.sn.control.updateAs(SN_USERS.agent2.user_name, 'incident', INC2.sys_id, { comments: input });
    w.sims.sn.control.advanceClock(60);
    const press = () => p.getByRole('button', { name: 'Check now' }).click();
    return {
      act: press,
      async shown() {
        const changes = await p.getByRole('list', { name: 'Changes' }).allTextContents().catch(() => []);
        const busy = (await p.getByRole('button', { name: 'Check now' }).getAttribute('aria-disabled')) === 'true';
        return { alerts: await texts(p, 'alert'), statuses: changes, busy };
      },
      async retry(state) {
        if (state === 'Needs sign-in, Reconnect') await reconnect(w);
        if (state === 'Needs site access, Allow') await allowAccess(p);
        await checkNow(p);
      },
      close: () => p.close(),
    };
  },
  writes: () => 0,
};

/** Connect a ServiceNow site by browser session from the options page (after a Disconnect). */
export const connect: ActionDef = {
  id: 'connect',
  label: 'Connect (options page)',
  kind: 'read',
  target: { sim: 'sn', method: 'GET', path: /^\/api\/now\/table\/sys_user$/ },
  success: /^Connected as /,
  async open(w) {
    const options = await w.browser.openExtensionPage('options.html');
    const item = options.getByRole('region', { name: 'ServiceNow' }).getByRole('listitem').filter({ hasText: SN });
    await item.getByRole('button', { name: 'Disconnect' }).click();
    const button = item.getByRole('button', { name: 'Connect', exact: true });
    await button.waitFor();
    // the options page's own word for a site without access, and its button to give it back
    const denied = item.getByText('Access not granted');
    return {
      // once the access went, the page has replaced Connect with Grant access: nothing to press
      async act() {
        if (await denied.count()) return;
        await button.click({ timeout: 5_000 }).catch(async (err: unknown) => {
          if (!(await denied.count())) throw err;
        });
      },
      async shown() {
        const s = await dialogShown(item);
        if (!(await denied.count())) return s;
        // the site's button names the host the access is for ("Grant access to https://…")
        const grant = item.getByRole('button', { name: /^Grant access to / });
        const names = (await grant.count()) ? await grant.first().getAttribute('aria-label').catch(() => null) ?? await grant.first().textContent() : '';
        return { ...s, alerts: [`Access not granted${names ? `: ${names}` : ''}`, ...s.alerts] };
      },
      async retry(state) {
        if (state === 'Needs sign-in, Reconnect') await reconnect(w);
        // the access given back, the page puts Connect back by itself; if it doesn't, the user presses Grant access
        if (state === 'Needs site access, Allow') await button.waitFor({ timeout: 5_000 }).catch(() => item.getByRole('button', { name: `Grant access to ${SN}` }).click());
        await button.click();
      },
      close: () => options.close(),
    };
  },
  writes: () => 0,
};

