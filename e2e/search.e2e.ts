// Issue 7: popup search of ServiceNow records in real Chromium against the simulators.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, SN_RECORDS, SN_USERS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { inFrame, nowbridgeFrames } from './frames';
import { signInAndConnect } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const SN2 = `https://${HOSTS.servicenowCustom}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(async () => {
  sims.sn.control.setFaults({ latencyMs: 0 });
  await signInAndConnect(browser, sims, { servicenow: [SN, SN2], mattermost: [MM] });
});

const TASK_TABLES = ['incident', 'problem', 'problem_task', 'change_request', 'change_task', 'sc_request', 'sc_req_item', 'sc_task'];
const rowByNumber = (number: string) => {
  for (const t of [...TASK_TABLES, 'kb_knowledge']) {
    const row = sims.sn.store.scan(t).find((r) => r.number === number);
    if (row) return { table: t, row };
  }
  return undefined;
};
const beth = () => sims.sn.store.userByName(SN_USERS.agent.user_name)!;

async function openPopup(tabId?: number): Promise<Page> {
  const popup = await browser.openExtensionPage(`popup.html${tabId ? `?tab=${tabId}` : ''}`);
  await popup.setViewportSize({ width: 520, height: 600 });
  return popup;
}
const box = (p: Page) => p.getByRole('combobox', { name: 'Search ServiceNow' });
const results = (p: Page) => p.getByRole('listbox', { name: 'Results' });
const optionNumbers = async (p: Page) => (await results(p).getByRole('option').locator('.nb-num').allTextContents()).map((s) => s.trim());

/** Types `text` and waits until the answer to *this* text is shown (the body is busy until then). */
async function search(p: Page, text: string) {
  await box(p).fill(text);
  await p.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await results(p).getByRole('option').first().waitFor();
}

describe('popup search', () => {
  test('focus starts in the search box; a number in lower case without zeros finds the exact record first', async () => {
    const p = await openPopup();
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search ServiceNow');
    await box(p).pressSequentially('inc10001');
    await expect.poll(() => optionNumbers(p)).toContain(SN_RECORDS.incident.number);
    expect((await optionNumbers(p))[0]).toBe(SN_RECORDS.incident.number);
    await expect(results(p).getByRole('group', { name: 'Incident' }).count()).resolves.toBe(1);
  });

  test('free text: one task request and one knowledge request; results contain the words, newest first', async () => {
    const p = await openPopup();
    await p.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    const before = sims.sn.requests.length;
    await search(p, 'email');
    const calls = sims.sn.requests.slice(before).filter((r) => r.pathname.startsWith('/api/now/table/') && r.pathname !== '/api/now/table/sys_number');
    expect(calls.map((c) => c.pathname).sort()).toEqual(['/api/now/table/kb_knowledge', '/api/now/table/task']);
    expect(calls.find((c) => c.pathname.endsWith('/task'))!.query.get('sysparm_query')).toMatch(/short_descriptionLIKEemail\^ORnumberSTARTSWITHemail\^ORDERBYDESCsys_updated_on$/);
    const numbers = await optionNumbers(p);
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) {
      const found = rowByNumber(n)!;
      // knowledge goes through keyword search (any text field); tasks through the short description
      if (found.table !== 'kb_knowledge') expect(String(found.row.short_description).toLowerCase(), n).toContain('email');
    }
  });

  test.each([
    ['Mine', (row: Record<string, string>) => row.assigned_to === beth().sys_id],
    ['My groups', (row: Record<string, string>) => sims.sn.store.groupsOf(beth().sys_id).includes(row.assignment_group!)],
    ['Open', (row: Record<string, string>) => row.active !== 'false'],
  ])('filter %s', async (name, holds) => {
    const p = await openPopup();
    await p.getByRole('button', { name, exact: true }).click();
    await expect.poll(() => p.getByRole('button', { name, exact: true }).getAttribute('aria-pressed')).toBe('true');
    await p.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await results(p).getByRole('option').first().waitFor();
    const numbers = await optionNumbers(p);
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) expect(holds(rowByNumber(n)!.row as Record<string, string>), n).toBe(true);
  });

  test('table chips: Incidents only, then Knowledge only; Load more pages with the total', async () => {
    const p = await openPopup();
    await p.getByRole('button', { name: 'Incidents' }).click();
    await p.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await results(p).getByRole('option').first().waitFor();
    expect((await optionNumbers(p)).every((n) => n.startsWith('INC'))).toBe(true);
    const showing = await p.getByText(/^Showing \d+ of \d+$/).textContent();
    const [, shown, total] = /Showing (\d+) of (\d+)/.exec(showing!)!.map(Number);
    expect(total).toBeGreaterThan(shown!);
    await p.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(async () => (await optionNumbers(p)).length).toBeGreaterThan(shown!);
    await p.getByRole('button', { name: 'Incidents' }).click();
    await p.getByRole('button', { name: 'Knowledge' }).click();
    await expect.poll(async () => (await optionNumbers(p)).every((n) => n.startsWith('KB'))).toBe(true);
  });

  test('two instances: the selector switches where the search goes', async () => {
    const p = await openPopup();
    await p.getByRole('combobox', { name: 'Instance' }).selectOption({ label: HOSTS.servicenowCustom });
    const before = sims.sn.requests.length;
    await search(p, SN_RECORDS.problem.number);
    expect(sims.sn.requests.slice(before).some((r) => r.headers.host === HOSTS.servicenowCustom)).toBe(true);
    const opened = browser.context.waitForEvent('page');
    await box(p).press('Enter');
    const tab = await opened;
    expect(tab.url()).toContain(`${SN2}/`);
    expect(tab.url()).toContain(SN_RECORDS.problem.sys_id);
  });

  test('keyboard: ↑/↓ move, Enter opens a new tab, Ctrl+C copies a Markdown link', async () => {
    const p = await openPopup();
    await search(p, 'INC001000');
    const options = results(p).getByRole('option');
    await expect.poll(() => options.nth(0).getAttribute('aria-selected')).toBe('true');
    await box(p).press('ArrowDown');
    await expect.poll(() => options.nth(1).getAttribute('aria-selected')).toBe('true');
    await box(p).press('ArrowUp');
    await expect.poll(() => options.nth(0).getAttribute('aria-selected')).toBe('true');
    const first = (await optionNumbers(p))[0]!;
    const found = rowByNumber(first)!;

    await p.bringToFront();
    await box(p).press('Control+c');
    await expect.poll(() => p.getByRole('status').last().textContent()).toBe(`Copied a link to ${first}.`);
    // Read the clipboard back the way a user would: paste into a text box (here a scratch textarea).
    await p.evaluate(() => document.body.append(Object.assign(document.createElement('textarea'), { id: 'paste', ariaLabel: 'Paste here' })));
    await p.getByRole('textbox', { name: 'Paste here' }).press('Control+v');
    const copied = await p.getByRole('textbox', { name: 'Paste here' }).inputValue();
    expect(copied.startsWith(`[${first}: `)).toBe(true);
    expect(copied.endsWith(`](${SN}/nav_to.do?uri=${found.table}.do%3Fsys_id%3D${found.row.sys_id})`)).toBe(true);

    await box(p).focus();
    const opened = browser.context.waitForEvent('page');
    await box(p).press('Enter');
    expect((await opened).url()).toContain(found.row.sys_id);
  });

  test('Ctrl+Enter shares the result: exactly one post', async () => {
    const p = await openPopup();
    await search(p, 'inc10001');
    const channel = MM_CHANNELS.incidents;
    const before = sims.mm.control.posts(channel.id).length;
    await box(p).press('Control+Enter');
    const dialog = p.getByRole('dialog', { name: 'Share to Mattermost' });
    await dialog.getByRole('combobox', { name: 'Channel' }).fill('incidents');
    await dialog.getByRole('option', { name: /^Incidents/i }).first().click();
    await dialog.getByRole('button', { name: 'Post' }).click();
    await dialog.getByText(/Posted to/).waitFor();
    await expect.poll(() => sims.mm.control.posts(channel.id).length).toBe(before + 1);
    const post = sims.mm.control.posts(channel.id).at(-1)!;
    expect(JSON.stringify(post)).toContain(SN_RECORDS.incident.number);
  });

  test('Alt+Enter inserts the link into the Mattermost composer; Enter there posts it', async () => {
    const channel = MM_CHANNELS.incidents;
    const mm = await browser.context.newPage();
    await mm.goto(`${MM}/ops/channels/${channel.name}`);
    const composer = mm.locator('#post_textbox');
    await composer.waitFor();
    const tabId = await browser.worker.evaluate(async () => (await chrome.tabs.query({ url: 'https://chat.example.test/*' }))[0]!.id!);
    const p = await openPopup(tabId);
    await search(p, 'inc10001');
    await box(p).press('Alt+Enter');
    await p.getByText('Inserted the link into the message.').waitFor();
    await expect.poll(() => composer.inputValue()).toMatch(new RegExp(`^\\[${SN_RECORDS.incident.number}: .*\\]\\(${SN}/nav_to\\.do\\?uri=incident\\.do%3Fsys_id%3D${SN_RECORDS.incident.sys_id}\\)$`));
    const before = sims.mm.control.posts(channel.id).length;
    await composer.press('Enter');
    await expect.poll(() => sims.mm.control.posts(channel.id).length).toBe(before + 1);
    expect(sims.mm.control.posts(channel.id).at(-1)!.message).toContain(`[${SN_RECORDS.incident.number}: `);
  });

  test('empty query: recently viewed records and mine', async () => {
    const sn = await browser.context.newPage();
    await sn.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident2.sys_id}`);
    await sn.getByRole('button', { name: 'Post to Mattermost' }).first().waitFor().catch(() => undefined);
    const p = await openPopup();
    const recent = results(p).getByRole('group', { name: 'Recently viewed' });
    await expect.poll(async () => (await recent.locator('.nb-num').allTextContents()).map((s) => s.trim())).toContain(SN_RECORDS.incident2.number);
    await results(p).getByRole('group', { name: 'Assigned to me' }).waitFor();
  });

  test('states: no results gives tips; an error gives Retry; not connected gives Connect', async () => {
    const p = await openPopup();
    await box(p).fill('zzqx no such words');
    await p.getByText(/No records match/).waitFor();
    await p.getByText(/fewer words/).waitFor();

    sims.sn.control.failNext(2, 500);
    await box(p).fill('network');
    await p.getByRole('alert').getByRole('button', { name: 'Retry' }).click();
    await results(p).getByRole('option').first().waitFor();

    const options = await browser.openExtensionPage('options.html');
    await options.evaluate((req) => chrome.runtime.sendMessage(req), { type: 'connection/disconnect', product: 'servicenow', base: 'https://itsm.example.test' });
    await options.close();
    const q = await openPopup();
    await q.getByRole('combobox', { name: 'Instance' }).selectOption({ label: HOSTS.servicenowCustom });
    await q.getByRole('button', { name: 'Connect' }).waitFor();
  });
});

