import type { BrowserContext } from 'playwright-core';
import { HOSTS, MM_USERS, SN_USERS } from '../sim/fixtures';
import { start as startMattermost, type StartOptions as MmOptions } from '../sim/mattermost';
import { start as startServiceNow } from '../sim/servicenow';
import type { StartOptions as SnOptions } from '../sim/servicenow/app';
import { startPageServer } from './page-server';
import { testTls } from './world';

const portOf = (origin: string) => Number(new URL(origin).port);

/**
 * Both simulators and a plain site, on loopback with TLS. One ServiceNow simulator answers for the SaaS
 * name and the custom domain alike; `hosts` maps every name to its server for Chromium.
 */
export async function startSims(opts: { sn?: SnOptions; mm?: MmOptions } = {}) {
  const tls = testTls();
  const [sn, mm, pages] = await Promise.all([
    startServiceNow({ ...opts.sn, tls }),
    startMattermost({ ...opts.mm, tls }),
    startPageServer(tls),
  ]);
  const hosts: Record<string, number> = {
    [HOSTS.servicenow]: portOf(sn.origin),
    [HOSTS.servicenowCustom]: portOf(sn.origin),
    [HOSTS.mattermost]: portOf(mm.origin),
    [HOSTS.unrelated]: pages.port,
    [HOSTS.notMattermost]: pages.port,
  };
  return {
    sn,
    mm,
    pages,
    hosts,
    async stop() {
      await Promise.all([sn.stop(), mm.stop(), pages.stop()]);
    },
  };
}
export type Sims = Awaited<ReturnType<typeof startSims>>;

/** Signs the browser in to a simulator as if the user had used its login page (cookies on the public host). */
export async function signInBrowser(context: BrowserContext, host: string, cookies: { name: string; value: string }[], path = '/') {
  await context.addCookies(
    cookies.map((c) => ({ name: c.name, value: c.value, domain: host, path, secure: true, httpOnly: c.name !== 'MMCSRF' && c.name !== 'MMUSERID' })),
  );
}

/** Saves settings the way the options page does, then waits until the background has registered scripts. */
export async function configureSites(
  worker: import('playwright-core').Worker,
  sites: { servicenow?: string[]; mattermost?: string[] },
): Promise<void> {
  const settings = {
    servicenow: (sites.servicenow ?? []).map((base) => ({ base })),
    mattermost: (sites.mattermost ?? []).map((base) => ({ base })),
  };
  await worker.evaluate(async (s) => {
    await chrome.storage.local.set({ settings: s });
  }, settings);
  const want = [sites.servicenow?.length ? 'nb-servicenow' : '', sites.mattermost?.length ? 'nb-mattermost' : ''].filter(Boolean).sort();
  for (let i = 0; i < 200; i++) {
    const ids = await worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id).sort());
    if (JSON.stringify(ids) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('content scripts were not registered');
}

/**
 * The usual start of a feature test: the sites configured, the browser signed in to each (as Beth unless `as`
 * names someone else, through cookies as if they had used the login pages), and every site connected by Browser session.
 */
export async function signInAndConnect(
  browser: import('./browser').ExtensionBrowser,
  sims: Sims,
  sites: { servicenow: string[]; mattermost: string[] },
  as: { servicenow: string; mattermost: string } = { servicenow: SN_USERS.agent.user_name, mattermost: MM_USERS.agent.username },
): Promise<void> {
  await configureSites(browser.worker, sites);
  for (const base of sites.servicenow) {
    await signInBrowser(browser.context, new URL(base).host, sims.sn.control.signIn(as.servicenow).cookies);
  }
  for (const base of sites.mattermost) {
    const mm = sims.mm.control.signIn(as.mattermost);
    await signInBrowser(browser.context, new URL(base).host, Object.entries(mm.cookies).map(([name, value]) => ({ name, value })));
  }
  const options = await browser.openExtensionPage('options.html');
  const all = [...sites.servicenow.map((b) => ['servicenow', b] as const), ...sites.mattermost.map((b) => ['mattermost', b] as const)];
  for (const [product, base] of all) {
    const r = await options.evaluate((req) => chrome.runtime.sendMessage(req), { type: 'connection/connect', product, base, method: 'session' });
    if (!r?.ok) throw new Error(`could not connect ${base}: ${r?.error}`);
  }
  await options.close();
}
