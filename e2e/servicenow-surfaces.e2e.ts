/**
 * Where "Post to Mattermost" appears on each ServiceNow surface, in real Chromium against the simulator:
 * among the UI actions on classic forms; in the page's known place on knowledge and workspace pages; as a
 * fixed corner button, clear of ServiceNow's own controls, where the page offers no place we know (portal
 * tickets, and every surface in the simulator's `unknown` DOM variant: sim/servicenow/pages/variant.ts);
 * never on a new record. Identity always comes from the URL, so every variant shares the right record.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, SN_RECORDS as R } from '../sim/fixtures';
import type { PageVariant } from '../sim/servicenow/pages/variant';
import { browser, sims, useSimsAndBrowser } from './harness';
import { inFrame } from './frames';
import { signInAndConnect } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));
beforeEach(() => sims.sn.control.setPageVariant('known'));

const postButton = (page: Page) => page.getByRole('button', { name: 'Post to Mattermost' });

async function open(path: string, variant: PageVariant = 'known'): Promise<Page> {
  sims.sn.control.setPageVariant(variant);
  const page = await browser.context.newPage();
  await page.goto(`${SN}${path}`);
  return page;
}

/** Clicks the button (or presses Enter on it) and reads the record card of the share dialog it opens. */
async function sharedCard(page: Page, how: 'click' | 'keyboard' = 'click'): Promise<string> {
  if (how === 'click') await postButton(page).click();
  else {
    await postButton(page).focus();
    await page.keyboard.press('Enter');
  }
  const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
  const card = dialog.getByRole('article').first();
  await expect.poll(() => card.textContent()).toMatch(/[A-Z]+\d{7}/);
  return (await card.textContent()) ?? '';
}

/**
 * Where the fixed button sits, and which of ServiceNow's controls (buttons, links, fields, anything focusable,
 * open shadow roots included) its box overlaps: none may.
 */
function fixedPlacement(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('nowbridge-share-button')!;
    const r = host.getBoundingClientRect();
    const controls: Element[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const e of root.querySelectorAll('*')) {
        if (e === host) continue;
        if (e.matches('button, a[href], input, select, textarea, [role=button], [tabindex]')) controls.push(e);
        if (e.shadowRoot) walk(e.shadowRoot);
      }
    };
    walk(document);
    const covered = controls.filter((e) => {
      const c = e.getBoundingClientRect();
      return c.width > 0 && c.height > 0 && c.right > r.left && c.left < r.right && c.bottom > r.top && c.top < r.bottom;
    });
    return {
      position: getComputedStyle(host).position,
      corner: r.left < 40 && innerHeight - r.bottom < 40 ? 'bottom-left' : `${r.left},${r.bottom}`,
      covered: covered.map((e) => e.outerHTML.slice(0, 120)),
      visibleControls: controls.filter((e) => e.getBoundingClientRect().width > 0).length,
    };
  });
}

async function expectFixed(page: Page) {
  await postButton(page).waitFor();
  const placed = await fixedPlacement(page);
  expect(placed).toMatchObject({ position: 'fixed', corner: 'bottom-left', covered: [] });
  expect(placed.visibleControls).toBeGreaterThan(0); // the page has controls it could have covered
}

