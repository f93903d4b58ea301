import { describe, expect, it } from 'vitest';
import { FakeStore, IDS, pid } from './fake-store';
import { postHtml, type RenderContext } from './post-html';

const SITE = 'https://chat.example.test';

function setup() {
  const store = new FakeStore();
  const ctx: RenderContext = { store, me: store.userById(IDS.beth)!, siteUrl: SITE, subpath: '', teamName: 'ops' };
  const render = (id: string, o: Parameters<typeof postHtml>[2] = { location: 'center' }) => {
    const host = document.createElement('div');
    host.innerHTML = postHtml(store.postById(id)!, ctx, o);
    return host.firstElementChild as HTMLElement;
  };
  return { store, ctx, render };
}

const card = {
  fallback: 'INC0010001',
  color: '#d24b4e',
  pretext: 'Shared by @beth',
  title: 'INC0010001: <b>Mail</b> down',
  title_link: 'https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3Dabc',
  text: 'Outbound mail is *stuck*',
  fields: [
    { title: 'State', value: 'In Progress', short: true },
    { title: 'Priority', value: '1 - Critical', short: true },
    { title: 'Description', value: 'long text', short: false },
  ],
  footer: 'ServiceNow',
  ts: 1_790_000_000,
};

describe('center post DOM', () => {
  it('has the real ids and classes down to the link (`webapp/channels/src/components/post/post_component.tsx`)', () => {
    const { store, render } = setup();
    const id = pid(1);
    store.add({ id, channel_id: IDS.incidents, message: 'see https://acme.service-now.com/incident.do?sys_id=9d385017c611228701d22104cc95c371' });
    const row = render(id);
    expect(row.matches(`div[role=listitem]#post_${id}.a11y__section.post.current--user[data-testid=postView]`)).toBe(true);
    const a = row.querySelector(
      `:scope > div.post__content[role=application][data-testid=postContent] > div.post__img + div > div.post__body#${id}_message > div.AutoHeight > div > ` +
        `div.post-message > div.post-message__text-container > div#postMessageText_${id}.post-message__text[dir=auto] > p > ` +
        'a.theme.markdown__link[target=_blank][rel=noreferrer]',
    );
    expect(a?.getAttribute('href')).toBe('https://acme.service-now.com/incident.do?sys_id=9d385017c611228701d22104cc95c371');
    const header = row.querySelector('.post__header')!;
    expect(header.textContent).toContain('beth');
    expect(header.querySelector('a.post__permalink')?.getAttribute('href')).toBe(`/ops/pl/${id}`);
    // the hover strip before any hover (post_options.tsx): dot menu first, reaction, save; no comment icon on a root
    // without replies
    const strip = header.querySelector(`ul.col.post-menu[data-testid="post-menu-${id}"]`)!;
    expect([...strip.children].map((li) => li.tagName + '>' + li.firstElementChild!.id)).toEqual([
      `LI>CENTER_button_${id}`, `LI>CENTER_reaction_${id}`, `LI>CENTER_flagIcon_${id}`,
    ]);
    expect(strip.querySelector(`button#CENTER_button_${id}.post-menu__item[data-testid="PostDotMenu-Button-${id}"][aria-label=more][aria-haspopup=true][aria-expanded=false]`)).not.toBeNull();
    expect(row.querySelector('button[aria-label="Reply"]')).toBeNull();
  });

  it('marks same--user, post--comment/same--root, post--root, edited, system, bot and highlight', () => {
    const { store, render } = setup();
    const [a, b, c, sys, bot] = [1, 2, 3, 4, 5].map(pid) as [string, string, string, string, string];
    store.add({ id: a, channel_id: IDS.incidents, message: 'root', user_id: IDS.david });
    store.add({ id: b, channel_id: IDS.incidents, message: 'reply', user_id: IDS.david, root_id: a, edit_at: 1 });
    store.add({ id: c, channel_id: IDS.incidents, message: 'reply 2', root_id: a });
    store.add({ id: sys, channel_id: IDS.incidents, message: 'beth joined the channel.', type: 'system_join_channel' });
    store.add({ id: bot, channel_id: IDS.incidents, message: '', user_id: IDS.bot, props: { from_bot: 'true', attachments: [card] }, metadata: { embeds: [{ type: 'message_attachment' }] } });
    const get = (id: string) => store.postById(id)!;
    expect(render(a).className).toContain('post--root');
    const rb = render(b, { location: 'center', prev: get(a) });
    expect(rb.classList).toContain('post--comment');
    expect(rb.classList).toContain('same--root');
    expect(rb.classList).toContain('same--user');
    expect(rb.classList).not.toContain('current--user');
    expect(rb.querySelector('.post__body')!.classList).toContain('post--edited');
    expect(rb.querySelector(`#postMessageText_${b} .post-edited__indicator`)?.textContent).toBe('Edited');
    expect(render(c, { location: 'center', prev: get(b) }).className).not.toContain('same--user');
    const rs = render(sys);
    expect(rs.classList).toContain('post--system');
    expect(rs.querySelector('.post__header')!.textContent).toContain('System');
    const rbot = render(bot, { location: 'center', highlighted: true });
    expect(rbot.classList).toContain('post--bot');
    expect(rbot.classList).toContain('post--highlight');
    expect(rbot.querySelector('.BotTag')?.textContent).toBe('BOT');
  });

  it('renders a deleted post as (message deleted) only', () => {
    const { store, render } = setup();
    store.add({ id: pid(1), channel_id: IDS.incidents, message: 'secret https://x.example', delete_at: 5 });
    const body = render(pid(1)).querySelector('.post__body')!;
    expect(body.querySelector(':scope > .AutoHeight > div')!.innerHTML).toBe('<p>(message deleted)</p>');
    expect(body.textContent).toBe('(message deleted)');
  });
});

