import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS, SN_USERS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { findFrame, inFrame } from './frames';
import { configureSites, signInAndConnect, signInBrowser } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }));

type Attachment = { fallback: string; color: string; title: string; title_link: string; fields: { title: string; value: string; short: boolean }[]; footer: string; ts: number };

const postsIn = (channelId: string) => sims.mm.control.posts(channelId);

/** What the share of a record must look like, from the simulator's own data. */
function expectedAttachment(rec: { table: string; sys_id: string; number: string }, fields: [string, string][]) {
  const admin = sims.sn.store.userByName('admin')!;
  const d = sims.sn.store.readDisplay(rec.table, rec.sys_id, admin)!;
  const short = d.short_description!.display_value;
  return {
    fallback: `${rec.number}: ${short}`,
    title: `${rec.number}: ${short}`,
    title_link: `${SN}/nav_to.do?uri=${rec.table}.do%3Fsys_id%3D${rec.sys_id}`,
    footer: `ServiceNow · ${HOSTS.servicenow}`,
    ts: Math.floor(Date.parse(`${d.sys_updated_on!.value.replace(' ', 'T')}Z`) / 1000),
    fields: fields.map(([name, title]) => ({ title, value: d[name]?.display_value || '—', short: true })),
  };
}

/** How Mattermost displays a neutralised Markdown value: escapes resolved, word joiners invisible. */
const readsAs = (markdown: string) => markdown.replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1').replace(/\u2060/g, '').replace(/&lt;/g, '<').replace(/&#36;/g, '$').replace(/&amp;/g, '&');

/** Opens the dialog with the page's button, picks a channel by typing, writes a message and posts. */
async function shareFrom(page: Page, channel: string, message: string, frame = false) {
  const scope = frame ? page.frameLocator('#gsft_main') : page;
  await scope.getByRole('button', { name: 'Post to Mattermost' }).click();
  const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
  await dialog.getByRole('article').first().waitFor();
  await dialog.getByRole('combobox', { name: 'Channel' }).fill(channel);
  await dialog.getByRole('option', { name: new RegExp(`^${channel}`, 'i') }).first().click();
  await dialog.getByRole('textbox', { name: 'Message' }).fill(message);
  await dialog.getByRole('button', { name: 'Post' }).click();
  return dialog;
}

const INCIDENT_FIELDS: [string, string][] = [
  ['state', 'State'],
  ['priority', 'Priority'],
  ['assigned_to', 'Assigned to'],
  ['assignment_group', 'Assignment group'],
  ['caller_id', 'Caller'],
];

