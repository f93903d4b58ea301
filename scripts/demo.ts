// `npm run demo`: build NowBridge, start both simulators on loopback with TLS, and open Chromium with the
// extension loaded, configured and connected. Without a display (or with --headless) it visits every
// surface NowBridge has, saves a PNG of each under .output/demo/, prints their paths and exits.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension } from '../e2e/browser';
import { ensureSystemToolsOrExit } from './system-tools.mjs';
import { cardsOf, closedShadow } from '../e2e/closed-shadow';
import { findFrame, inFrame } from '../e2e/frames';
import { startSims } from '../e2e/sims';
import { testTls } from '../e2e/world';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS, SN_USERS } from '../sim/fixtures';
import { SEEDED_POSTS, SEEDED_REFERENCES } from '../sim/mattermost';
import { showPost } from '../e2e/mattermost-page';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const outDir = resolve('.output/demo');
const SN = `https://${HOSTS.servicenow}`;
const SN_CUSTOM = `https://${HOSTS.servicenowCustom}`;
const MM = `https://${HOSTS.mattermost}`;

async function main() {
  ensureSystemToolsOrExit(); // before the build: a fresh machine learns at once what it lacks, or gets it
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { stdio: 'ignore' });
  const sims = await startSims();
  const browser = await launchWithExtension({ hosts: sims.hosts, spki: testTls().spki, headless });
  const shots: string[] = [];
  const shoot = async (page: Page, name: string) => {
    mkdirSync(outDir, { recursive: true });
    const path = `${outDir}/${name}.png`;
    await page.screenshot({ path });
    shots.push(path);
  };

  // Sign in to both products the way a user would: their own login pages.
  const sn = await browser.context.newPage();
  await sn.goto(`${SN}/login.do`);
  await sn.getByLabel('User name').fill(SN_USERS.agent.user_name);
  await sn.getByLabel('Password').fill(SN_USERS.agent.password);
  await sn.getByRole('button', { name: 'Log in' }).click();
  await sn.waitForLoadState();
  const mm = await browser.context.newPage();
  await mm.goto(`${MM}/login`);
  await mm.getByLabel(/email or username/i).fill(MM_USERS.agent.username);
  await mm.getByLabel('Password').fill(MM_USERS.agent.password);
  await mm.getByRole('button', { name: 'Log in' }).click();
  await mm.waitForLoadState();

  // Settings: the sites, then a Browser-session connection to each.
  const options = await browser.openExtensionPage('options.html');
  await options.setViewportSize({ width: 900, height: 1000 });
  const add = async (region: 'ServiceNow' | 'Mattermost', url: string) => {
    const section = options.getByRole('region', { name: region });
    await section.getByRole('textbox', { name: region === 'ServiceNow' ? 'Instance URL' : 'Server URL' }).fill(url);
    await section.getByRole('button', { name: region === 'ServiceNow' ? 'Add instance' : 'Add server' }).click();
    await section.getByRole('button', { name: `Remove ${url}` }).waitFor();
  };
  await add('ServiceNow', SN);
  await add('ServiceNow', SN_CUSTOM);
  await add('Mattermost', MM);
  for (const [region, base] of [['ServiceNow', SN], ['Mattermost', MM]] as const) {
    const item = options.getByRole('region', { name: region }).getByRole('listitem').filter({ hasText: base });
    await item.getByRole('button', { name: 'Connect' }).click();
    await item.getByText(/Connected as/).waitFor();
  }
  await shoot(options, 'options');

  const { incident, knowledge } = SN_RECORDS;
  await sn.setViewportSize({ width: 1280, height: 800 });
  await sn.goto(`${SN}/incident.do?sys_id=${incident.sys_id}`);
  await sn.getByRole('button', { name: 'Post to Mattermost' }).waitFor();
  await shoot(sn, 'servicenow-classic-form');
  // Share it: the dialog with the card preview and the channel picker, then the post in Mattermost.
  await sn.getByRole('button', { name: 'Post to Mattermost' }).click();
  const dialog = await inFrame(sn, 'dialog', 'Share to Mattermost');
  await dialog.getByRole('article').first().waitFor();
  await dialog.getByRole('combobox', { name: 'Channel' }).fill('Incidents');
  await dialog.getByRole('option', { name: /^Incidents/ }).first().click();
  await dialog.getByRole('textbox', { name: 'Message' }).fill('Finance is blocked on this one, can someone from Service Desk pick it up?');
  await shoot(sn, 'share-dialog');
  await dialog.getByRole('button', { name: 'Post' }).click();
  await dialog.getByText(/^Posted to/).waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await sn.goto(`${SN}/now/nav/ui/classic/params/target/${encodeURIComponent(`incident.do?sys_id=${incident.sys_id}`)}`);
  await sn.frameLocator('#gsft_main').locator('#sys_uniqueValue').waitFor({ state: 'attached' });
  await shoot(sn, 'servicenow-next-experience');
  await sn.goto(`${SN}/now/sow/record/incident/${incident.sys_id}`);
  await sn.waitForLoadState('networkidle');
  await shoot(sn, 'servicenow-workspace');
  await sn.goto(`${SN}/kb_view.do?sysparm_article=${knowledge.number}`);
  await shoot(sn, 'servicenow-knowledge');

  await mm.setViewportSize({ width: 1280, height: 800 });
  await mm.goto(`${MM}/ops/channels/incidents`);
  await mm.getByText('Finance is blocked on this one', { exact: false }).waitFor();
  await shoot(mm, 'mattermost-channel');

  // Record cards under links and numbers, the hover card, and the dark theme.
  const classic = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
  await mm.evaluate(async (id) => {
    const sim = (window as unknown as { __sim: { rowKeys(): string[]; scrollToRow(i: number): void; idle(): Promise<void> } }).__sim;
    await sim.idle();
    sim.scrollToRow(sim.rowKeys().findIndex((k) => k.includes(id)));
  }, classic.postId);
  // Card roots are closed: read through the DevTools protocol (e2e/closed-shadow.ts).
  const sh = closedShadow(mm);
  await sh.until(async () => (await sh.count(cardsOf(classic.postId), { role: 'article' })) > 0, { timeoutMs: 30_000 });
  await mm.locator('nowbridge-cards').last().waitFor();
  await shoot(mm, 'mattermost-cards');
  await mm.locator(`#postMessageText_${classic.postId} a.markdown__link`).hover();
  await (await inFrame(mm, 'article', /^INC/, 30_000)).first().waitFor();
  await shoot(mm, 'mattermost-hover-card');
  await mm.keyboard.press('Escape');
  // More on the card: the record panel, with the record's activity and the comment box (issue 12).
  await sh.click(cardsOf(classic.postId), { role: 'button', name: 'More' });
  const panel = await inFrame(mm, 'dialog', /^INC0010001: /, 30_000);
  await panel.getByRole('list', { name: 'Activity' }).getByRole('listitem').first().waitFor();
  const comment = panel.getByRole('textbox', { name: 'Comment' });
  await comment.fill('Restarted the relay; please try sending again.');
  // the frame paints the typed text a frame later than the page's screenshot would catch it
  await comment.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await shoot(mm, 'mattermost-record-panel');
  // The State section, about to resolve: Resolved shows the resolution code and notes it needs (issue 12).
  await comment.fill('');
  const state = panel.getByRole('combobox', { name: 'State', exact: true });
  await state.selectOption({ label: 'Resolved' });
  const code = panel.getByRole('combobox', { name: 'Resolution code' });
  await code.selectOption({ label: 'Solved (Permanently)' });
  await panel.getByRole('textbox', { name: 'Resolution notes' }).fill('Restarted the mail transport service; the queue drained and mail flows again.');
  await panel.getByRole('region', { name: 'State' }).getByRole('button', { name: 'Save', exact: true }).scrollIntoViewIfNeeded();
  await code.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await shoot(mm, 'mattermost-resolve-form');
  await panel.getByRole('button', { name: 'Close' }).click();
  await mm.evaluate(() => (window as unknown as { __simSetTheme(name: string): void }).__simSetTheme('dark'));
  await mm.mouse.move(0, 0);
  await shoot(mm, 'mattermost-cards-dark');
  await mm.evaluate(() => (window as unknown as { __simSetTheme(name: string): void }).__simSetTheme('light'));

  const popup = await browser.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 520, height: 620 });
  await popup.getByText(/Connected as/).first().waitFor();
  await shoot(popup, 'popup');
  // The search popup with results (issue 7): free text across every table, newest first.
  await popup.getByRole('combobox', { name: 'Search ServiceNow' }).fill('email');
  await popup.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await popup.getByRole('listbox', { name: 'Results' }).getByRole('option').first().waitFor();
  await popup.getByRole('combobox', { name: 'Search ServiceNow' }).press('ArrowDown');
  await shoot(popup, 'popup-search');
  // My approvals (issue 12): what waits for Beth's decision, each with its card; a rejection asks for a reason.
  await popup.getByRole('button', { name: 'My approvals' }).click();
  const approvals = popup.getByRole('list', { name: 'My approvals' });
  await approvals.getByRole('listitem').nth(1).waitFor();
  await approvals.getByRole('listitem').nth(1).getByRole('button', { name: 'Reject' }).click();
  await approvals.getByRole('textbox', { name: 'Reason' }).fill('Not in this budget year');
  await shoot(popup, 'popup-approvals');
  // Activity (issue 14): Beth watches INC0010002 and her queue; David resolves it with a comment; one check.
  await popup.getByRole('button', { name: 'Activity', exact: true }).click();
  await popup.evaluate((r) => chrome.runtime.sendMessage({ type: 'watch/add-record', instance: r.instance, table: r.table, sys_id: r.sys_id }), { instance: SN, ...SN_RECORDS.incident2 });
  await popup.getByRole('button', { name: 'Assigned to me', exact: true }).click();
  await popup.getByRole('button', { name: 'Check now' }).click();
  await popup.getByRole('list', { name: 'Watching' }).getByRole('listitem').nth(1).waitFor();
  sims.sn.control.advanceClock(120);
  sims.sn.control.updateAs(SN_USERS.agent2.user_name, 'incident', SN_RECORDS.incident2.sys_id, { state: '6', close_code: 'Solution provided', close_notes: 'Replaced the access point', comments: 'Fixed: the Wi-Fi on floor 3 is back.' });
  await popup.getByRole('button', { name: 'Check now' }).click();
  await popup.getByRole('list', { name: 'Changes' }).getByRole('listitem').first().waitFor();
  await popup.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await shoot(popup, 'popup-activity');
  // The same watch posting to #incidents: its card with the change, then replies in its thread.
  await popup.evaluate(
    (a) => chrome.runtime.sendMessage({ type: 'watch/feed', id: `record ${a.sn} ${a.sys_id}`, feed: { server: a.mm, channel_id: a.channel, channel: 'Incidents', as: 'user' } }),
    { sn: SN, mm: MM, sys_id: SN_RECORDS.incident2.sys_id, channel: MM_CHANNELS.incidents.id },
  );
  for (const change of [{ state: '2', comments: 'Reopened: floor 3 drops again after 5 pm.' }, { work_notes: 'Vendor says the access point firmware is the known bug; updating tonight.' }]) {
    sims.sn.control.advanceClock(120);
    sims.sn.control.updateAs(SN_USERS.agent2.user_name, 'incident', SN_RECORDS.incident2.sys_id, change);
    await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'watch/check' }));
  }
  const feedRoot = sims.mm.control.posts(MM_CHANNELS.incidents.id).filter((p) => p.props?.nowbridge_feed).at(-1)!;
  await mm.bringToFront();
  await mm.goto(`${MM}/ops/channels/incidents`);
  await showPost(mm, feedRoot.id);
  await mm.locator(`#post_${feedRoot.id}`).scrollIntoViewIfNeeded();
  await shoot(mm, 'mattermost-watch-feed');
  await popup.getByRole('button', { name: 'Search', exact: true }).click();
  // The ServiceNow button beside Mattermost's composer: the same search, in the page.
  await mm.bringToFront();
  await mm.getByRole('button', { name: 'ServiceNow', exact: true }).click();
  const search = await findFrame(mm, 'dialog', 'Search ServiceNow');
  await search.getByRole('combobox', { name: 'Search ServiceNow' }).fill('inc10001');
  await search.getByRole('listbox', { name: 'Results' }).getByRole('option').first().waitFor();
  await search.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await shoot(mm, 'mattermost-search');
  await mm.keyboard.press('Escape');

  // A post's ServiceNow actions (issue 13): the hover strip's button and its menu, then Create incident from it.
  await mm.goto(`${MM}/ops/channels/incidents`);
  await showPost(mm, SEEDED_POSTS.threadRoot);
  const root = mm.locator(`#post_${SEEDED_POSTS.threadRoot}`);
  await root.hover();
  await root.getByRole('button', { name: 'ServiceNow actions' }).click();
  const actions = await inFrame(mm, 'menu', 'ServiceNow actions');
  await actions.getByRole('menuitem').first().waitFor();
  await shoot(mm, 'mattermost-message-actions');
  await actions.getByRole('menuitem', { name: 'Create incident from message' }).click();
  const create = await inFrame(mm, 'dialog', 'Create incident');
  await mm.mouse.move(0, 0);
  // the caller, matched from the post's author by email
  await (await findFrame(mm, 'dialog', 'Create incident')).waitForFunction(() => [...document.querySelectorAll('input')].some((i) => i.value === 'David Loo'));
  await shoot(mm, 'mattermost-create-incident');
  await create.getByRole('button', { name: 'Cancel' }).click();
  // `/servicenow` in the message box: NowBridge's own command list, and its help under the box.
  await mm.locator('#post_textbox').pressSequentially('/servicenow ');
  await mm.getByRole('listbox', { name: 'ServiceNow commands' }).waitFor();
  await shoot(mm, 'mattermost-commands');
  await mm.keyboard.press('Escape');
  await mm.locator('#post_textbox').fill('/servicenow help');
  await mm.keyboard.press('Enter');
  await (await inFrame(mm, 'region', 'ServiceNow command')).getByRole('term').first().waitFor();
  await shoot(mm, 'mattermost-command-help');

  if (headless) {
    console.log('Screenshots:');
    for (const s of shots) console.log(`  ${s}`);
    await browser.close();
    await sims.stop();
    return;
  }
  await sn.bringToFront();
  console.log('NowBridge is running in Chromium against the simulators. Press Ctrl+C to stop.');
  const stop = async () => {
    await browser.close().catch(() => undefined);
    await sims.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  browser.context.on('close', () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