describe('classic forms', () => {
  test('the button sits among the UI actions, left of Update, not among the header icons', async () => {
    const page = await open(`/incident.do?sys_id=${R.incident.sys_id}`);
    await postButton(page).waitFor();
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('.navbar-right > button, .navbar-right .navbar_ui_actions > *')].map((e) => e.id || e.localName),
    );
    expect(order).toEqual(['header_add_attachment', 'togglePersonalizeForm', 'toggleMoreOptions', 'nowbridge-share-button', 'sysverb_update', 'resolve_incident', 'sysverb_delete']);
    const x = async (name: string) => (await page.getByRole('button', { name, exact: true }).boundingBox())!.x;
    expect(await x('More options')).toBeLessThan(await x('Post to Mattermost'));
    expect(await x('Post to Mattermost')).toBeLessThan(await x('Update'));
    expect(await sharedCard(page)).toContain(R.incident.number);
  });

  test('no button on a new record, classic (sys_id=-1) or workspace (/-1), even after the fixed button’s delay', async () => {
    const fresh = await open('/incident.do?sys_id=-1');
    await fresh.locator('#sys_uniqueValue').waitFor({ state: 'attached' });
    expect(await fresh.locator('#sys_uniqueValue').inputValue()).toMatch(/^[0-9a-f]{32}$/); // pre-generated, yet new
    const freshWs = await open('/now/sow/record/incident/-1', 'unknown');
    await freshWs.getByRole('button', { name: 'Save' }).waitFor();
    // Opened last, on a page with no known place: once its fixed button shows, the others' waits are over too.
    const control = await open(`/now/sow/record/incident/${R.incident.sys_id}`, 'unknown');
    await expectFixed(control);
    expect(await postButton(fresh).count()).toBe(0);
    expect(await postButton(freshWs).count()).toBe(0);
  });
});

describe('knowledge articles', () => {
  const kbPaths = [
    `/kb?id=kb_article_view&sys_kb_id=${R.knowledge.sys_id}`,
    `/kb_view.do?sysparm_article=${R.knowledge.number}`,
  ];

  test.each(kbPaths)('known DOM, %s: the button follows the number in .kb-number-info and shares the article', async (path) => {
    const page = await open(path);
    await postButton(page).waitFor();
    expect(await page.evaluate(() => document.querySelector('.kb-number-info + nowbridge-share-button') !== null)).toBe(true);
    expect(await sharedCard(page)).toContain(R.knowledge.number);
  });

  test.each(kbPaths)('unknown DOM, %s: the fixed corner button, clear of the page’s controls; it shares the article', async (path) => {
    const page = await open(path, 'unknown');
    await page.getByText(R.knowledge.number).first().waitFor();
    await expectFixed(page);
    expect(await sharedCard(page, 'keyboard')).toContain(R.knowledge.number);
  });
});

describe('workspaces', () => {
  const wsPaths = [
    [`/x/acme/ops/record/incident/${R.incident.sys_id}`, R.incident.number],
    [`/now/hr/record/problem/${R.problem.sys_id}`, R.problem.number],
  ] as const;

  test.each(wsPaths)('known DOM, %s: the button leads the action bar and shares the record', async (path, number) => {
    const page = await open(path);
    await postButton(page).waitFor();
    const bar = await page.evaluate(() => {
      const layout = document.querySelector('sn-workspace-layout')!.shadowRoot!;
      const form = layout.querySelector('now-record-form-connected')!.shadowRoot!;
      return [...form.querySelector('.uiaction-bar-wrapper')!.children].map((e) => e.localName);
    });
    expect(bar).toEqual(['nowbridge-share-button', 'now-button', 'now-button', ...(path.includes('incident') ? ['now-button'] : [])]);
    expect(await sharedCard(page)).toContain(number);
  });

  test.each(wsPaths)('unknown DOM, %s: the fixed corner button, clear of the workspace’s controls; it shares the record', async (path, number) => {
    const page = await open(path, 'unknown');
    await page.getByRole('button', { name: 'Save' }).waitFor();
    await expectFixed(page);
    expect(await sharedCard(page)).toContain(number);
  });
});

describe('Service Portal tickets (no public widget marks the record)', () => {
  test.each(['known', 'unknown'] as const)('%s DOM: the fixed corner button, clear of the chat launcher; it shares the URL’s record', async (variant) => {
    const page = await open(`/sp?id=ticket&table=incident&sys_id=${R.incident.sys_id}`, variant);
    await page.getByText(R.incident.number).first().waitFor();
    await expectFixed(page);
    expect(await sharedCard(page)).toContain(R.incident.number);
  });
});