describe('Post to Mattermost from ServiceNow', () => {
  test('classic form: one post in the chosen channel, attachment field by field, one ServiceNow request for the card', async () => {
    const { incident } = SN_RECORDS;
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${incident.sys_id}`);
    const before = postsIn(MM_CHANNELS.incidents.id).length;
    const apiRequestsBefore = sims.sn.requests.length;
    const dialog = await shareFrom(page, 'Incidents', 'Can someone take this?');
    await expect.poll(() => dialog.getByRole('status').allTextContents()).toContain('Posted to Incidents');
    // Styled (its sheet comes from the background): a 520 px panel on an opaque background.
    expect(await dialog.evaluate((el) => [getComputedStyle(el).width, getComputedStyle(el).backgroundColor])).toEqual(['520px', 'rgb(255, 255, 255)']);
    const posts = postsIn(MM_CHANNELS.incidents.id);
    expect(posts.length - before).toBe(1);
    const post = posts.at(-1)!;
    expect(post.message).toBe('Can someone take this?');
    expect(post.user_id).toBe(MM_USERS.agent.id);
    const att = (post.props.attachments as Attachment[])[0]!;
    const { fields, ...rest } = expectedAttachment(incident, INCIDENT_FIELDS);
    expect(att).toMatchObject(rest);
    // Field values are Markdown, neutralised: they read exactly as the record's once rendered.
    expect(att.fields.map((f) => ({ ...f, value: readsAs(f.value) }))).toEqual(fields);
    expect(att.color).toMatch(/^#[0-9A-F]{6}$/i);
    // the preview's read (the post reuses it), and one read of the people it names for "Message the assignee"
    expect(sims.sn.requests.slice(apiRequestsBefore).filter((r) => r.pathname.startsWith('/api/now/')).map((r) => r.pathname).sort()).toEqual(['/api/now/table/incident', '/api/now/table/sys_user']);
    const link = dialog.getByRole('link', { name: 'Open post' });
    expect(await link.getAttribute('href')).toBe(`${MM}/ops/pl/${post.id}`);

    // …and it shows in the channel, as a real attachment block.
    const chat = await browser.context.newPage();
    await chat.goto(`${MM}/ops/channels/incidents`);
    await expect.poll(() => chat.locator(`#post_${post.id} .attachment__title-link`).textContent()).toBe(att.title);
    await expect.poll(() => chat.getByRole('listitem').filter({ has: chat.locator(`#postMessageText_${post.id}`) }).getByText(fields[1]!.value, { exact: true }).count()).toBe(1);
  });

  test('Next Experience shell: the button sits in the iframe form and shares that record', async () => {
    const { change } = SN_RECORDS;
    const page = await browser.context.newPage();
    await page.goto(`${SN}/now/nav/ui/classic/params/target/${encodeURIComponent(`change_request.do?sys_id=${change.sys_id}`)}`);
    const dialog = await shareFrom(page, 'Incidents', '', true);
    await expect.poll(() => dialog.getByRole('status').allTextContents()).toContain('Posted to Incidents');
    const att = (postsIn(MM_CHANNELS.incidents.id).at(-1)!.props.attachments as Attachment[])[0]!;
    expect(att.title_link).toBe(`${SN}/nav_to.do?uri=change_request.do%3Fsys_id%3D${change.sys_id}`);
    expect(att.fields.map((f) => f.title)).toEqual(['State', 'Priority', 'Assigned to', 'Assignment group']);
    // The shell's own top document shows no second button.
    expect(await page.getByRole('button', { name: 'Post to Mattermost' }).count()).toBe(0);
  });

  test.each([
    ['workspace', () => `${SN}/now/sow/record/incident/${SN_RECORDS.incident2.sys_id}`, SN_RECORDS.incident2],
    ['portal', () => `${SN}/sp?sys_id=${SN_RECORDS.requestItem.sys_id}&id=ticket&table=sc_req_item`, SN_RECORDS.requestItem],
    ['knowledge article', () => `${SN}/kb_view.do?sysparm_article=${SN_RECORDS.knowledge.number}`, SN_RECORDS.knowledge],
  ])('%s page: shares its record', async (_, url, rec) => {
    const page = await browser.context.newPage();
    await page.goto(url());
    const dialog = await shareFrom(page, 'Incidents', '');
    await expect.poll(() => dialog.getByRole('status').allTextContents()).toContain('Posted to Incidents');
    const att = (postsIn(MM_CHANNELS.incidents.id).at(-1)!.props.attachments as Attachment[])[0]!;
    expect(att.fallback.startsWith(`${rec.number}: `)).toBe(true);
    expect(att.title_link).toBe(`${SN}/nav_to.do?uri=${rec.table}.do%3Fsys_id%3D${rec.sys_id}`);
  });

  test("a page script can neither open the dialog, read it, nor drive the user's Post", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    await page.getByRole('button', { name: 'Post to Mattermost' }).waitFor();
    // Forged clicks and shortcut from the page's main world open nothing…
    await page.evaluate(() => (document.querySelector('nowbridge-share-button')!.shadowRoot!.querySelector('button') as HTMLButtonElement).click());
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'M', code: 'KeyM', altKey: true, shiftKey: true, bubbles: true })));
    // …and neither do a forged pointer rest, focus or Alt+Shift, which would load the dialog ahead of a click.
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Shift', code: 'ShiftLeft', altKey: true, shiftKey: true, bubbles: true })));
    await page.evaluate(() => {
      const b = document.querySelector('nowbridge-share-button')!.shadowRoot!.querySelector('button')!;
      b.dispatchEvent(new PointerEvent('pointermove', { bubbles: true }));
      b.dispatchEvent(new FocusEvent('focus'));
    });
    expect(await page.evaluate(() => document.querySelectorAll('nowbridge-frame').length)).toBe(0);
    // …the user's real click does, and everything in it is out of the page's reach.
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await dialog.getByRole('combobox', { name: 'Channel' }).fill('Incidents');
    await dialog.getByRole('option', { name: /^Incidents/ }).click();
    await dialog.getByRole('textbox', { name: 'Message' }).fill('mine-7f3a');
    // What an attacker would try next (read the channels, rewrite the message at the user's pointerdown) needs a
    // way in: the host's shadow root is closed, and an iframe in a shadow tree is not among window.frames, so the
    // page has not even a WindowProxy to post a message to.
    const seen = await page.evaluate(() => {
      const html = document.documentElement.outerHTML;
      return {
        shadow: document.querySelector('nowbridge-frame')!.shadowRoot,
        windows: window.frames.length,
        text: html.includes('mine-7f3a') || html.includes('Channels and people'),
      };
    });
    expect(seen).toEqual({ shadow: null, windows: 0, text: false });
    const before = postsIn(MM_CHANNELS.incidents.id).length;
    await dialog.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => dialog.getByRole('status').allTextContents()).toContain('Posted to Incidents');
    const posts = postsIn(MM_CHANNELS.incidents.id);
    expect(posts.length - before).toBe(1);
    expect(posts.at(-1)!.message).toBe('mine-7f3a');
  });

  test('the pointer on the button loads the dialog unseen, leaving focus in the form; the click shows it, focused', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    const field = page.getByRole('textbox', { name: 'Short description' });
    await field.click();
    await page.getByRole('button', { name: 'Post to Mattermost' }).hover();
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await expect.poll(() => dialog.getByRole('article').first().textContent()).toContain(SN_RECORDS.incident.number);
    const shown = () => page.evaluate(() => [...document.querySelectorAll('nowbridge-frame')].map((el) => getComputedStyle(el).opacity));
    expect(await shown()).toEqual(['0']);
    // unseen, and no dialog to a screen reader either
    expect(await page.evaluate(() => document.querySelector('nowbridge-frame')!.getAttribute('aria-hidden'))).toBe('true');
    // The user goes on typing in the form: the loaded dialog took no focus and no keys.
    await page.keyboard.type(' (typed)');
    expect(await field.inputValue()).toMatch(/ \(typed\)$/);
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const picker = dialog.getByRole('combobox', { name: 'Channel' });
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement && document.hasFocus())).toBe(true);
    expect(await shown()).toEqual(['1']);
    // Esc closes it; the pointer still resting on the button loads nothing more.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('NOWBRIDGE-SHARE-BUTTON');
    // (Chrome updates hover under a pointer at rest at the next frames: let two pass)
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await shown()).toEqual([]);
  });

  test('the frame page works only for the tab NowBridge opened it for, once', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    // The page can't know the dynamic URL; even given it (here, from the worker), a frame it loads itself refuses.
    const url = await browser.worker.evaluate(() => chrome.runtime.getURL('/frame.html'));
    await page.evaluate((u) => {
      for (const id of ['', '0123456789abcdef0123456789abcdef']) {
        const f = document.createElement('iframe');
        f.src = `${u}#${id}`;
        document.body.append(f);
      }
    }, url);
    await expect.poll(async () => {
      const texts = await Promise.all(page.frames().filter((f) => f.url().includes('/frame.html')).map((f) => f.locator('body').innerText().catch(() => '')));
      return texts.filter((t) => t.includes('works only when NowBridge opens it')).length;
    }).toBe(2);
    // a session is claimed once: reloading the real dialog's frame gets nothing either
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const frame = await findFrame(page, 'dialog', 'Share to Mattermost');
    await frame.evaluate(() => location.reload());
    await expect.poll(() => frame.locator('body').innerText().catch(() => '')).toContain('works only when NowBridge opens it');
  });

  test('keys typed in the dialog stay there, focus is trapped, Esc closes it and focus returns to the button', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    const button = page.getByRole('button', { name: 'Post to Mattermost' });
    await button.click();
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    const picker = dialog.getByRole('combobox', { name: 'Channel' });
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement && document.hasFocus())).toBe(true);
    await page.evaluate(() => {
      (window as unknown as { seen: string[] }).seen = [];
      for (const t of ['keydown', 'keypress', 'keyup', 'click']) document.addEventListener(t, (e) => (window as unknown as { seen: string[] }).seen.push(e.type), true);
    });
    await page.keyboard.type('Inci');
    expect(await picker.inputValue()).toBe('Inci');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('nowbridge-frame').length)).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('NOWBRIDGE-SHARE-BUTTON');
  });

  test('no button on a new record or a list', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=-1`);
    await page.locator('#sys_uniqueValue').waitFor({ state: 'attached' });
    const control = await browser.context.newPage();
    await control.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    await control.getByRole('button', { name: 'Post to Mattermost' }).waitFor(); // scripts have run
    expect(await page.getByRole('button', { name: 'Post to Mattermost' }).count()).toBe(0);
    await page.goto(`${SN}/incident_list.do?sysparm_query=active=true`);
    await control.reload();
    await control.getByRole('button', { name: 'Post to Mattermost' }).waitFor();
    expect(await page.getByRole('button', { name: 'Post to Mattermost' }).count()).toBe(0);
  });

  test('a record form framed by a site that is not one of your instances gets nothing: no button, no shortcut', async () => {
    // The custom-domain instance, so that the framing sites (*.example.test) are same-site and its session
    // cookies reach the frame: the framed form really renders, signed in.
    const custom = `https://${HOSTS.servicenowCustom}`;
    await configureSites(browser.worker, { servicenow: [SN, custom], mattermost: [MM] });
    await signInBrowser(browser.context, HOSTS.servicenowCustom, sims.sn.control.signIn(SN_USERS.agent.user_name).cookies);
    const form = `${custom}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`;
    const page = await browser.context.newPage();
    const lines: string[] = [];
    page.on('console', (m) => {
      if (m.text().startsWith('NowBridge servicenow')) lines.push(m.text());
    });
    // Not granted (NowBridge can't see the tab's address), and granted but not configured.
    for (const host of [HOSTS.unrelated, HOSTS.notMattermost]) {
      lines.length = 0;
      await page.goto(`https://${host}/embed?src=${encodeURIComponent(form)}`);
      const frame = page.frameLocator('#embedded');
      await frame.locator('#sys_uniqueValue').waitFor({ state: 'attached' }); // the form is there
      await expect.poll(() => lines).toEqual(['NowBridge servicenow idle: the top-level page is not a configured site']);
      await frame.locator('body').press('Alt+Shift+M');
      expect(await frame.getByRole('button', { name: 'Post to Mattermost' }).count()).toBe(0);
      expect(await frame.getByRole('dialog').count()).toBe(0);
      expect(await frame.locator('html').getAttribute('data-nowbridge')).toBe(null);
    }
    // The same form as a top-level page gets its button.
    lines.length = 0;
    await page.goto(form);
    await page.getByRole('button', { name: 'Post to Mattermost' }).waitFor();
    expect(lines).toEqual(['NowBridge servicenow started']);
  });

  test('a hostile record posts as literal text: no mention, no link, no markup', async () => {
    const { hostileMention, hostileMarkdown } = SN_RECORDS;
    for (const rec of [hostileMention, hostileMarkdown]) {
      const page = await browser.context.newPage();
      await page.goto(`${SN}/incident.do?sys_id=${rec.sys_id}`);
      const dialog = await shareFrom(page, 'Incidents', '');
      await expect.poll(() => dialog.getByRole('status').allTextContents()).toContain('Posted to Incidents');
      const att = (postsIn(MM_CHANNELS.incidents.id).at(-1)!.props.attachments as Attachment[])[0]!;
      const admin = sims.sn.store.userByName('admin')!;
      const short = sims.sn.store.readDisplay('incident', rec.sys_id, admin)!.short_description!.display_value;
      expect(att.title).toBe(`${rec.number}: ${short}`); // plain text beside title_link: exactly the record's
      const markdown = [att.fields.map((f) => f.value).join('\n'), (att as { text?: string }).text ?? ''].join('\n');
      expect(markdown).not.toMatch(/@(channel|here|all)\b/);
      expect(markdown).not.toMatch(/\]\(|https?:\/\//);
    }
  });

  test('double-click on Post makes one post; the typed text and channel stay after a refusal', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await dialog.getByRole('combobox', { name: 'Channel' }).fill('Announcements');
    await dialog.getByRole('option', { name: /^Announcements/ }).click();
    await dialog.getByRole('textbox', { name: 'Message' }).fill('Heads up');
    await dialog.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Only admins can post in this channel.');
    expect(await dialog.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('Heads up');
    expect(await dialog.getByRole('combobox', { name: 'Channel' }).inputValue()).toMatch(/^Announcements/);

    await dialog.getByRole('combobox', { name: 'Channel' }).fill('Incidents');
    await dialog.getByRole('option', { name: /^Incidents/ }).click();
    const before = postsIn(MM_CHANNELS.incidents.id).length;
    await dialog.getByRole('button', { name: 'Post' }).dblclick();
    await expect.poll(() => dialog.getByRole('status').allTextContents()).toContain('Posted to Incidents');
    expect(postsIn(MM_CHANNELS.incidents.id).length - before).toBe(1);
  });

  test('a 429 from Mattermost, then success: exactly one post', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await dialog.getByRole('combobox', { name: 'Channel' }).fill('Incidents');
    await dialog.getByRole('option', { name: /^Incidents/ }).click();
    const before = postsIn(MM_CHANNELS.incidents.id).length;
    sims.mm.control.failNext(1, 429);
    await dialog.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => dialog.getByRole('status').allTextContents(), { timeout: 15_000 }).toContain('Posted to Incidents');
    expect(postsIn(MM_CHANNELS.incidents.id).length - before).toBe(1);
  });

  test('keyboard: Alt+Shift+M opens the dialog, the last channel is remembered, Ctrl+Enter posts', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    await shareFrom(page, 'Incidents', 'first');
    await expect.poll(() => postsIn(MM_CHANNELS.incidents.id).at(-1)?.message).toBe('first');
    await page.reload();
    await page.getByRole('button', { name: 'Post to Mattermost' }).waitFor();
    await page.keyboard.press('Alt+Shift+KeyM');
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Channel' }).inputValue()).toMatch(/^Incidents/);
    // the keys go where focus is: wait for it in the dialog, as the user sees it arrive (a busy machine is slow to move it)
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Channel' }).evaluate((el) => el === document.activeElement && document.hasFocus())).toBe(true);
    const before = postsIn(MM_CHANNELS.incidents.id).length;
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => postsIn(MM_CHANNELS.incidents.id).length).toBe(before + 1);
  });
});