describe('in Mattermost', () => {
  test("a page script can't open the search, type into it or read what it finds", async () => {
    const mm = await browser.context.newPage();
    await mm.goto(`${MM}/ops/channels/${MM_CHANNELS.incidents.name}`);
    const button = mm.getByRole('button', { name: 'ServiceNow', exact: true });
    await button.waitFor();
    const tableCalls = () => sims.sn.requests.filter((r) => r.pathname.startsWith('/api/now/table/')).length;
    const before = tableCalls();
    // A Mattermost webapp plugin or an XSS: click NowBridge's button from the page's main world.
    await mm.evaluate(() => (document.querySelector('nowbridge-search-button')!.shadowRoot!.querySelector('button') as HTMLButtonElement).click());
    expect(await mm.evaluate(() => document.querySelectorAll('nowbridge-frame').length)).toBe(0);
    // The user opens it and searches; the page still reaches nothing in it.
    await button.click();
    const dialog = await inFrame(mm, 'dialog', 'Search ServiceNow');
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Search ServiceNow' }).evaluate((el) => el === document.activeElement && document.hasFocus())).toBe(true);
    await mm.keyboard.type('email');
    const list = dialog.getByRole('listbox', { name: 'Results' });
    await expect.poll(() => list.getByRole('option').count()).toBeGreaterThan(0);
    expect(tableCalls()).toBeGreaterThan(before);
    // none of the search's own text (its hint, the result count) is anywhere in the page
    const seen = await mm.evaluate(() => {
      const host = document.querySelector('nowbridge-frame')!;
      // typing into it from the page: there is no element to type into, and no window to message
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      const html = document.documentElement.outerHTML;
      // …and in every shadow root the page can open (where the search lived before it moved into a frame)
      let text = document.body.innerText;
      for (const el of document.querySelectorAll('*')) if (el.shadowRoot) text += el.shadowRoot.textContent;
      return { shadow: host.shadowRoot, windows: window.frames.length, leaked: ['Enter inserts the link', 'Showing '].some((t) => html.includes(t) || text.includes(t)) };
    });
    expect(seen).toEqual({ shadow: null, windows: 0, leaked: false });
    // the forged Enter inserted nothing; the frame is still open, as the user left it
    expect(await mm.locator('#post_textbox').inputValue()).toBe('');
    expect(nowbridgeFrames(mm)).toHaveLength(1);
  });

  test.each([
    ['textarea', ''],
    ['rich-text editor', '?wysiwyg'],
  ])('the ServiceNow button beside the composer inserts the chosen record (%s)', async (_, query) => {
    const channel = MM_CHANNELS.incidents;
    const mm = await browser.context.newPage();
    await mm.goto(`${MM}/ops/channels/${channel.name}${query}`);
    const composer = mm.locator('#post_textbox');
    const text = () => composer.evaluate((el) => (el instanceof HTMLTextAreaElement ? el.value : el.textContent ?? ''));
    await composer.waitFor();
    await composer.click();
    await composer.pressSequentially('see ');
    await mm.getByRole('button', { name: 'ServiceNow', exact: true }).click();
    const dialog = await inFrame(mm, 'dialog', 'Search ServiceNow');
    // Typed key by key: Mattermost's document keydown handler would take them into its message box if the
    // search were part of the page; in NowBridge's frame it never sees them.
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Search ServiceNow' }).evaluate((el) => el === document.activeElement && document.hasFocus())).toBe(true);
    await mm.keyboard.type('inc10001');
    expect(await dialog.getByRole('combobox', { name: 'Search ServiceNow' }).inputValue()).toBe('inc10001');
    expect((await text()).replace(/\u00a0/g, ' ')).toBe('see ');
    const list = dialog.getByRole('listbox', { name: 'Results' });
    await expect.poll(async () => (await list.getByRole('option').locator('.nb-num').first().textContent())?.trim()).toBe(SN_RECORDS.incident.number);
    // a key down only: the frame goes away on it, and CDP never acknowledges input into a removed frame
    await mm.keyboard.down('Enter');
    await expect.poll(() => nowbridgeFrames(mm).length).toBe(0);
    await mm.keyboard.up('Enter');
    await expect.poll(text).toMatch(new RegExp(`^see\\s\\[${SN_RECORDS.incident.number}: .*\\]\\(https://`));
    const before = sims.mm.control.posts(channel.id).length;
    await composer.press('Enter');
    await expect.poll(() => sims.mm.control.posts(channel.id).length).toBe(before + 1);
    expect(sims.mm.control.posts(channel.id).at(-1)!.message).toMatch(new RegExp(`^see\\s\\[${SN_RECORDS.incident.number}: `));
  });
});
