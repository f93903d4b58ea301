import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { HOSTS, SN_RECORDS } from '../sim/fixtures';
import { SEEDED_REFERENCES } from '../sim/mattermost';
import { snDateTime } from '../sim/servicenow/dates';
import { browser, sims, useSimsAndBrowser } from './harness';
import { inFrame } from './frames';
import { signInAndConnect } from './sims';
import { cardsOf as hostsOf, closedShadow } from './closed-shadow';
import { showPost } from './mattermost-page';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

const INC = SN_RECORDS.incident;
const classic = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
const HOUR = 3_600_000;

/** Opens the record panel from the card under the seeded classic-link post (INC0010001), as e2e/record-panel.e2e.ts does. */
async function openPanel(page: Page): Promise<Locator> {
  await page.goto(`${MM}/ops/channels/${sims.mm.store.channelById(classic.channelId)!.name}`);
  await showPost(page, classic.postId);
  const sh = closedShadow(page);
  const hosts = hostsOf(classic.postId, 'post');
  await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'More' })) > 0, { message: 'no More button' });
  await sh.click(hosts, { role: 'button', name: 'More' });
  return inFrame(page, 'dialog', new RegExp(`^${INC.number}: `));
}

/** The summary's description list as term → definition. */
const summaryOf = async (dialog: Locator) => {
  const summary = dialog.getByRole('region', { name: `Summary of ${INC.number}` });
  await summary.waitFor();
  return Object.fromEntries(await summary.evaluate((el) => [...el.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? ''])));
};

describe('the record panel’s summary', () => {
  test('shows the caller, the opened date in the browser’s locale and how its due dates stand, read with the panel’s one record request', async () => {
    const row = sims.sn.store.get('incident', INC.sys_id)!;
    const saved = row.due_date;
    row.due_date = snDateTime(Date.now() + 3 * HOUR + 30 * 60_000);
    try {
      const page = await browser.context.newPage();
      const dialog = await openPanel(page);
      const shown = await summaryOf(dialog);
      expect(shown.Caller).toBe('Abel Tuter');
      const openedIso = `${row.opened_at!.replace(' ', 'T')}Z`;
      const openedText = await page.evaluate((iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }), openedIso);
      expect(shown.Opened).toBe(openedText);
      expect(shown.Due).toMatch(/due in 3 h$/);
      // the seeded SLA due date passed long ago: said in words, not only in colour
      expect(shown['SLA due']).toMatch(/⚠ overdue by \d+ d$/);
      // the summary's fields came with the record's one read for the panel (no request of their own)
      const reads = sims.sn.requests.filter((r) => r.pathname === `/api/now/table/incident/${INC.sys_id}`);
      expect(reads.filter((r) => /(^|,)sla_due(,|$)/.test(r.query.get('sysparm_fields') ?? ''))).toHaveLength(1);
      await page.close();
    } finally {
      row.due_date = saved!;
    }
  });

  test('"Open in ServiceNow" opens the classic form by default, and the workspace once chosen in the settings', async () => {
    const page = await browser.context.newPage();
    let dialog = await openPanel(page);
    const link = () => dialog.getByRole('link', { name: `Open ${INC.number} in ServiceNow` });
    await link().waitFor();
    expect(await link().getAttribute('href')).toBe(`${SN}/nav_to.do?uri=incident.do%3Fsys_id%3D${INC.sys_id}`);
    expect([await link().getAttribute('target'), await link().getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);

    const options = await browser.openExtensionPage('options.html');
    const group = options.getByRole('group', { name: 'Open records in' });
    expect(await group.getByRole('radio', { name: 'Classic UI' }).isChecked()).toBe(true);
    await group.getByRole('radio', { name: 'Workspace' }).check();
    await expect.poll(() => options.evaluate(async () => ((await chrome.storage.local.get('preferences')) as { preferences?: { openRecordsIn?: string } }).preferences?.openRecordsIn)).toBe('workspace');

    dialog = await openPanel(page);
    await expect.poll(() => link().getAttribute('href')).toBe(`${SN}/now/sow/record/incident/${INC.sys_id}`);
    await options.close();
    await page.close();
  });
});
