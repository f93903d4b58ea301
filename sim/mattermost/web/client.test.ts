/**
 * The page script, run for real: the server renders the page, a fresh happy-dom Window executes its
 * inline script, and the page's fetch/WebSocket are wired straight back to the same handler. There
 * is no layout in happy-dom, so rows keep their estimated heights and the viewport is the fallback.
 */
import { describe, expect, it } from 'vitest';
import { IDS, pid } from './fake-store';
import { createWebApp } from './index';
import { call, longChannel, openPage, ORIGIN, pressKey, typeInto, type Page } from './test-page';

function scrollTo(page: Page, top: number): void {
  const sc = page.doc.getElementById('postListScrollContainer')!;
  sc.scrollTop = top;
  sc.dispatchEvent(new page.win.Event('scroll') as unknown as Event);
}

describe('page shell', () => {
  it('builds the real list structure, header and composer', async () => {
    const page = await openPage(longChannel(), `/ops/channels/incidents/${pid(30)}`);
    const { doc } = page;
    expect(doc.querySelector('#root #channel-header #channelHeaderTitle strong.heading')!.textContent).toBe('Incidents');
    const link = doc.querySelector(
      'div#postListContent.post-list__content > div > div#postListScrollContainer.dynamic_virtualized_list.post-list__dynamic > ' +
        `div.inner_list[role=list] > div.item_measurer[role=listitem] > div#post_${pid(30)}.post.post--highlight > .post__content > div > ` +
        `.post__body#${pid(30)}_message > .AutoHeight > div > .post-message > .post-message__text-container > #postMessageText_${pid(30)}.post-message__text > p > ` +
        'a.theme.markdown__link[target=_blank][rel=noreferrer]',
    );
    expect(link?.getAttribute('href')).toContain('incident.do?sys_id=');
    const box = doc.querySelector('textarea#post_textbox[data-testid=post_textbox]')!;
    expect(box.getAttribute('aria-label')).toBe('write to incidents');
    expect(doc.querySelector('#sidebarItem_incidents.SidebarLink.active')).not.toBeNull();
    // the date separator and the unread line are rows too (here out of range, so placeholders)
    expect(page.sim.rowKeys()[0]).toMatch(/^date-\d{4}-\d\d-\d\d$/);
    expect(page.sim.rowKeys()).toContain('new-messages');
  });
});

describe('virtualised list', () => {
  it('mounts only the rows near the viewport; the rest are empty placeholders', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    const keys: string[] = page.sim.mountedKeys();
    expect(keys).toContain(pid(60));
    expect(keys).not.toContain(pid(1));
    expect(keys.length).toBeLessThan(30);
    expect(page.doc.getElementById(`post_${pid(1)}`)).toBeNull();
    const ph = page.doc.querySelector(`.inner_list > [data-sim-key="${pid(1)}"]`) as HTMLElement;
    expect(ph.childNodes).toHaveLength(0);
    expect(ph.style.height).toMatch(/^\d+px$/);
    // one slot per row, in order
    expect(page.doc.querySelector('.inner_list')!.children).toHaveLength(page.sim.rowKeys().length);
  });

  it('unmounts rows scrolled out of range (injected nodes lost) and re-creates fresh DOM on return', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    const { doc } = page;
    const before = doc.getElementById(`post_${pid(60)}`)!;
    const card = doc.createElement('div');
    card.className = 'nowbridge-card';
    before.querySelector('.post__body')!.append(card);

    scrollTo(page, 0);
    expect(doc.getElementById(`post_${pid(60)}`)).toBeNull();
    expect(doc.querySelector('.nowbridge-card')).toBeNull();
    expect((doc.querySelector(`[data-sim-key="${pid(60)}"]`) as HTMLElement).childNodes).toHaveLength(0);
    expect(doc.getElementById(`post_${pid(1)}`)).not.toBeNull();

    scrollTo(page, 1e6);
    const after = doc.getElementById(`post_${pid(60)}`)!;
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(after.querySelector('.nowbridge-card')).toBeNull();
    expect(doc.getElementById(`post_${pid(1)}`)).toBeNull();
  });

  it('appends live posts at the bottom, from any author (the API included)', async () => {
    const store = longChannel();
    const page = await openPage(store, '/ops/channels/incidents');
    store.add({ id: pid(61), channel_id: IDS.incidents, message: 'live https://acme.service-now.com/x', user_id: IDS.david }, true);
    store.add({ id: pid(101), channel_id: IDS.town, message: 'elsewhere' }, true);
    expect(page.sim.rowKeys().at(-1)).toBe(pid(61));
    expect(page.doc.querySelector(`.item_measurer > #post_${pid(61)} #postMessageText_${pid(61)} a.markdown__link`)).not.toBeNull();
    expect(page.doc.getElementById(`post_${pid(101)}`)).toBeNull();
  });

  it('replaces only the children of .post-message__text on edit', async () => {
    const store = longChannel();
    const page = await openPage(store, '/ops/channels/incidents');
    const row = page.doc.getElementById(`post_${pid(59)}`)!;
    const text = page.doc.getElementById(`postMessageText_${pid(59)}`)!;
    const oldP = text.firstElementChild;
    store.edit(pid(59), 'edited https://acme.service-now.com/change_request.do?sys_id=46e9b4afa9fe198101026e122b85f442');
    expect(page.doc.getElementById(`post_${pid(59)}`)).toBe(row);
    expect(page.doc.getElementById(`postMessageText_${pid(59)}`)).toBe(text);
    expect(text.firstElementChild).not.toBe(oldP);
    expect(text.querySelector('a.markdown__link')!.getAttribute('href')).toContain('change_request.do');
    expect(text.querySelector('.post-edited__indicator')!.textContent).toBe('Edited');
    expect(row.querySelector('.post__body')!.classList.contains('post--edited')).toBe(true);
    // and the edit survives an unmount/remount
    scrollTo(page, 0);
    scrollTo(page, 1e6);
    expect(page.doc.getElementById(`postMessageText_${pid(59)}`)!.textContent).toContain('edited');
  });

  it('shows (message deleted) when a post is deleted', async () => {
    const store = longChannel();
    const page = await openPage(store, '/ops/channels/incidents');
    const p = store.postById(pid(58))!;
    p.delete_at = Date.now();
    store.emit({ kind: 'deleted', post: p });
    expect(page.doc.getElementById(`post_${pid(58)}`)!.querySelector('.post__body > .AutoHeight > div')!.innerHTML).toBe('<p>(message deleted)</p>');
  });
});