describe('below the message (post_component.tsx: AutoHeight, reactions, thread footer)', () => {
  it('puts the reactions row and, with collapsed threads, the thread footer after the AutoHeight block', () => {
    const { store, ctx, render } = setup();
    const [root, reply] = [pid(1), pid(2)];
    store.add({ id: root, channel_id: IDS.incidents, message: 'root', metadata: { reactions: [{ user_id: IDS.david, emoji_name: 'eyes' }, { user_id: IDS.beth, emoji_name: 'eyes' }] } });
    store.add({ id: reply, channel_id: IDS.incidents, message: 'reply', root_id: root });
    const kids = (el: Element) => [...el.querySelector('.post__body')!.children].map((c) => c.className);
    expect(kids(render(root))).toEqual(['AutoHeight', 'post__body-reactions-acks']);
    expect(render(root).querySelector('.post__body-reactions-acks [role=group][aria-label=reactions] button.Reaction')!.getAttribute('aria-label')).toBe('2 reacted with :eyes:');
    ctx.collapsedThreads = true;
    const row = render(root);
    expect(kids(row)).toEqual(['AutoHeight', 'post__body-reactions-acks', 'ThreadFooter']);
    expect(row.querySelector('.ThreadFooter button')!.textContent).toBe('1 reply');
    // not on a reply, not in the thread panel, no reactions row in search results
    expect(kids(render(reply))).toEqual(['AutoHeight', 'post__body-reactions-acks']);
    expect(kids(render(root, { location: 'rhs' }))).toEqual(['AutoHeight', 'post__body-reactions-acks']);
    expect(kids(render(root, { location: 'search' }))).toEqual(['AutoHeight', 'ThreadFooter']);
  });
});

