import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { HOSTS } from '../sim/fixtures';
import type { Running } from '../sim/server';
import type { ExtensionBrowser } from './browser';
import { startPageServer } from './page-server';
import { launch, testTls } from './world';

const SN_CUSTOM = `https://${HOSTS.servicenowCustom}`;
const SN_SAAS = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
const UNRELATED = `https://${HOSTS.unrelated}`;

let server: Running;
let browser: ExtensionBrowser;

const marker = (target: Page | Frame) => target.evaluate(() => document.documentElement.getAttribute('data-nowbridge'));
const innerFrame = (page: Page) => page.frames().find((f) => f.url().endsWith('/frame'))!;

async function addSite(options: Page, region: 'ServiceNow' | 'Mattermost', url: string) {
  const section = options.getByRole('region', { name: region });
  await section.getByRole('textbox', { name: region === 'ServiceNow' ? 'Instance URL' : 'Server URL' }).fill(url);
  await section.getByRole('button', { name: region === 'ServiceNow' ? 'Add instance' : 'Add server' }).click();
}

beforeAll(async () => {
  server = await startPageServer(testTls());
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  const port = server.port;
  browser = await launch(Object.fromEntries(Object.values(HOSTS).map((h) => [h, port])));
});
afterEach(async () => {
  const errors = [...browser.errors];
  await browser.close();
  expect(errors).toEqual([]);
});

describe('site access', () => {
  test('each content script runs on its configured sites (top page and iframes), and nowhere else', async () => {
    const options = await browser.openExtensionPage('options.html');
    await addSite(options, 'ServiceNow', 'ITSM.example.test/');
    await addSite(options, 'Mattermost', MM);
    // One row per site, each active, with its Remove button.
    for (const [region, base] of [['ServiceNow', SN_CUSTOM], ['Mattermost', MM]] as const) {
      const items = options.getByRole('region', { name: region }).getByRole('list').getByRole('listitem');
      await expect.poll(() => items.count()).toBe(1);
      await expect.poll(() => items.first().textContent()).toMatch(new RegExp(`^${base.replace(/\./g, '\\.')}Active`));
      expect(await items.first().getByRole('button', { name: `Remove ${base}` }).isVisible()).toBe(true);
    }

    const snPage = await browser.context.newPage();
    await snPage.goto(`${SN_CUSTOM}/`);
    await expect.poll(() => marker(snPage)).toBe('servicenow');
    await expect.poll(() => marker(innerFrame(snPage))).toBe('servicenow');

    const mmPage = await browser.context.newPage();
    await mmPage.goto(`${MM}/`);
    await expect.poll(() => marker(mmPage)).toBe('mattermost');
    // The Mattermost script is top-frame only.
    await expect.poll(() => marker(innerFrame(mmPage))).toBe(null);

    // Granted (the SaaS domain) but not configured, and neither granted nor configured: no script.
    for (const url of [`${SN_SAAS}/`, `${UNRELATED}/`]) {
      const page = await browser.context.newPage();
      await page.goto(url);
      await snPage.reload();
      await expect.poll(() => marker(snPage)).toBe('servicenow'); // scripts have had their chance
      expect(await marker(page)).toBe(null);
      expect(await marker(innerFrame(page))).toBe(null);
    }
  });

  test('after Remove the script stops on open pages and does not run on new loads', async () => {
    const options = await browser.openExtensionPage('options.html');
    await addSite(options, 'ServiceNow', SN_CUSTOM);
    const page = await browser.context.newPage();
    await page.goto(`${SN_CUSTOM}/`);
    await expect.poll(() => marker(page)).toBe('servicenow');

    await options.getByRole('region', { name: 'ServiceNow' }).getByRole('button', { name: `Remove ${SN_CUSTOM}` }).click();
    await expect.poll(() => marker(page)).toBe(null);
    await expect.poll(() => browser.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    await page.reload();
    const mmControl = await browser.context.newPage();
    await addSite(options, 'Mattermost', MM);
    await mmControl.goto(`${MM}/`);
    await expect.poll(() => marker(mmControl)).toBe('mattermost');
    expect(await marker(page)).toBe(null);
  });

  test('a tab already open on a newly added site gets the script once', async () => {
    const page = await browser.context.newPage();
    const lines: string[] = [];
    page.on('console', (m) => {
      if (m.text().startsWith('NowBridge mattermost')) lines.push(m.text());
    });
    await page.goto(`${MM}/`);
    expect(await marker(page)).toBe(null);

    const options = await browser.openExtensionPage('options.html');
    await addSite(options, 'Mattermost', MM);
    await expect.poll(() => marker(page)).toBe('mattermost');

    // Injecting again (as a second reconcile or an extension update might) must not start it twice.
    const tabId = await browser.worker.evaluate(async (url) => (await chrome.tabs.query({ url: `${url}/*` }))[0]!.id!, MM);
    await browser.worker.evaluate(
      (id) => chrome.scripting.executeScript({ target: { tabId: id }, files: ['content-scripts/mattermost.js'] }),
      tabId,
    );
    await expect.poll(() => lines).toEqual(['NowBridge mattermost started', 'NowBridge mattermost already running']);
    expect(await marker(page)).toBe('mattermost');
  });

  test('a configured site without access gets nothing and is shown as such', async () => {
    // As if an administrator preset it, or access was revoked since: configured, never granted.
    await browser.worker.evaluate(
      (base) => chrome.storage.local.set({ settings: { servicenow: [], mattermost: [{ base }] } }),
      UNRELATED,
    );
    const options = await browser.openExtensionPage('options.html');
    const mm = options.getByRole('region', { name: 'Mattermost' });
    await expect.poll(() => mm.getByRole('listitem').count()).toBe(1);
    await expect.poll(() => mm.getByRole('listitem').textContent()).toContain('Access not granted');
    expect(await mm.getByRole('button', { name: `Grant access to ${UNRELATED}` }).isVisible()).toBe(true);
    const page = await browser.context.newPage();
    await page.goto(`${UNRELATED}/`);
    expect(await browser.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    expect(await marker(page)).toBe(null);
  });

  test.each([
    ['javascript:alert(1)', 'Only https:// addresses are supported, not javascript:.'],
    ['ftp://itsm.example.test', 'Only https:// addresses are supported, not ftp:.'],
    ['https://itsm example.test', 'An address cannot contain spaces.'],
    ['https://admin:secret@itsm.example.test', 'Remove the user name or password from the address.'],
    ['https://itsm.example.test/?sysparm=1', 'Remove the query (the part after "?") from the address.'],
    ['servicenow', '"servicenow" is not a full host name. Try https://acme.service-now.com'],
  ])('rejects %j inline and saves nothing', async (input, message) => {
    const options = await browser.openExtensionPage('options.html');
    await addSite(options, 'ServiceNow', input);
    const sn = options.getByRole('region', { name: 'ServiceNow' });
    await expect.poll(() => sn.getByRole('alert').textContent()).toBe(message);
    const field = sn.getByRole('textbox', { name: 'Instance URL' });
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe(input); // the typed text is kept for fixing
    expect(await browser.worker.evaluate(() => chrome.storage.local.get('settings'))).toEqual({});
  });
});