describe('reactions and collapsed threads, as React re-renders them', () => {
  it('a reaction re-renders only the reactions row; a foreign node after the message stays', async () => {
    const store = longChannel();
    const page = await openPage(store, '/ops/channels/incidents');
    const body = page.doc.getElementById(`post_${pid(59)}`)!.querySelector('.post__body')!;
    const foreign = page.doc.createElement('x-foreign');
    body.querySelector(':scope > .AutoHeight')!.after(foreign);
    const p = store.postById(pid(59))!;
    p.metadata = { ...p.metadata, reactions: [{ user_id: IDS.david, emoji_name: 'tada' }] };
    store.emit({ kind: 'reacted', post: p });
    expect([...body.children].map((c) => c.tagName.toLowerCase() + '.' + c.className)).toEqual(['div.AutoHeight', 'x-foreign.', 'div.post__body-reactions-acks']);
    expect(body.querySelector('.post__body-reactions-acks button.Reaction')!.getAttribute('aria-label')).toBe('1 reacted with :tada:');
  });

  it('with collapsed threads, replies stay out of the center and a reply adds the root\'s footer last', async () => {
    const store = longChannel();
    store.add({ id: pid(70), channel_id: IDS.incidents, message: 'earlier reply', root_id: pid(58) });
    const app = createWebApp(store, { subpath: '', settings: () => ({ collapsedThreads: true }) });
    const page = await openPage(store, '/ops/channels/incidents', app);
    expect(page.sim.rowKeys()).not.toContain(pid(70));
    const root = page.doc.getElementById(`post_${pid(59)}`)!;
    const body = root.querySelector('.post__body')!;
    expect(body.querySelector('.ThreadFooter')).toBeNull();
    store.add({ id: pid(71), channel_id: IDS.incidents, message: 'a reply', root_id: pid(59), user_id: IDS.david }, true);
    expect(page.doc.getElementById(`post_${pid(71)}`)).toBeNull();
    expect(page.doc.getElementById(`post_${pid(59)}`)).toBe(root);
    expect(body.lastElementChild!.className).toBe('ThreadFooter');
    expect(body.lastElementChild!.textContent).toBe('1 reply');
    store.add({ id: pid(72), channel_id: IDS.incidents, message: 'another', root_id: pid(59) }, true);
    expect(body.querySelectorAll('.ThreadFooter').length).toBe(1);
    expect(body.lastElementChild!.textContent).toBe('2 replies');
  });
});

