// Issue 12's benchmark: the record panel. (a) From the click on a card's "More" until the panel's Activity list
// shows, with the simulator's round trip set to LATENCY_MS and measured in the same run; (b) the ServiceNow
// requests issued until then, and whether they went in parallel; (c) a comment's write until every card for
// the record in the tab shows the new "updated": writes and card reads.
import type { Frame, Page } from 'playwright-core';
import { closedShadow, cardsOf } from '../../e2e/closed-shadow';
import { showPost } from '../../e2e/mattermost-page';
import { HOSTS, SN_RECORDS } from '../../sim/fixtures';
import { SEEDED_REFERENCES } from '../../sim/mattermost';
import { median, type BenchContext, type BenchRow } from './types';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
const LATENCY_MS = 150;
const RUNS = 7;
const FRAME_URL = /^chrome-extension:\/\/[^/]+\/frame\.html/;


/** The moment (epoch ms, the browser's clock) the frame's Activity list shows entries; checked every animation frame. */
function activityAt(): number | false {
  return document.querySelector('[aria-label="Activity"] li') ? performance.timeOrigin + performance.now() : false;
}

/** Clicks More on the card and resolves with the ms from the click (its event time) to Activity visible. */
async function openToActivity(page: Page, postId: string): Promise<number> {
  const sh = closedShadow(page);
  const hosts = cardsOf(postId, 'post');
  await page.evaluate(() => addEventListener('click', (e) => ((window as { benchAct?: number }).benchAct = performance.timeOrigin + e.timeStamp), { capture: true, once: true }));
  let found!: (at: number) => void;
  const first = new Promise<number>((resolve) => (found = resolve));
  const onFrame = (frame: Frame) => {
    if (!FRAME_URL.test(frame.url())) return;
    frame.waitForFunction(activityAt, undefined, { polling: 'raf', timeout: 10_000 }).then((h) => h.jsonValue()).then((at) => typeof at === 'number' && found(at), () => undefined);
  };
  page.on('framenavigated', onFrame);
  try {
    await sh.click(hosts, { role: 'button', name: 'More' });
    const at = await Promise.race([first, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Activity never showed')), 10_000))]);
    const act = await page.evaluate(() => (window as { benchAct?: number }).benchAct);
    if (!act) throw new Error('the click never reached the page');
    return at - act;
  } finally {
    page.off('framenavigated', onFrame);
  }
}

export async function benchPanel(ctx: BenchContext): Promise<BenchRow[]> {
  const { sims } = ctx;
  const post = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
  const INC = SN_RECORDS.incident;
  const browser = await ctx.launch();
  try {
    await ctx.connect(browser);
    const page = await browser.context.newPage();
    await page.goto(`${MM}/ops/channels/${sims.mm.store.channelById(post.channelId)!.name}`);
    await showPost(page, post.postId);
    const sh = closedShadow(page);
    await sh.until(async () => (await sh.count(cardsOf(post.postId, 'post'), { role: 'button', name: 'More' })) > 0, { message: 'no More button' });
    sims.sn.control.setFaults({ latencyMs: LATENCY_MS });

    // The round trip a ServiceNow request takes in this run, from the same page (opaque, no credentials).
    const trips: number[] = [];
    for (let i = 0; i < 5; i++) {
      trips.push(await page.evaluate(async (url) => {
        const t = performance.now();
        await fetch(url, { mode: 'no-cors', cache: 'no-store' }).catch(() => undefined);
        return performance.now() - t;
      }, `${SN}/nowbridge-bench-ping?${i}`));
    }
    const roundTrip = Math.round(median(trips));

    const times: number[] = [];
    const counts: number[] = [];
    const spreads: number[] = [];
    const api = () => sims.sn.requests.filter((r) => r.pathname.startsWith('/api/now/'));
    for (let i = 0; i < RUNS + 1; i++) {
      const from = api().length;
      const ms = await openToActivity(page, post.postId);
      const issued = api().slice(from);
      // (the first open is the worker learning how this instance serves the journal: reported, not in the median)
      if (i > 0) {
        times.push(ms);
        counts.push(issued.length);
        spreads.push(issued.length ? Math.max(...issued.map((r) => r.at)) - Math.min(...issued.map((r) => r.at)) : 0);
      } else console.log(`  first open (instance not yet learnt): ${Math.round(ms)} ms, ${issued.length} requests`);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('nowbridge-frame'), undefined, { timeout: 5000 });
      // past the background's shared-read window (record-work.ts SHARED_READ_MS): every open pays its own read
      await page.waitForTimeout(1_200);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const spread = `${Math.round(sorted[0]!)}–${Math.round(sorted.at(-1)!)} ms over ${RUNS} opens`;
    const parallel = Math.max(...spreads) < LATENCY_MS;

    // (c) a comment from the panel: until every card for the record in the tab shows the new "updated".
    const updated = async () => (await sh.inRoots(cardsOf(post.postId, 'post'), (r) => r.querySelector('.nb-card__updated time')?.getAttribute('datetime') ?? ''))[0];
    const before = await updated();
    await sh.click(cardsOf(post.postId, 'post'), { role: 'button', name: 'More' });
    const frame = await (async () => {
      for (;;) {
        const f = page.frames().find((x) => FRAME_URL.test(x.url()));
        if (f && (await f.getByRole('textbox', { name: 'Comment' }).count())) return f;
        await page.waitForTimeout(25);
      }
    })();
    const from = sims.sn.requests.length;
    await frame.getByRole('textbox', { name: 'Comment' }).fill(`Bench comment ${Date.now()}`);
    await frame.getByRole('button', { name: 'Add to record' }).click();
    await page.waitForFunction(() => true); // (the tab's cards are read from the closed roots below)
    for (let t = Date.now(); (await updated()) === before; ) {
      if (Date.now() - t > 10_000) throw new Error('the card never updated');
      await page.waitForTimeout(25);
    }
    const after = sims.sn.requests.slice(from).filter((r) => r.pathname.startsWith('/api/now/table/'));
    const writes = after.filter((r) => r.method === 'PATCH').length;
    const cardReads = after.filter((r) => r.method === 'GET' && r.pathname === `/api/now/table/${INC.table}`).length;
    const confirm = after.filter((r) => r.method === 'GET' && r.pathname !== `/api/now/table/${INC.table}`).length;

    return [
      { name: 'Panel open → Activity visible, median', value: Math.round(median(times)), unit: 'ms', target: roundTrip + 100, note: `${spread}; simulated round trip ${roundTrip} ms (latency ${LATENCY_MS} ms), target 1 round trip + 100 ms` },
      { name: 'ServiceNow requests until Activity visible', value: Math.max(...counts), unit: 'requests', target: 2, note: `${parallel ? 'in parallel' : 'NOT in parallel'}: issued within ${Math.round(Math.max(...spreads))} ms of each other; card from the cache` },
      { name: 'Comment → every card for the record updated: writes', value: writes, unit: 'writes', target: 1 },
      { name: 'Comment → every card for the record updated: card reads', value: cardReads, unit: 'reads', target: 1, note: `plus ${confirm} reads the write makes to prove it landed (stamp before, read-back after)` },
    ];
  } finally {
    sims.sn.control.setFaults({ latencyMs: 0 });
    await browser.close();
  }
}
