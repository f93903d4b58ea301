// Issue 6's benchmark: record cards in a simulated Mattermost channel, in real Chromium with the built extension.
import type { Page } from 'playwright-core';
import { HOSTS, SN_USERS } from '../../sim/fixtures';
import { median, type BenchContext, type BenchRow } from './types';
import { closedShadow } from '../../e2e/closed-shadow';

const MM = `https://${HOSTS.mattermost}`;
const LATENCY_MS = 100;
/**
 * Mattermost's API latency (0, as the figures before it were taken; BENCH_MM_LATENCY_MS to set one): a post seen for
 * the first time is read from Mattermost before ServiceNow, so a first visit costs one more Mattermost round trip.
 */
const MM_LATENCY_MS = Number(process.env.BENCH_MM_LATENCY_MS ?? 0);
const REVISITS = 5;
const CARD_TABLES = ['incident', 'problem', 'change_request', 'sc_req_item', 'sc_task', 'kb_knowledge'];


/** NowBridge is running and the current channel's cards are done: what follows measures the next channel only. */
async function settle(page: Page): Promise<void> {
  await page.locator('html[data-nowbridge="mattermost"] [id^="post_"].post[data-nowbridge-seen]').first().waitFor({ state: 'attached' });
  const sh = closedShadow(page);
  const loaded = (root: ShadowRoot) => !root.querySelector('[aria-busy="true"]') && !!root.querySelector('article');
  await sh.until(async () => (await sh.inRoots('nowbridge-cards', loaded)).every(Boolean), { timeoutMs: 30_000 });
}

/**
 * From the moment posts are in the list until every mounted post's cards have loaded, on the page's clock. The start
 * is the first animation frame with a post. The end is seen from inside the closed card roots: they are handed to
 * an in-page function through the DevTools protocol (closed-shadow.ts) that watches them with MutationObservers and
 * stamps the moment the last card lands. If they had all landed before it was attached, the stamp is that moment
 * (late by one protocol round trip); if more hosts appear meanwhile, it starts again with them.
 */
async function timeToCards(page: Page, navigate: string): Promise<{ ms: number; cards: number }> {
  const sh = closedShadow(page);
  await page.evaluate(async (path) => {
    const w = window as unknown as { __sim: { navigate(p: string, push: boolean): Promise<void> }; benchT0: number };
    w.benchT0 = 0;
    const tick = () => {
      if (document.querySelector('#postListContent [id^="post_"]')) w.benchT0 = performance.now();
      else requestAnimationFrame(tick);
    };
    document.querySelector('#postListContent')?.remove(); // so t0 marks the new list
    requestAnimationFrame(tick);
    await w.__sim.navigate(path, true);
  }, navigate);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    // A host can vanish between two protocol calls (the list unmounts and remounts rows): that is a "not yet".
    const got = await sh.withRoots('nowbridge-cards', (roots) =>
      new Promise<{ ms: number; cards: number } | null>((resolve) => {
        const t0 = (window as unknown as { benchT0: number }).benchT0;
        if (!roots.length || !t0) return resolve(null);
        const observers: MutationObserver[] = [];
        const finish = (v: { ms: number; cards: number } | null) => {
          for (const o of observers) o.disconnect();
          resolve(v);
        };
        const check = () => {
          if (document.querySelectorAll('nowbridge-cards').length !== roots.length) return finish(null); // more hosts: again
          const counts = roots.map((r) => (r.querySelector('[aria-busy="true"]') || !r.querySelector('article') ? -1 : r.querySelectorAll('article').length));
          if (counts.every((n) => n >= 0)) finish({ ms: performance.now() - t0, cards: counts.reduce((a, b) => a + b, 0) });
        };
        for (const target of [...roots, document.body]) {
          const o = new MutationObserver(check);
          o.observe(target, { childList: true, subtree: true, attributes: true, characterData: true });
          observers.push(o);
        }
        setTimeout(() => finish(null), 10_000);
        check();
      }),
    ).catch((err: Error) => {
      if (/Could not find node|No node with given id/.test(err.message)) return null;
      throw err;
    });
    if (got) return got;
  }
  throw new Error(`cards of ${navigate} did not load in 30 s`);
}

/**
 * `count` distinct records the viewer (beth) can read, spread over the card tables, every other one linked by
 * number (`….do?sysparm_query=number=…`) rather than by sys_id: one request per table must carry both kinds.
 */