describe('navigation', () => {
  it('switches channel with pushState, replacing the whole #postListContent', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    const oldContent = page.doc.getElementById('postListContent');
    (page.doc.getElementById('sidebarItem_town-square') as HTMLElement).click();
    await page.sim.idle();
    expect(page.win.location.pathname).toBe('/ops/channels/town-square');
    expect(page.doc.getElementById('postListContent')).not.toBe(oldContent);
    expect(oldContent!.isConnected).toBe(false);
    expect(page.doc.getElementById(`post_${pid(100)}`)).not.toBeNull();
    expect(page.doc.querySelector('#channelHeaderTitle strong.heading')!.textContent).toBe('Town Square');
    expect(page.doc.getElementById('post_textbox')!.getAttribute('aria-label')).toBe('write to town square');
  });

  it('keeps posts that arrive while the next channel loads, each once', async () => {
    const store = longChannel();
    const page = await openPage(store, '/ops/channels/incidents');
    const fetchView = page.win.fetch;
    page.win.fetch = async (input: string, init?: object) => {
      // One post lands before the server answers (so the view holds it), one after (so only the event has it).
      if (input.includes('view?')) store.add({ id: pid(101), channel_id: IDS.town, message: 'in the view' }, true);
      const res = await fetchView(input, init);
      if (input.includes('view?')) store.add({ id: pid(102), channel_id: IDS.town, message: 'only live' }, true);
      return res;
    };
    (page.doc.getElementById('sidebarItem_town-square') as HTMLElement).click();
    await page.sim.idle();
    expect(page.doc.querySelectorAll(`#post_${pid(101)}`).length).toBe(1);
    expect(page.doc.querySelectorAll(`#post_${pid(102)}`).length).toBe(1);
    expect(page.sim.rowKeys().filter((k: string) => k === pid(101) || k === pid(102))).toEqual([pid(101), pid(102)]);
  });

  it('catches up on posts made between the page rendering and its live stream opening', async () => {
    const store = longChannel();
    const page = await openPage(store, '/ops/channels/incidents', undefined, () => {
      store.add({ id: pid(61), channel_id: IDS.incidents, message: 'posted meanwhile' });
      store.edit(pid(60), 'edited meanwhile');
    });
    await page.sim.idle();
    expect(page.sim.rowKeys().filter((k: string) => k === pid(61))).toEqual([pid(61)]);
    page.sim.scrollToRow(page.sim.rowKeys().length - 1);
    expect(page.doc.getElementById(`postMessageText_${pid(61)}`)!.textContent).toBe('posted meanwhile');
    expect(page.doc.getElementById(`postMessageText_${pid(60)}`)!.textContent).toMatch(/^edited meanwhile/);
  });

  it('follows site links (data-link) without a reload', async () => {
    const store = longChannel();
    store.add({ id: pid(200), channel_id: IDS.town, message: `${ORIGIN}/ops/pl/${pid(30)}` });
    const page = await openPage(store, '/ops/channels/town-square');
    const a = page.doc.querySelector(`#postMessageText_${pid(200)} a[data-link]`) as HTMLElement;
    a.click();
    await page.sim.idle();
    expect(page.win.location.pathname).toBe(`/ops/pl/${pid(30)}`);
    expect(page.doc.querySelector(`#post_${pid(30)}.post--highlight`)).not.toBeNull();
  });
});

