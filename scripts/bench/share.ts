// Issue 10's benchmark: the share dialog on a ServiceNow classic form, from the user's click on "Post to
// Mattermost" until the dialog is usable: the Channel box has focus and the record card shows the record.
// It finds the dialog wherever NowBridge draws it (the page's shadow DOM before issue 10, an extension frame since).
// A person's pointer rests on a button before clicking it, and NowBridge loads the dialog during that rest
// (lib/content/servicenow/share-prewarm.ts): "straight away" is the worst case (a click with no rest, as only a
// script clicks), "after a pointer rest" the usual one, for a first and a second open.
import type { Frame, Page } from 'playwright-core';
import { HOSTS, SN_RECORDS } from '../../sim/fixtures';
import type { BenchContext, BenchRow } from './types';

const SN = `https://${HOSTS.servicenow}`;
const RUNS = 7;

/** The frame that holds the share dialog: an extension frame if there is one, else the page itself. */
function dialogFrame(page: Page): Frame {
  return page.frames().find((f) => /^chrome-extension:\/\/[^/]+\/frame\.html/.test(f.url())) ?? page.mainFrame();
}

/**
 * Clicks the button as a user would (a trusted click) and resolves with the ms from the click until the dialog is
 * usable. `hoverMs`: how long the pointer rests on the button first, as a person's does before a click.
 */
async function clickToUsable(page: Page, number: string, hoverMs = 0): Promise<number> {
  const button = page.getByRole('button', { name: 'Post to Mattermost' });
  await button.waitFor();
  const box = (await button.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  if (hoverMs) await page.waitForTimeout(hoverMs);
  const t0 = performance.now();
  await page.mouse.down();
  await page.mouse.up();
  for (;;) {
    const frame = dialogFrame(page);
    const dialog = frame.getByRole('dialog', { name: 'Share to Mattermost' });
    const usable = await dialog
      .evaluate(
        (el, num) => {
          const active = (el.getRootNode() as Document | ShadowRoot).activeElement;
          const focused = active?.getAttribute('role') === 'combobox' && el.contains(active);
          const card = el.querySelector('article');
          return !!(focused && card && !card.closest('[aria-busy="true"]') && card.textContent?.includes(num));
        },
        number,
        { timeout: 50 },
      )
      .catch(() => false);
    if (usable) return performance.now() - t0;
    if (performance.now() - t0 > 10_000) {
      const state = await dialog.evaluate((el) => ({ active: (el.getRootNode() as Document).activeElement?.outerHTML.slice(0, 80), card: el.querySelector('article')?.outerHTML.slice(0, 200) })).catch((e) => String(e));
      throw new Error(`the share dialog never became usable: ${JSON.stringify(state)}; frames ${page.frames().map((f) => f.url()).join(' ')}`);
    }
    await page.waitForTimeout(2);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
    const away = async (): Promise<void> => {
      await page.keyboard.press('Escape');
      // A dialog loaded again for the next click stays transparent (lib/content/servicenow/share-prewarm.ts).
      // Only once the frame is gone: a mouse event CDP dispatches into a frame that is being removed is never
      // acknowledged, and Playwright's mouse.move then waits forever (a test-driver artefact; the page is fine).
      await page.waitForFunction(() => ![...document.querySelectorAll<HTMLElement>('nowbridge-frame, nowbridge-share-dialog')].some((el) => el.style.opacity !== '0'), undefined, { timeout: 5000 }).catch(() => {
        throw new Error('Esc did not close the share dialog');
      });
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
    const sample = async (into: number[], what: string, hoverMs = 0) => {
      into.push(await clickToUsable(page, incident.number, hoverMs));
      trace(what);
      await away();
    };
    for (let i = 0; i < RUNS; i++) {
      await freshTab();
      await sample(cold, `run ${i}: first open, straight away`);
      await sample(again, `run ${i}: second open`, 150);
      await freshTab();
      await sample(hovered, `run ${i}: first open after a rest`, 150);
    }
    const spread = (xs: number[]) => `runs ${xs.map(Math.round).join(', ')}`;
    return [
      {
        name: 'Share dialog: click to usable, first open on a page, clicked straight away (median of 7)',
        value: Math.round(median(cold)),
        unit: 'ms',
        target: 250,
        note: spread(cold),
      },
      {
        name: 'Share dialog: click to usable, first open, the pointer on the button 150 ms before the click (median of 7)',
        value: Math.round(median(hovered)),
        unit: 'ms',
        // issue 10: no slower than the in-page dialog it replaced (68 ms median, same bench, 2026-12-01)
        target: 68,
        baseline: 68,
        note: spread(hovered),
      },
      {
        name: 'Share dialog: click to usable, second open on the same page, the pointer on the button 150 ms before the click (median of 7)',
        value: Math.round(median(again)),
        unit: 'ms',
        target: 150,
        note: spread(again),
      },
    ];
  } finally {
    // A failed close must not hide why the run failed.
    await browser.close().catch(() => undefined);
  }
}