export function readableRefs(sims: BenchContext['sims'], count: number) {
  const beth = sims.sn.store.userByName(SN_USERS.agent.user_name)!;
  const readable = (table: string) => sims.sn.store.scan(table).filter((r) => sims.sn.store.read(table, r.sys_id!, beth));
  return CARD_TABLES.flatMap((table, t) => {
    const n = Math.floor(count / CARD_TABLES.length) + (t < count % CARD_TABLES.length ? 1 : 0);
    const rows = readable(table).slice(0, n);
    if (rows.length < n) throw new Error(`the simulator has only ${rows.length} ${table} records beth can read`);
    return rows.map((r, i) => (i % 2 ? { table, number: String(r.number) } : { table, sys_id: r.sys_id! }));
  });
}

export async function benchUnfurl(ctx: BenchContext): Promise<BenchRow[]> {
  const { sims } = ctx;
  const refs = readableRefs(sims, 100);
  const big = sims.mm.control.seedLargeChannel({ posts: 300, refs, name: 'bench-cards' });
  const SCAN_RUNS = 5;
  for (let i = 0; i < SCAN_RUNS; i++) sims.mm.control.seedLargeChannel({ posts: 1000, refs: 0, name: `bench-scan-${i}` });
  sims.sn.control.setFaults({ latencyMs: LATENCY_MS });
  sims.mm.control.setFaults({ latencyMs: MM_LATENCY_MS });

  const browser = await ctx.launch();
  try {
    await ctx.connect(browser);
    const page = await browser.context.newPage();
    // A window tall enough that the virtualised list mounts the whole channel at once: "all cards" are all in the DOM.
    await page.setViewportSize({ width: 1280, height: 60_000 });
    await page.goto(`${MM}/ops/channels/town-square`);
    await page.locator('[id^="post_"]').first().waitFor();
    const snCalls = () => sims.sn.requests.filter((r) => r.pathname.startsWith('/api/now/table/') && !r.pathname.endsWith('/sys_number')).length;
    // Each batch's posts are checked against Mattermost's copy before ServiceNow is read (post-check.ts).
    const mmCalls = () => sims.mm.requests.filter((r) => r.method === 'POST' && r.pathname.endsWith('/api/v4/posts/ids')).length;

    await settle(page);
    const before = snCalls();
    const mmBefore = mmCalls();
    const all = await timeToCards(page, `/ops/channels/${big.channel.name}`);
    const requestsForAll = snCalls() - before;
    const mmRequestsForAll = mmCalls() - mmBefore;
    await settle(page);
    const withCards = new Set(
      (await closedShadow(page).inRoots('nowbridge-cards', (root) => (root.querySelector('article') ? (root.host.closest('.post')?.id ?? '') : ''))).filter(Boolean),
    );
    const shown = big.references.filter((r) => withCards.has(`post_${r.postId}`)).length;

    // Visible cards, first visit, an ordinary window: a fresh profile so nothing is cached.
    const browser2 = await ctx.launch();
    let visible: { ms: number; cards: number };
    const revisits: { ms: number; cards: number }[] = [];
    let revisitRequests: number;
    let revisitMm: number;
    let visibleMm: number;
    try {
      await ctx.connect(browser2);
      const p2 = await browser2.context.newPage();
      await p2.setViewportSize({ width: 1280, height: 800 });
      await p2.goto(`${MM}/ops/channels/town-square`);
      await settle(p2);
      const m2 = mmCalls();
      visible = await timeToCards(p2, `/ops/channels/${big.channel.name}`);
      if (process.env.BENCH_TRACE) console.error('first visit', Date.now());
      visibleMm = mmCalls() - m2;
      // Revisit within freshness: another channel, then back — in a new tab, so only the background's cache helps.
      // Several times, each in a new tab (the median counts: one sample on a busy 2-core machine says little).
      const b = snCalls();
      const m3 = mmCalls();
      for (let i = 0; i < REVISITS; i++) {
        const p3 = await browser2.context.newPage();
        await p3.setViewportSize({ width: 1280, height: 800 });
        await p3.goto(`${MM}/ops/channels/town-square`);
        await settle(p3);
        const [sn0, mm0] = [snCalls(), mmCalls()];
        revisits.push(await timeToCards(p3, `/ops/channels/${big.channel.name}`));
        if (process.env.BENCH_TRACE) console.error('revisit', i, Date.now(), snCalls() - sn0, mmCalls() - mm0);
        await p3.close();
      }
      revisitRequests = snCalls() - b;
      revisitMm = mmCalls() - m3;
    } finally {
      await browser2.close();
    }

    // Scanning 1,000 posts: the content script's own time per frame, as it reports it in the e2e build. Three
    // channels, the median run reported: a 2-core machine running other work makes single runs noisy.
    let scans: number[] = [];
    page.on('console', (m) => {
      const hit = /^NowBridge scan posts=(\d+) ms=([\d.]+)/.exec(m.text());
      if (hit) scans.push(Number(hit[2]));
    });
    sims.sn.control.setFaults({ latencyMs: 0 });
    sims.mm.control.setFaults({ latencyMs: 0 });
    await page.setViewportSize({ width: 1280, height: 120_000 });
    const runs: { total: number; frames: number; longest: number; over: number }[] = [];
    let mounted = 0;
    for (let i = 0; i < SCAN_RUNS; i++) {
      scans = [];
      await page.evaluate((path) => (window as unknown as { __sim: { navigate(p: string, push: boolean): Promise<void> } }).__sim.navigate(path, true), `/ops/channels/bench-scan-${i}`);
      await page.waitForFunction(() => document.querySelectorAll('[id^="post_"].post[data-nowbridge-seen]').length >= 1000, undefined, { timeout: 30_000 });
      mounted = await page.locator('[id^="post_"].post').count();
      runs.push({ total: scans.reduce((a, b) => a + b, 0), frames: scans.length, longest: Math.max(0, ...scans), over: scans.filter((x) => x > 8).length });
    }
    runs.sort((a, b) => a.total - b.total);
    const middle = runs[Math.floor(runs.length / 2)]!;

    return [
      {
        name: `ServiceNow requests to render all 100 cards (300 posts; ${CARD_TABLES.length} tables, by sys_id and by number)`,
        value: requestsForAll,
        unit: 'requests',
        // one per table: sys_ids and numbers together (lib/servicenow/records.ts); two per table before issue 11
        target: CARD_TABLES.length,
        baseline: 100,
        note: `${shown} of ${big.references.length} referencing posts carry their card; ${all.cards} cards had rendered when the first full pass ended`,
      },
      { name: 'Mattermost POST /posts/ids requests for those 300 posts', value: mmRequestsForAll, unit: 'requests', target: 3, note: 'posts checked against the server copy before any ServiceNow read' },
      { name: 'Posts in DOM → every visible card rendered (first visit)', value: Math.round(visible.ms), unit: 'ms', target: LATENCY_MS + 150, note: `${visible.cards} cards, ServiceNow latency ${LATENCY_MS} ms, Mattermost ${MM_LATENCY_MS} ms; ${visibleMm} posts/ids request(s)` },
      {
        name: `Content-script time to scan ${mounted} posts`,
        value: +middle.total.toFixed(1),
        unit: 'ms',
        target: 20,
        note: `median of ${SCAN_RUNS} channels: ${runs.map((r) => r.total.toFixed(1)).join(', ')} ms; ${middle.frames} frame(s)`,
      },
      {
        // issue 10: the shared observer slices the work so that no NowBridge task holds the page longer than 8 ms
        name: 'Longest content-script slice while scanning (median of the channels)',
        value: +median(runs.map((r) => r.longest)).toFixed(1),
        unit: 'ms',
        target: 8,
        note: `per channel ${runs.map((r) => r.longest.toFixed(1)).join(', ')} ms; ${runs.reduce((n, r) => n + r.over, 0)} of ${runs.reduce((n, r) => n + r.frames, 0)} slices over 8 ms`,
      },
      { name: 'Revisit within freshness: ServiceNow requests', value: revisitRequests, unit: 'requests', target: 0 },
      { name: 'Revisit within freshness: Mattermost requests', value: revisitMm, unit: 'requests', target: 0 },
      {
        name: `Revisit within freshness: posts in DOM → all cards (median of ${REVISITS})`,
        value: Math.round(median(revisits.map((r) => r.ms))),
        unit: 'ms',
        target: 50,
        note: `${revisits[0]!.cards} cards; runs ${revisits.map((r) => Math.round(r.ms)).join(', ')}`,
      },
    ];
  } finally {
    sims.sn.control.setFaults({ latencyMs: 0 });
    sims.mm.control.setFaults({ latencyMs: 0 });
    await browser.close();
  }
}
