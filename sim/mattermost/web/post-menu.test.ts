import { describe, expect, it } from 'vitest';
import { FakeStore, IDS, pid } from './fake-store';
import { postHtml, type RenderContext } from './post-html';
import { dotMenuItems, postMenuSlots, type PostMenuState } from './post-menu';

const base: PostMenuState = { id: 'p1', root: 'p1', loc: 'CENTER', crt: false, react: true, comment: false, own: false, replies: 0, link: '/ops/pl/p1' };
const keys = (s: PostMenuState, hover: boolean) => postMenuSlots(s, hover).map(([k]) => k);

describe('hover strip slots (post_options.tsx)', () => {
  it('puts the dot menu first without hover and last with it, after recent reactions and the comment icon', () => {
    expect(keys(base, false)).toEqual(['dot-first', 'reaction', 'flag']);
    expect(keys(base, true)).toEqual(['recent-0', 'recent-1', 'recent-2', 'reaction', 'flag', 'comment', 'dot-last']);
    expect(keys({ ...base, comment: true }, false)).toEqual(['dot-first', 'reaction', 'flag', 'comment']);
  });

  it('keeps the dot menu last under collapsed threads; no reactions in read-only channels; no comment icon in the RHS', () => {
    expect(keys({ ...base, crt: true }, false)).toEqual(['reaction', 'flag', 'dot-last']);
    expect(keys({ ...base, react: false }, true)).toEqual(['dot-first', 'flag', 'comment']);
    expect(keys({ ...base, loc: 'RHS_COMMENT', comment: true }, true)).toEqual(['recent-0', 'reaction', 'flag', 'dot-last']);
  });

  it('keeps the reply button contract: id, aria-label and data-reply pointing at the root', () => {
    const [, html] = postMenuSlots({ ...base, id: 'p2', root: 'p1', comment: true }, false).find(([k]) => k === 'comment')!;
    expect(html).toContain('id="CENTER_reply_p2" aria-label="Reply" data-reply="p1"');
  });
});

describe('dot menu items (dot_menu.tsx)', () => {
  it('lists the desktop items in order, with separators; Edit and Delete for own posts; Follow only with CRT', () => {
    const ids = (s: PostMenuState) => dotMenuItems(s).map((i) => (i ? i.id.replace(/p1$/, '') : '—'));
    expect(ids(base)).toEqual(['reply_to_post_', 'forward_post_', 'unread_post_', 'save_post_', 'pin_post_', 'permalink_', '—', 'copy_']);
    expect(ids({ ...base, own: true, crt: true })).toEqual([
      'reply_to_post_', 'forward_post_', 'follow_post_thread_', 'unread_post_', 'save_post_', 'pin_post_', '—', 'permalink_', '—', 'edit_post_', 'copy_', '—', 'delete_post_',
    ]);
  });
});

describe('the strip in a rendered post', () => {
  const setup = () => {
    const store = new FakeStore();
    const ctx: RenderContext = { store, me: store.userById(IDS.beth)!, siteUrl: 'https://chat.example.test', subpath: '', teamName: 'ops' };
    const render = (id: string, o: Parameters<typeof postHtml>[2]) => {
      const host = document.createElement('div');
      host.innerHTML = postHtml(store.postById(id)!, ctx, o);
      return host.firstElementChild as HTMLElement;
    };
    return { store, render };
  };

  it('is absent for system and deleted posts and in search results; RHS locations are RHS_ROOT / RHS_COMMENT', () => {
    const { store, render } = setup();
    store.add({ id: pid(1), channel_id: IDS.incidents, message: 'root' });
    store.add({ id: pid(2), channel_id: IDS.incidents, message: 'reply', root_id: pid(1) });
    store.add({ id: pid(3), channel_id: IDS.incidents, message: 'x joined', type: 'system_join_channel' });
    store.add({ id: pid(4), channel_id: IDS.incidents, message: 'gone', delete_at: 5 });
    expect(render(pid(3), { location: 'center' }).querySelector('.post-menu')).toBeNull();
    expect(render(pid(4), { location: 'center' }).querySelector('.post-menu')).toBeNull();
    expect(render(pid(1), { location: 'search' }).querySelector('.post-menu')).toBeNull();
    expect(render(pid(1), { location: 'rhs' }).querySelector(`#RHS_ROOT_button_${pid(1)}`)).not.toBeNull();
    expect(render(pid(2), { location: 'rhs', prev: store.postById(pid(1)) }).querySelector(`#RHS_COMMENT_button_${pid(2)}`)).not.toBeNull();
    // a root with replies shows its comment icon without hover; so does the first reply of a run
    expect(render(pid(1), { location: 'center' }).querySelector(`#CENTER_reply_${pid(1)}`)).not.toBeNull();
    expect(render(pid(2), { location: 'center', prev: store.postById(pid(3)) }).querySelector(`#CENTER_reply_${pid(2)}[data-reply="${pid(1)}"]`)).not.toBeNull();
    expect(render(pid(2), { location: 'center', prev: store.postById(pid(1)) }).querySelector(`#CENTER_reply_${pid(2)}`)).toBeNull();
  });
});