describe('attachments', () => {
  it('renders the real .attachment block with title link, text, fields and footer', () => {
    const { store, render } = setup();
    const id = pid(1);
    store.add({ id, channel_id: IDS.incidents, message: '', props: { attachments: [card] }, metadata: { embeds: [{ type: 'message_attachment' }] } });
    const row = render(id);
    const att = row.querySelector(`.post__body > .AutoHeight > div > #messageAttachmentList_${id}.attachment__list > div.attachment.attachment--pretext`)!;
    expect(att).not.toBeNull();
    expect(att.querySelector(':scope > .attachment__thumb-pretext')!.textContent).toBe('Shared by @beth');
    const container = att.querySelector(':scope > div.attachment__content > div.attachment__container') as HTMLElement;
    expect(container.getAttribute('style')).toBe('border-left-color:#d24b4e');
    const title = container.querySelector(':scope > h1.attachment__title > a.attachment__title-link')!;
    // the title is plain text, escaped, never Markdown
    expect(title.textContent).toBe('INC0010001: <b>Mail</b> down');
    expect(title.querySelector('b')).toBeNull();
    expect(title.getAttribute('href')).toBe(card.title_link);
    const body = container.querySelector('.attachment__body')!;
    expect(body.querySelector(':scope > .post-message > .post-message__text-container > p > em')?.textContent).toBe('stuck');
    const fields = [...body.querySelectorAll('td.attachment-field')].map((td) => td.textContent);
    expect(fields).toEqual(['In Progress', '1 - Critical', 'long text']);
    expect([...body.querySelectorAll('th.attachment-field__caption')].map((th) => th.textContent)).toEqual(['State', 'Priority', 'Description']);
    // two short fields share a table; the long one gets its own
    expect(body.querySelectorAll('table.attachment-fields')).toHaveLength(2);
    expect(body.querySelector('.attachment__footer-container')!.textContent).toContain('ServiceNow');
  });

  it('ignores attachments without the message_attachment embed (the app renders from metadata)', () => {
    const { store, render } = setup();
    store.add({ id: pid(1), channel_id: IDS.incidents, message: 'x', props: { attachments: [card] } });
    expect(render(pid(1)).querySelector('.attachment')).toBeNull();
  });

  it('uses a colour class for named colours', () => {
    const { store, render } = setup();
    store.add({ id: pid(1), channel_id: IDS.incidents, message: '', props: { attachments: [{ ...card, color: 'good' }] }, metadata: { embeds: [{ type: 'message_attachment' }] } });
    expect(render(pid(1)).querySelector('.attachment__container--good')).not.toBeNull();
  });
});

describe('permalink preview', () => {
  it('nests the linked post in .attachment--permalink > .post-preview', () => {
    const { store, render } = setup();
    store.add({ id: pid(1), channel_id: IDS.incidents, message: 'original INC0010001 https://acme.service-now.com/x', user_id: IDS.david });
    store.add({ id: pid(2), channel_id: IDS.town, message: `look ${SITE}/ops/pl/${pid(1)}` });
    const row = render(pid(2));
    const link = row.querySelector(`#postMessageText_${pid(2)} a.markdown__link`)!;
    expect(link.getAttribute('data-link')).toBe(`/ops/pl/${pid(1)}`);
    expect(link.hasAttribute('target')).toBe(false);
    const preview = row.querySelector('.post__body > .AutoHeight > div > .attachment.attachment--permalink .attachment__container--permalink .post-preview')!;
    expect(preview.querySelector('.permalink--username')!.textContent).toBe('david');
    // the nested message carries the original post's id, as in the real app: content scripts must skip it
    expect(preview.querySelector(`#postMessageText_${pid(1)} a.markdown__link`)).not.toBeNull();
    expect(preview.querySelector('.post__preview-footer')!.textContent).toContain('~Incidents');
  });
});

describe('RHS and search variants', () => {
  it('uses rhsPost_/rhsPostMessageText_ with no body id, and searchResult_ with search-item-snippet', () => {
    const { store, ctx, render } = setup();
    store.add({ id: pid(1), channel_id: IDS.incidents, message: 'mail INC0010001' });
    const rhs = render(pid(1), { location: 'rhs' });
    expect(rhs.id).toBe(`rhsPost_${pid(1)}`);
    expect(rhs.querySelector('.post__body')!.hasAttribute('id')).toBe(false);
    expect(rhs.querySelector(`#rhsPostMessageText_${pid(1)}.post-message__text`)).not.toBeNull();
    ctx.highlight = ['mail'];
    const res = render(pid(1), { location: 'search' });
    expect(res.matches(`div#searchResult_${pid(1)}.post.search-item__container`)).toBe(true);
    expect(res.querySelector('.post__body.search-item-snippet .search-highlight')!.textContent).toBe('mail');
  });
});

describe('hostile text', () => {
  it('stays inert in messages, names, attachments and previews', () => {
    const { store, render } = setup();
    const evil = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">';
    store.userList[1]!.username = '<i>david</i>';
    store.add({ id: pid(1), channel_id: IDS.incidents, user_id: IDS.david, message: evil, props: { attachments: [{ title: evil, text: evil, fields: [{ title: evil, value: evil }], footer: evil, pretext: evil }] }, metadata: { embeds: [{ type: 'message_attachment' }] } });
    const row = render(pid(1));
    expect(row.querySelectorAll('script, img, i')).toHaveLength(0);
    expect(row.querySelector(`#postMessageText_${pid(1)}`)!.textContent).toBe(evil);
    expect(row.querySelector('.user-popover')!.textContent).toBe('<i>david</i>');
  });
});
