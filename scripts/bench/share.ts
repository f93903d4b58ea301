// Issue 10's benchmark: the share dialog on a ServiceNow classic form, from the user's click on "Post to
// Mattermost" until the dialog is usable: the Channel box has focus and the record card shows the record.
// It finds the dialog wherever NowBridge draws it (the page's shadow DOM before issue 10, an extension frame since).
// A person's pointer rests on a button before clicking it, and NowBridge loads the dialog during that rest
// (lib/content/servicenow/share-prewarm.ts): "straight away" is the worst case (a click with no rest, as only a
// script clicks), "after a pointer rest" the usual one, for a first and a second open.
import type { Frame, Page } from 'playwright-core';
import { HOSTS, SN_RECORDS } from '../../sim/fixtures';
import { median, type BenchContext, type BenchRow } from './types';

const SN = `https://${HOSTS.servicenow}`;
const RUNS = 7;
/** the in-page dialog before issue 10, opened by Alt+Shift+M, measured the same way (see the rows below) */
const KEYED_BASELINE = 38;

const FRAME_URL = /^chrome-extension:\/\/[^/]+\/frame\.html/;

/**
 * In one document, the moment the share dialog in it became usable (epoch ms, as the browser's clock reads it),
 * checked once per animation frame, i.e. as the user sees it; false while it is not; 'stopped' once the bench has
 * its figure. It looks in the document and its open shadow roots (before issue 10 the dialog was in the page's
 * shadow DOM). No named inner functions: the bench runs under tsx, whose helpers do not exist in the page.
 */