describe('context menu', () => {
  test('"Share to Mattermost" on a record link in an unrelated page opens the share window for that record', async () => {
    const { problem } = SN_RECORDS;
    const page = await browser.context.newPage();
    await page.goto(`https://${HOSTS.unrelated}/`);
    // NowBridge has no access to this site, so it can't even see the tab's address: take the newest tab.
    const tabId = await browser.worker.evaluate(async () => (await chrome.tabs.query({})).at(-1)!.id!);
    const opened = browser.context.waitForEvent('page');
    await browser.worker.evaluate(
      ([id, url]) =>
        (globalThis as unknown as { nowbridgeContextMenu(info: object, tab: object): Promise<void> }).nowbridgeContextMenu(
          { menuItemId: 'nb-share', linkUrl: url, pageUrl: 'https://news.example.test/' },
          { id, title: 'News' },
        ),
      [tabId, `${SN}/nav_to.do?uri=problem.do%3Fsys_id%3D${problem.sys_id}`] as const,
    );
    const win = await opened;
    const dialog = win.getByRole('dialog', { name: 'Share to Mattermost' });
    await expect.poll(() => dialog.getByRole('article').first().getAttribute('aria-label')).toMatch(new RegExp(`^${problem.number}`));
    await dialog.getByRole('combobox', { name: 'Channel' }).fill('Incidents');
    await dialog.getByRole('option', { name: /^Incidents/ }).click();
    await dialog.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => (postsIn(MM_CHANNELS.incidents.id).at(-1)?.props.attachments as Attachment[] | undefined)?.[0]?.fallback).toMatch(
      new RegExp(`^${problem.number}: `),
    );
  });

  test('"Share to recent channel" posts a selection as a quote with its source, in one click', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    await shareFrom(page, 'Incidents', 'seed the recent list');
    await expect.poll(() => postsIn(MM_CHANNELS.incidents.id).at(-1)?.message).toBe('seed the recent list');
    await expect.poll(() => browser.worker.evaluate(async () => Object.keys((await chrome.storage.local.get('recentTargets')).recentTargets ?? {}))).toEqual([MM]);
    // a click on the most recent target
    const recentKey = await browser.worker.evaluate(async () => {
      const all = (await chrome.storage.local.get('recentTargets')).recentTargets as Record<string, { key: string; server: string }[]>;
      const t = Object.values(all)[0]![0]!;
      return `nb-recent|${t.server}|${t.key}`;
    });
    await browser.worker.evaluate(async (menuItemId) => {
      const menu = (globalThis as unknown as { nowbridgeContextMenu(info: object, tab: object): Promise<void> }).nowbridgeContextMenu;
      await menu({ menuItemId, selectionText: 'The @channel outage [is](https://evil.example) over', pageUrl: 'https://news.example.test/story' }, { id: -1, title: 'Story' });
    }, recentKey);
    await expect.poll(() => postsIn(MM_CHANNELS.incidents.id).at(-1)?.message).toMatch(/^> The @\u2060channel outage/);
    const message = postsIn(MM_CHANNELS.incidents.id).at(-1)!.message;
    expect(message).toContain('[Story](https://news.example.test/story)');
    expect(message).not.toMatch(/@channel\b|\]\(https:\/\/evil/);
  });

  test('"Share to recent channel" on a link in a record page posts that link, not the record, even with text selected', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`);
    await shareFrom(page, 'Incidents', 'seed for the link');
    await expect.poll(() => postsIn(MM_CHANNELS.incidents.id).at(-1)?.message).toBe('seed for the link');
    await expect.poll(() => browser.worker.evaluate(async () => Object.keys((await chrome.storage.local.get('recentTargets')).recentTargets ?? {}))).toEqual([MM]);
    const recentKey = await browser.worker.evaluate(async () => {
      const all = (await chrome.storage.local.get('recentTargets')).recentTargets as Record<string, { key: string; server: string }[]>;
      const t = Object.values(all)[0]![0]!;
      return `nb-recent|${t.server}|${t.key}`;
    });
    const before = postsIn(MM_CHANNELS.incidents.id).length;
    await browser.worker.evaluate(
      async ([menuItemId, pageUrl]) => {
        const menu = (globalThis as unknown as { nowbridgeContextMenu(info: object, tab: object): Promise<void> }).nowbridgeContextMenu;
        await menu({ menuItemId, linkUrl: 'https://status.example.test/outage', selectionText: 'Assigned to', pageUrl }, { id: -1, title: 'INC | ServiceNow' });
      },
      [recentKey, page.url()] as const,
    );
    await expect.poll(() => postsIn(MM_CHANNELS.incidents.id).length).toBe(before + 1);
    const post = postsIn(MM_CHANNELS.incidents.id).at(-1)!;
    expect(post.message).toBe('https://status.example.test/outage');
    expect(post.props?.attachments).toBeUndefined(); // no record card
  });
});
