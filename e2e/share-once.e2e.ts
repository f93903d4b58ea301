/**
 * Posting once against the real server's 30-second pending_post_id window (sim: api/pending-posts.ts), when the
 * first attempt's answer is lost on the way while Mattermost goes on saving.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, SN_RECORDS } from '../sim/fixtures';
import { inFrame } from './frames';
import { browser, sims, useSimsAndBrowser } from './harness';
import { signInAndConnect } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const postsIn = (channelId: string) => sims.mm.control.posts(channelId);
/** what the dialog's alert says ('' while it is empty) */
const alertText = async (dialog: Awaited<ReturnType<typeof dialogReady>>) => (await dialog.getByRole('alert').allTextContents()).join('').trim();
const creates = () => sims.mm.requests.filter((r) => r.method === 'POST' && r.pathname === '/api/v4/posts');

/** The dialog on the incident form, Incidents chosen, a message typed. */
async function dialogReady(page: Page, message: string) {
  await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
  await page.getByRole('button', { name: 'Post to Mattermost' }).click();
  const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
  await dialog.getByRole('article').first().waitFor();
  await dialog.getByRole('combobox', { name: 'Channel' }).fill('Incidents');
  await dialog.getByRole('option', { name: /^Incidents/ }).first().click();
  await dialog.getByRole('textbox', { name: 'Message' }).fill(message);
  return dialog;
}

const PROXY_GAVE_UP = 'Mattermost had a problem. Try again in a moment.';

/** Post, whose answer is lost (the proxy's 504) while Mattermost goes on saving: the dialog says so. */
async function postAnswerLost(dialog: Awaited<ReturnType<typeof dialogReady>>) {
  await dialog.getByRole('button', { name: 'Post' }).click();
  await expect.poll(() => alertText(dialog)).toBe(PROXY_GAVE_UP);
}

describe('a lost answer, then the same submission again', () => {
  test('while Mattermost is still saving the first attempt (500 "pending"), NowBridge waits and resends: one post, "Posted"', async () => {
    const page = await browser.context.newPage();
    const dialog = await dialogReady(page, 'still saving?');
    const before = postsIn(MM_CHANNELS.incidents.id).length;
    const sent = creates().length;
    const hold = sims.mm.control.holdPostSaves({ lostAnswer: true });
    try {
      await postAnswerLost(dialog);
      // the user presses Post again; Mattermost, still saving, answers that with its real 500 "pending"…
      await dialog.getByRole('button', { name: 'Post' }).click();
      await expect.poll(() => creates().slice(sent).map((r) => r.status)).toEqual([504, 500]);
    } finally {
      hold.release(); // …and finishes the first save while NowBridge waits to send again
    }
    await expect.poll(() => dialog.getByRole('status').allTextContents(), { timeout: 15_000 }).toContain('Posted to Incidents');
    const posts = postsIn(MM_CHANNELS.incidents.id);
    expect(posts.length - before).toBe(1);
    expect(posts.at(-1)!.message).toBe('still saving?');
    expect(await dialog.getByRole('link', { name: 'Open post' }).getAttribute('href')).toBe(`${MM}/ops/pl/${posts.at(-1)!.id}`);
    // every attempt was the same submission
    expect(new Set(creates().slice(sent).map((r) => JSON.parse(r.body).pending_post_id)).size).toBe(1);
  });

  test('more than 30 s later, when Mattermost would post the same id again, the retry finds the first post: no second post', async () => {
    const page = await browser.context.newPage();
    const dialog = await dialogReady(page, 'answer lost');
    const before = postsIn(MM_CHANNELS.incidents.id).length;
    const hold = sims.mm.control.holdPostSaves({ lostAnswer: true });
    await postAnswerLost(dialog);
    hold.release(); // the first attempt is saved after all
    await expect.poll(() => postsIn(MM_CHANNELS.incidents.id).length - before).toBe(1);
    const first = postsIn(MM_CHANNELS.incidents.id).at(-1)!;

    // 31 s pass, for the server and for the extension's background (no real waiting)
    sims.mm.control.advanceClock(31_000);
    await browser.worker.evaluate(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 31_000;
    });
    const sent = creates().length;
    await dialog.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => dialog.getByRole('status').allTextContents(), { timeout: 15_000 }).toContain('Posted to Incidents');
    expect(postsIn(MM_CHANNELS.incidents.id).length - before).toBe(1);
    expect(creates().length).toBe(sent); // found, so not sent again
    expect(await dialog.getByRole('link', { name: 'Open post' }).getAttribute('href')).toBe(`${MM}/ops/pl/${first.id}`);
  });
});
