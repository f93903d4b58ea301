/**
 * The faults of the table (issue 15), each aimed at the request the action depends on (Target): the servers' own
 * error answers (switches in the simulators, with each product's real shapes) and what happens below HTTP.
 */
import { expect } from 'vitest';
import { HOSTS } from '../../sim/fixtures';
import type { ActionDef, FaultDef, FaultWorld, Target } from './cell';

const simOf = (w: FaultWorld, t: Target) => (t.sim === 'sn' ? w.sims.sn : w.sims.mm);
const match = (t: Target) => ({ method: t.method, path: t.path });

/** The sim has seen the target request (it is in flight or answered). */
async function seen(w: FaultWorld, a: ActionDef, since: number): Promise<void> {
  const sim = simOf(w, a.target);
  const deadline = Date.now() + 20_000;
  while (!sim.requests.slice(since).some((r) => r.method === a.target.method && a.target.path.test(r.pathname))) {
    if (Date.now() > deadline) throw new Error(`${a.label}: its ${a.target.method} ${a.target.path} never reached the server`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A server's error status, aimed at the target: ServiceNow's JSON envelope, Mattermost's AppError or plain-text 429. */
function status(code: number, label: string, allowed: FaultDef['allowed']): FaultDef {
  return {
    id: String(code),
    label,
    boundMs: 8_000,
    arm(w, a) {
      if (a.target.sim === 'sn') w.sims.sn.control.failNext(1, code, { retryAfterSec: 1, ...match(a.target) });
      else w.sims.mm.control.failNext(1, code, match(a.target));
    },
    heal() {},
    allowed,
  };
}

/**
 * Withholds or gives back NowBridge's access to the target's site as the user does on chrome://extensions (Site
 * access): through chrome.developerPrivate, the API that page itself uses, open to a script on it. The pattern is
 * the one the e2e build holds from install (wxt.config.ts, e2e/hosts.ts).
 */
async function siteAccess(w: FaultWorld, t: Target, granted: boolean): Promise<void> {
  const pattern = t.sim === 'sn' ? 'https://*.service-now.com/*' : `https://${HOSTS.mattermost}/*`;
  const probe = `https://${hostOf(t)}/nowbridge-probe`;
  const page = await w.browser.context.newPage();
  await page.goto(`chrome://extensions/?id=${w.browser.extensionId}`);
  await page.evaluate(
    async ({ id, pattern, granted }) => {
      const dp = (globalThis as unknown as { chrome: { developerPrivate: Record<string, (id: string, host: string) => Promise<void>> } }).chrome.developerPrivate;
      await dp[granted ? 'addHostPermission' : 'removeHostPermission']!(id, pattern);
    },
    { id: w.browser.extensionId, pattern, granted },
  );
  await page.close();
  // The worker's requests follow the change a moment later (observed here: a search typed right after the removal
  // still went through): until the worker's own request to the site fails (or passes) as it now should.
  const worker = await w.browser.serviceWorker();
  await expect
    .poll(() => worker.evaluate((url) => fetch(url, { credentials: 'omit' }).then(() => true, () => false), probe), { timeout: 10_000 })
    .toBe(granted);
}

const hostOf = (t: Target) => (t.sim === 'sn' ? HOSTS.servicenow : HOSTS.mattermost);
/** the sentence names this host (lib/http.ts noSiteAccessMessage), not the other one */
const namesHost = (t: Target) => new RegExp(`access to (https://)?${hostOf(t).replace(/\./g, '\\.')}\\b`);

let mark = 0;
/** the request log's length when the user acted */
const markRequests = (w: FaultWorld, a: ActionDef) => void (mark = simOf(w, a.target).requests.length);

/** The product's own timeout on a request that never answers (lib/http.ts request: 20 s) plus the time to say so. */
const NEVER_ANSWERS_MS = 20_000 + 3_000;

export const FAULTS: FaultDef[] = [
  {
    id: 'none',
    label: 'No fault (baseline)',
    boundMs: 5_000,
    arm() {},
    heal() {},
    allowed: ['Done'],
  },
  // One 429: ServiceNow's carries Retry-After and the epoch X-RateLimit-Reset, Mattermost's is the limiter's plain text.
  status(429, '429 rate limited (SN Retry-After + epoch reset; MM plain text)', ['Done', 'Retrying…', "Couldn't reach, Retry"]),
  status(500, '500', ["Couldn't reach, Retry", 'Done']),
  status(502, '502 from a proxy', ["Couldn't reach, Retry", 'Done']),
  status(503, '503 with Retry-After', ["Couldn't reach, Retry", 'Done']),
  {
    id: 'timeout',
    label: 'No answer ever (timeout)',
    boundMs: NEVER_ANSWERS_MS,
    arm: (w, a) => simOf(w, a.target).network.next({ ...match(a.target), fault: { kind: 'hang' } }),
    heal: (w, a) => simOf(w, a.target).network.releaseHung(),
    allowed: ["Couldn't reach, Retry"],
  },
  {
    id: 'reset',
    label: 'Connection reset',
    boundMs: 8_000,
    arm: (w, a) => simOf(w, a.target).network.next({ ...match(a.target), fault: { kind: 'reset' } }),
    heal() {},
    allowed: ["Couldn't reach, Retry", 'Done'],
  },
  {
    id: 'lost-answer',
    label: 'Written, then the answer cut off',
    boundMs: 8_000,
    arm: (w, a) => simOf(w, a.target).network.next({ ...match(a.target), fault: { kind: 'cut' } }),
    heal() {},
    allowed: ["Couldn't reach, Retry", 'Done'],
  },
  {
    id: 'html-login',
    label: 'HTML sign-in page with 200',
    boundMs: 8_000,
    arm: (w, a) => simOf(w, a.target).network.next({ ...match(a.target), fault: { kind: 'html-login' } }),
    heal() {},
    // a browser session renews itself when it can (authorized-fetch.ts): then the action simply succeeds
    allowed: ['Needs sign-in, Reconnect', "Couldn't reach, Retry", 'Done'],
  },
  {
    id: 'signed-out',
    label: 'Sign-in expired mid-request (401)',
    boundMs: 8_000,
    arm(w, a) {
      if (a.target.sim === 'sn') w.sims.sn.control.failNext(1, 401, match(a.target));
      else w.sims.mm.control.failNext(1, 401, match(a.target));
    },
    heal() {},
    allowed: ['Needs sign-in, Reconnect', 'Done'],
  },
  {
    id: 'worker-killed',
    label: 'Background worker stopped mid-action',
    boundMs: NEVER_ANSWERS_MS,
    // the request reaches the server and does its work; the worker is stopped before the answer comes
    arm(w, a) {
      markRequests(w, a);
      simOf(w, a.target).network.next({ ...match(a.target), fault: { kind: 'hang' }, when: 'after' });
    },
    async during(w, a) {
      await seen(w, a, mark);
      const page = w.browser.context.pages()[0] ?? (await w.browser.context.newPage());
      const cdp = await w.browser.context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      simOf(w, a.target).network.releaseHung();
    },
    heal() {},
    allowed: ["Couldn't reach, Retry", 'Done'],
  },
  {
    id: 'server-restart',
    label: 'Server restarted mid-flight',
    boundMs: 10_000,
    arm(w, a) {
      markRequests(w, a);
      simOf(w, a.target).network.next({ ...match(a.target), fault: { kind: 'hang' } });
    },
    async during(w, a) {
      await seen(w, a, mark);
      await simOf(w, a.target).restart(1_000);
    },
    heal() {},
    allowed: ["Couldn't reach, Retry", 'Done'],
  },
  {
    id: 'refresh-refused',
    label: 'A refresh that fails (the refresh token expired too)',
    boundMs: 8_000,
    // only the refresh rows' actions meet a refresh grant: elsewhere the connection is a browser session
    appliesTo: (a) => a.id === 'refresh' || a.id === 'mm-refresh',
    // ServiceNow: the refresh token expired (401); Mattermost's do not expire, they go with a revoked grant (404)
    arm: (w, a) => simOf(w, a.target).control.expireAllTokens({ includeRefresh: true }),
    heal() {},
    allowed: ['Needs sign-in, Reconnect'],
  },
  {
    id: 'access-revoked',
    label: 'Site access withdrawn while the tab is open',
    boundMs: 8_000,
    arm: (w, a) => siteAccess(w, a.target, false),
    // the user gives it back (chrome://extensions, or the surface's "Allow access", whose prompt a test can't answer)
    heal: (w, a) => siteAccess(w, a.target, true),
    allowed: ['Needs site access, Allow'],
    says: (a) => namesHost(a.target),
  },
  {
    id: 'other-access-revoked',
    label: "The other site's access withdrawn while the tab is open",
    boundMs: 8_000,
    // only where the action's work crosses sites: the card under a Mattermost post (Mattermost withdrawn, then
    // ServiceNow read), a ServiceNow lookup from Mattermost's message box, a Mattermost reply after a ServiceNow write
    appliesTo: (a) => !!a.other,
    arm: (w, a) => siteAccess(w, a.other!, false),
    heal: (w, a) => siteAccess(w, a.other!, true),
    allowed: ['Needs site access, Allow'],
    says: (a) => namesHost(a.other!),
  },
  {
    id: 'offline',
    label: 'Offline, then back',
    boundMs: 8_000,
    // a card is read as its channel opens, and offline the channel cannot open: the card has no offline of its own
    appliesTo: (a) => a.id !== 'card' && a.id !== 'mm-refresh',
    arm: (w) => w.browser.context.setOffline(true),
    heal: (w) => w.browser.context.setOffline(false),
    allowed: ["Couldn't reach, Retry"],
  },
  {
    id: 'slow',
    label: 'Answer 10× slower than usual',
    boundMs: 15_000,
    arm: (w, a) => simOf(w, a.target).network.next({ ...match(a.target), fault: { kind: 'slow', ms: slowMs.get(a.id) ?? 2_000 } }),
    heal() {},
    allowed: ['Done'],
  },
];

/** 9× the action's own time in the baseline cell: with the usual time on top, 10× slower. */
export const slowMs = new Map<string, number>();