describe('RHS', () => {
  it('opens a thread from the Reply button and shows live replies', async () => {
    const store = longChannel();
    store.add({ id: pid(61), channel_id: IDS.incidents, message: 'reply one', root_id: pid(60) });
    const page = await openPage(store, '/ops/channels/incidents');
    (page.doc.querySelector(`#post_${pid(60)} button[aria-label="Reply"]`) as HTMLElement).click();
    await page.sim.idle();
    const rhs = page.doc.querySelector('#sidebar-right #rhsContainer')!;
    expect(rhs.querySelector(`div#rhsPost_${pid(60)}.post #rhsPostMessageText_${pid(60)}.post-message__text`)).not.toBeNull();
    expect(rhs.querySelector(`#rhsPost_${pid(61)} .post__body`)!.hasAttribute('id')).toBe(false);
    expect(rhs.querySelector('#reply_textbox')).not.toBeNull();
    store.add({ id: pid(62), channel_id: IDS.incidents, message: 'reply two', root_id: pid(60) }, true);
    expect(rhs.querySelector(`#rhsPost_${pid(62)}`)).not.toBeNull();
  });

  it('click to open threads: a click in a centre post opens its thread, unless it lands on something clickable', async () => {
    const store = longChannel();
    store.add({ id: pid(61), channel_id: IDS.incidents, message: 'reply one', root_id: pid(60) });
    store.add({ id: pid(62), channel_id: IDS.incidents, message: 'see https://example.com/x' });
    const page = await openPage(store, '/ops/channels/incidents');
    const rhsOpen = () => page.doc.querySelector('#sidebar-right')!.classList.contains('is-open');
    const click = async (el: Element) => {
      (el as HTMLElement).click();
      await page.sim.idle();
    };
    const close = () => (page.doc.getElementById('rhsCloseButton') as HTMLElement | null)?.click();

    // Clickable things inside the post: a link, a button (the author's name), an element with role=button.
    await click(page.doc.querySelector(`#post_${pid(62)} a.markdown__link`)!);
    await click(page.doc.querySelector(`#post_${pid(60)} .user-popover`)!);
    const roleButton = page.doc.createElement('span');
    roleButton.setAttribute('role', 'button');
    page.doc.getElementById(`postMessageText_${pid(60)}`)!.append(roleButton);
    await click(roleButton);
    expect(rhsOpen()).toBe(false);

    // Plain text of a reply opens the thread of its root.
    await click(page.doc.querySelector(`#postMessageText_${pid(61)} p`)!);
    expect(rhsOpen()).toBe(true);
    expect(page.doc.querySelector(`#rhsPost_${pid(60)}`)).not.toBeNull();
    close();

    // A click inside a shadow root reaches the post retargeted to its host, which is no button: the thread opens,
    // unless the host keeps the click to itself. (happy-dom does not retarget, so the click is sent as the
    // document sees it in a browser: with the host as its target.)
    const host = page.doc.createElement('nowbridge-cards');
    const button = page.doc.createElement('button');
    host.attachShadow({ mode: 'closed' }).append(button);
    page.doc.querySelector(`#post_${pid(59)} .post__body`)!.append(host);
    const composedClick = async () => {
      host.dispatchEvent(new page.win.MouseEvent('click', { bubbles: true, composed: true }) as unknown as Event);
      await page.sim.idle();
    };
    await composedClick();
    expect(rhsOpen()).toBe(true);
    close();
    host.addEventListener('click', (e) => e.stopPropagation());
    await composedClick();
    expect(rhsOpen()).toBe(false);
  });

  it('click to open threads can be turned off', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents?click_to_open_threads=false');
    (page.doc.querySelector(`#postMessageText_${pid(60)} p`) as HTMLElement).click();
    await page.sim.idle();
    expect(page.doc.querySelector('#sidebar-right')!.classList.contains('is-open')).toBe(false);
  });

  it('shows search results with highlighted terms', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    const box = page.doc.querySelector('input#searchBox[name=Search]') as HTMLInputElement;
    box.value = 'acme';
    box.dispatchEvent(new page.win.KeyboardEvent('keydown', { key: 'Enter' }) as unknown as Event);
    await page.sim.idle();
    const hit = page.doc.querySelector(`#searchContainer div#searchResult_${pid(30)}.post.search-item__container`)!;
    expect(hit.querySelector('.post__body.search-item-snippet a.markdown__link.search-highlight')).not.toBeNull();
  });
});

describe('composer', () => {
  const enter = (page: Page, el: Element) => pressKey(page, el, 'Enter');

  it('posts the React state on Enter, not a value set without an input event', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    const box = page.doc.getElementById('post_textbox') as HTMLTextAreaElement;
    box.value = 'set silently';
    enter(page, box);
    expect(page.posted).toHaveLength(0);

    typeInto(page, box, 'typed INC0010001');
    enter(page, box);
    expect(page.posted).toHaveLength(1);
    const [req] = page.posted;
    expect(req!.url).toBe('/api/v4/posts');
    expect(req!.headers['X-CSRF-Token']).toBe('csrf-token-1');
    expect(req!.body).toMatchObject({ channel_id: IDS.incidents, message: 'typed INC0010001', root_id: '' });
    expect(box.value).toBe('');
  });

  it('offers a contenteditable composer under ?wysiwyg, and the RHS reply box posts with root_id', async () => {
    const store = longChannel();
    const page = await openPage(store, '/ops/channels/incidents?wysiwyg=1');
    const box = page.doc.querySelector('div#post_textbox[contenteditable=true][role=textbox]')!;
    typeInto(page, box, 'rich text');
    enter(page, box);
    expect(page.posted[0]!.body).toMatchObject({ message: 'rich text', root_id: '' });
    expect(box.textContent).toBe('');

    await page.sim.openThread(pid(60));
    const reply = page.doc.querySelector('#rhsContainer #reply_textbox')!;
    typeInto(page, reply, 'a reply');
    enter(page, reply);
    expect(page.posted[1]!.body).toMatchObject({ message: 'a reply', root_id: pid(60), channel_id: IDS.incidents });
  });
});

describe('themes', () => {
  it('switches without reload from the page and from /__sim/theme', async () => {
    const store = longChannel();
    const app = createWebApp(store, { subpath: '' });
    const page = await openPage(store, '/ops/channels/incidents', app);
    const style = page.doc.getElementById('sim-theme')!;
    expect(style.textContent).toContain('--center-channel-bg:#ffffff');
    page.win.__simSetTheme('dark');
    expect(style.textContent).toContain('--center-channel-bg:#191b1f');
    (page.doc.getElementById('simToggleTheme') as HTMLElement).click();
    expect(style.textContent).toContain('--center-channel-bg:#ffffff');
    await call(app, 'GET', '/__sim/theme?name=dark');
    expect(style.textContent).toContain('--center-channel-bg:#191b1f');
  });
});