function usableAt(number: string): number | 'stopped' | false {
  if ((window as { benchStop?: boolean }).benchStop) return 'stopped';
  const roots: (Document | ShadowRoot)[] = [document];
  for (let i = 0; i < roots.length; i++) for (const el of roots[i]!.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  for (const el of roots.flatMap((root) => [...root.querySelectorAll('[role="dialog"]')])) {
    if (!el.textContent?.includes('Share to Mattermost')) continue;
    const active = (el.getRootNode() as Document | ShadowRoot).activeElement;
    const card = el.querySelector('article');
    if (active?.getAttribute('role') === 'combobox' && el.contains(active) && card && !card.closest('[aria-busy="true"]') && card.textContent?.includes(number)) {
      return performance.timeOrigin + performance.now();
    }
  }
  return false;
}

/** How the user opens the dialog: a click after the pointer rested on the button, or Alt+Shift held, then M. */
type Opening = { click: { hoverMs: number } } | { shortcut: { holdMs: number } };

/**
 * Opens the dialog as a user would (trusted input) and resolves with the ms from the click (or the M of
 * Alt+Shift+M) until the dialog is usable: the Channel box has focus and the card shows the record. Both moments
 * are the browser's own (the event's timestamp, and the first animation frame with the dialog usable, watched from
 * before the click in every document that has or gets it), so the test driver's round trips, which differ between
 * a dialog in the page and one in a frame, are not counted.
 * `hoverMs`: how long the pointer rests on the button first, as a person's does before a click; `holdMs`: how long
 * Alt+Shift are held before the M.
 */
async function openToUsable(page: Page, number: string, how: Opening): Promise<number> {
  const button = page.getByRole('button', { name: 'Post to Mattermost' });
  await button.waitFor();
  const box = (await button.boundingBox())!;
  await page.evaluate((type) => {
    (window as { benchStop?: boolean }).benchStop = false;
    // (no named inner functions here either)
    addEventListener(
      type,
      (e) => {
        if (type === 'click' || (e as KeyboardEvent).code === 'KeyM') (window as { benchAct?: number }).benchAct = performance.timeOrigin + e.timeStamp;
      },
      { capture: true, once: type === 'click' },
    );
  }, 'click' in how ? 'click' : 'keydown');
  if ('click' in how) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    if (how.click.hoverMs) await page.waitForTimeout(how.click.hoverMs);
  } else {
    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.waitForTimeout(how.shortcut.holdMs);
  }

  let found!: (at: number) => void;
  const first = new Promise<number>((resolve) => (found = resolve));
  const watched = new Set<Frame>();
  const watch = (frame: Frame) => {
    if (watched.has(frame)) return;
    watched.add(frame);
    frame
      .waitForFunction(usableAt, number, { polling: 'raf', timeout: 10_000 })
      .then((h) => h.jsonValue())
      .then((at) => typeof at === 'number' && found(at), () => undefined);
  };
  const onFrame = (frame: Frame) => FRAME_URL.test(frame.url()) && watch(frame);
  page.on('framenavigated', onFrame);
  watch(page.mainFrame());
  page.frames().forEach(onFrame); // the dialog loaded during the pointer rest (or Alt+Shift) is there already
  try {
    if ('click' in how) {
      await page.mouse.down();
      await page.mouse.up();
    } else {
      await page.keyboard.press('KeyM');
      await page.keyboard.up('Shift');
      await page.keyboard.up('Alt');
    }
    const at = await Promise.race([first, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the share dialog never became usable')), 10_000))]);
    const act = await page.evaluate(() => (window as { benchAct?: number }).benchAct);
    if (!act) throw new Error('the click or key never reached the page');
    return at - act;
  } finally {
    page.off('framenavigated', onFrame);
    await Promise.all([...watched].map((f) => f.evaluate(() => ((window as { benchStop?: boolean }).benchStop = true)).catch(() => undefined)));
  }
}


export async function benchShare(ctx: BenchContext): Promise<BenchRow[]> {
  const browser = await ctx.launch();
  try {
    await ctx.connect(browser);
    const { incident } = SN_RECORDS;
    const page = await browser.context.newPage();
    page.on('crash', () => console.log('bench page crashed'));
    const cold: number[] = [];
    const hovered: number[] = [];
    const again: number[] = [];
    const keyed: number[] = [];
    const away = async (): Promise<void> => {
      // Esc down closes the dialog; the key goes up, and the pointer moves, only once its frame is gone: an input
      // event CDP dispatches into a frame that is being removed is never acknowledged, and Playwright's
      // keyboard.up or mouse.move then waits forever (a test-driver artefact; the page is fine).
      // A dialog loaded again for the next click stays transparent (lib/content/servicenow/share-prewarm.ts).
      await page.keyboard.down('Escape');
      await page.waitForFunction(() => ![...document.querySelectorAll<HTMLElement>('nowbridge-frame, nowbridge-share-dialog')].some((el) => el.style.opacity !== '0'), undefined, { timeout: 5000 }).catch(() => {
        throw new Error('Esc did not close the share dialog');
      });
      await page.keyboard.up('Escape');
      await page.mouse.move(1, 1);
    };
    // A fresh page for each first open (the first open on a page is the one users wait for): a new document with
    // NowBridge's content script started anew. The tab is reused: headless Chromium has closed bench tabs it was
    // not asked to close when they were opened and closed in quick succession.
    const freshTab = async () => {
      await page.goto('about:blank');
      await page.goto(`${SN}/incident.do?sys_id=${incident.sys_id}`);
    };
    const trace = (what: string) => process.env.BENCH_TRACE && console.error(new Date().toISOString(), what);
    const sample = async (into: number[], what: string, how: Opening) => {
      into.push(await openToUsable(page, incident.number, how));
      trace(what);
      await away();
    };
    for (let i = 0; i < RUNS; i++) {
      await freshTab();
      await sample(cold, `run ${i}: first open, straight away`, { click: { hoverMs: 0 } });
      await sample(again, `run ${i}: second open`, { click: { hoverMs: 150 } });
      await freshTab();
      await sample(hovered, `run ${i}: first open after a rest`, { click: { hoverMs: 150 } });
      await freshTab();
      await sample(keyed, `run ${i}: first open by Alt+Shift+M`, { shortcut: { holdMs: 100 } });
    }
    const spread = (xs: number[]) => `runs ${xs.map(Math.round).join(', ')}`;
    // The in-page dialog this frame replaced (issue 10), measured the same way on its last commit (9313887,
    // 2026-12-02, this machine): first open 35 ms clicked straight away (runs 127, 43, 27, 47, 35, 24, 29), 30 ms
    // after a pointer rest (26, 30, 35, 30, 28, 32, 28), second open 28 ms; by Alt+Shift+M 38 ms (27, 30, 41, 38, 41,
    // 39, 31). A second run: 29, 27, 26 ms.
    return [
      {
        name: 'Share dialog: click to usable, first open on a page, clicked straight away (median of 7)',
        value: Math.round(median(cold)),
        unit: 'ms',
        // the frame's document must load first: only a click with no pointer rest (a script's) pays for it all
        target: 150,
        baseline: 35,
        note: spread(cold),
      },
      {
        name: 'Share dialog: click to usable, first open, the pointer on the button 150 ms before the click (median of 7)',
        value: Math.round(median(hovered)),
        unit: 'ms',
        // issue 10: no slower than the in-page dialog it replaced
        target: 30,
        baseline: 30,
        note: spread(hovered),
      },
      {
        name: 'Share dialog: Alt+Shift+M to usable, first open, the M 100 ms after Alt+Shift (median of 7)',
        value: Math.round(median(keyed)),
        unit: 'ms',
        target: KEYED_BASELINE,
        baseline: KEYED_BASELINE,
        note: spread(keyed),
      },
      {
        name: 'Share dialog: click to usable, second open on the same page, the pointer on the button 150 ms before the click (median of 7)',
        value: Math.round(median(again)),
        unit: 'ms',
        target: 28,
        baseline: 28,
        note: spread(again),
      },
    ];
  } finally {
    // A failed close must not hide why the run failed.
    await browser.close().catch(() => undefined);
  }
}
