// Issue 15: a search typed while ServiceNow rate-limits the user. The instance's rule answers every Table API call
// with 429 (Retry-After to the window's end, X-RateLimit-Reset its epoch) until the window ends; the user types a
// word, then another. Counted: the requests that reached the instance during the limit (each one spends quota and
// earns another 429), and the time from the limit's end to the results on screen, with nothing typed again.
import type { Page } from 'playwright-core';
import { SN_USERS } from '../../sim/fixtures';
import type { BenchContext, BenchRow } from './types';

/** the rule's window, s: short enough to watch it end (sim/servicenow/rate-limit.ts windowSec) */
const WINDOW_S = 6;
const KEY_DELAY_MS = 80;

const shownFor = (page: Page, word: string) =>
  page.waitForFunction(
    (text) => {
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Search ServiceNow"]');
      const body = document.querySelector('.nb-body');
      // results, or "no records match": not the notice that it will search again
      const answer = body?.querySelector('.nb-opt, .nb-state');
      return !!(input?.value === text && answer && !document.querySelector('[aria-busy="true"]') && !/rate-limiting/.test(answer.textContent ?? ''));
    },
    word,
    { polling: 'raf', timeout: 30_000 },
  );

export async function benchLimitedSearch(ctx: BenchContext): Promise<BenchRow[]> {
  const browser = await ctx.launch();
  try {
    await ctx.connect(browser);
    return await typeDuringLimit(ctx, browser);
  } finally {
    await browser.close();
  }
}

async function typeDuringLimit(ctx: BenchContext, browser: Awaited<ReturnType<BenchContext['launch']>>): Promise<BenchRow[]> {
  const { sims } = ctx;
  const page = await browser.openExtensionPage('popup.html');
  await page.setViewportSize({ width: 520, height: 600 });
  await page.getByRole('listbox', { name: 'Results' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  const box = page.getByRole('combobox', { name: 'Search ServiceNow' });
  const api = () => sims.sn.requests.filter((r) => r.pathname.startsWith('/api/now/'));

  // the limit starts 100 ms into a window and lasts to its end
  const windowMs = WINDOW_S * 1000;
  await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 100));
  const endsAt = Math.ceil(Date.now() / windowMs) * windowMs;
  sims.sn.control.setRateLimitRule({ perHour: 0, user: SN_USERS.agent.user_name, windowSec: WINDOW_S });
  // the window ends: the next one has the user's quota again (a moment early, so nothing races the end)
  const lifted = new Promise<void>((r) => setTimeout(() => (sims.sn.control.setRateLimitRule(undefined), r()), endsAt - Date.now() - 50));
  const before = api().length;

  await box.fill('');
  await box.pressSequentially('connection', { delay: KEY_DELAY_MS }); // 10 characters
  // the user reads what it says, then changes the word
  const said = (await page.getByRole('status').filter({ hasText: 'rate-limiting' }).textContent({ timeout: 5_000 }).catch(() => ''))?.trim() ?? '';
  await box.fill('');
  await box.pressSequentially('printer', { delay: KEY_DELAY_MS });
  await lifted;
  const duringLimit = api().slice(before).filter((r) => r.at < endsAt);
  await shownFor(page, 'printer');
  const shownAt = Date.now();
  const all = api().length - before;
  const answered = await page.locator('.nb-body').textContent();
  await page.close();
  if (!/printer/i.test(answered ?? '') && !/No results/i.test(answered ?? '')) throw new Error(`after the limit the popup showed: ${answered}`);

  return [
    {
      name: 'ServiceNow requests while rate-limited, the user typing two words (10 and 7 characters at 80 ms per key)',
      value: duringLimit.length,
      unit: 'requests',
      target: 2,
      baseline: 8,
      note: `${duringLimit.map((r) => r.status).join(', ')}: the first word's task + knowledge reads learn of the limit, then every caller waits for its end; naive: both words' reads and two retries each. Meanwhile the popup said “${said || '(nothing)'}”`,
    },
    { name: 'The limit ends → the second word’s results on screen, nothing typed again', value: Math.max(0, shownAt - endsAt), unit: 'ms', target: 1500, note: `${all} requests in all; Retry-After is whole seconds, so the wait may end up to 1 s after the window` },
  ];
}
