/**
 * observePosts with a manual frame queue: what a frame reports after list renders, card mounts, edits and
 * remounts, on posts in the simulator's web-app markup (time slicing is dom-observer.test.ts's subject).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_ATTR } from '../../servicenow/button-slot';
import { findPostRefs } from '../../mattermost/post-refs';
import { createDomObserver } from '../dom-observer';
import { isSeen, markSeen, observePosts, SEEN_ATTR } from './post-observer';

const A = 'https://acme.service-now.com';
const SYS = '9d385017c611228701d22104cc95c371';
const id = (n: number) => `p${String(n).padStart(25, '0')}`;

/** The A.9 shape, trimmed to what detection reads. */
const LINK = `${A}/incident.do?sys_id=${SYS}`;
const postRow = (n: number, message = `see <a class="theme markdown__link" href="${LINK}" rel="noreferrer" target="_blank">${LINK}</a>`, prefix = 'post_') =>
  `<div class="item_measurer" role="listitem"><div role="listitem" id="${prefix}${id(n)}" class="a11y__section post">` +
  `<div class="post__content"><div class="post__header">u</div><div class="post__body">` +
  `<div class="post-message"><div class="post-message__text-container">` +
  `<div id="${prefix === 'post_' ? 'postMessageText_' : 'rhsPostMessageText_'}${id(n)}" class="post-message__text"><p>${message}</p></div>` +
  `</div></div></div></div></div></div>`;

let frames: Array<() => void>;
let calls: Element[][];
let ctl: AbortController;

const schedule = (cb: () => void) => void frames.push(cb);
/** A private observer on the manual frame queue, on a clock that never moves: every frame's work fits one slice. */
const observer = () => createDomObserver({ schedule, now: () => 0 });
/** Lets the MutationObserver deliver (a microtask), then runs the queued frames. */
async function frame(): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  const run = frames.splice(0);
  for (const cb of run) cb();
}
const ids = (posts: Element[] | undefined) => (posts ?? []).map((p) => p.id);

beforeEach(() => {
  document.body.innerHTML = `<div id="root"><div id="postListContent"><div class="inner_list" role="list">${postRow(1)}${postRow(2)}</div></div>` +
    `<textarea id="post_textbox"></textarea></div>`;
  frames = [];
  calls = [];
  ctl = new AbortController();
  observePosts({ onPosts: (p) => calls.push(p), signal: ctl.signal, observer: observer() });
});
afterEach(() => ctl.abort());

describe('observePosts', () => {
  it('reports every post already in the page in the first frame, and nothing else', async () => {
    expect(calls).toEqual([]); // nothing before the frame
    await frame();
    expect(calls.map(ids)).toEqual([[`post_${id(1)}`, `post_${id(2)}`]]);
    await frame();
    expect(calls).toHaveLength(1);
  });

  it('coalesces many mutations into one call per frame, deduplicated', async () => {
    await frame();
    calls.length = 0;
    const list = document.querySelector('.inner_list')!;
    for (let i = 3; i < 53; i++) list.insertAdjacentHTML('beforeend', postRow(i));
    for (let i = 0; i < 20; i++) document.querySelector(`#postMessageText_${id(1)} p`)!.append(` ${i}`);
    await new Promise((r) => setTimeout(r, 0)); // the observer delivers
    expect(frames).toHaveLength(1); // one frame requested however many mutations
    await frame();
    expect(calls).toHaveLength(1);
    const got = ids(calls[0]);
    expect(got).toHaveLength(51);
    expect(new Set(got).size).toBe(51);
    expect(got).toContain(`post_${id(1)}`);
    expect(got).not.toContain(`post_${id(2)}`);
  });

  it('reports added rows and whole replaced lists (channel switch), RHS posts too', async () => {
    await frame();
    calls.length = 0;
    const content = document.querySelector('#postListContent')!;
    content.innerHTML = `<div class="inner_list" role="list">${postRow(7)}${postRow(8)}</div>`;
    document.querySelector('#root')!.insertAdjacentHTML('beforeend', `<div id="rhsContainer">${postRow(9, 'x', 'rhsPost_')}</div>`);
    await frame();
    expect(calls.map(ids)).toEqual([[`post_${id(7)}`, `post_${id(8)}`, `rhsPost_${id(9)}`]]);
  });

  it('mounting a card host (or changing inside it) does not re-report the post', async () => {
    await frame();
    calls.length = 0;
    const post = document.getElementById(`post_${id(1)}`)!;
    const found = findPostRefs(post, { instances: [A], numbers: null })!;
    expect(found.refs).toHaveLength(1);
    const host = document.createElement('div');
    host.setAttribute(HOST_ATTR, 'card');
    found.body.append(host);
    host.attachShadow({ mode: 'open' }).innerHTML = '<article>INC0010001</article>';
    host.append(document.createElement('span')); // light-DOM changes inside our host
    markSeen(post, found.signature); // attributes are not observed either
    await frame();
    expect(calls).toEqual([]);
    host.remove();
    await frame();
    expect(calls).toEqual([]);
  });

  it('an edit (message children replaced, or a text node patched) re-reports the post', async () => {
    await frame();
    calls.length = 0;
    const text = document.getElementById(`postMessageText_${id(2)}`)!;
    text.innerHTML = '<p>now about INC0010001</p>';
    await frame();
    expect(calls.map(ids)).toEqual([[`post_${id(2)}`]]);
    (text.querySelector('p')!.firstChild as Text).data = 'now about CHG0030001';
    await frame();
    expect(calls.map(ids)).toEqual([[`post_${id(2)}`], [`post_${id(2)}`]]);
  });

  it('hover menus and reactions (post chrome) do not re-report the post', async () => {
    await frame();
    calls.length = 0;
    const post = document.getElementById(`post_${id(1)}`)!;
    post.querySelector('.post__header')!.insertAdjacentHTML('beforeend', '<div class="post-menu"><button>…</button></div>');
    post.querySelector('.post__body')!.insertAdjacentHTML('beforeend', '<div class="post__body-reactions-acks"><span>+1</span></div>');
    post.querySelector('.post__body-reactions-acks')!.append('2');
    await frame();
    expect(calls).toEqual([]);
  });

  it('a row added and removed within one frame is not reported', async () => {
    await frame();
    calls.length = 0;
    const list = document.querySelector('.inner_list')!;
    list.insertAdjacentHTML('beforeend', postRow(5));
    await new Promise((r) => setTimeout(r, 0));
    list.lastElementChild!.remove();
    await frame();
    expect(calls).toEqual([]);
  });

  it('abort disconnects: no further reports, pending frame does nothing', async () => {
    await frame();
    calls.length = 0;
    document.querySelector('.inner_list')!.insertAdjacentHTML('beforeend', postRow(6));
    await new Promise((r) => setTimeout(r, 0));
    ctl.abort();
    await frame();
    document.querySelector('.inner_list')!.insertAdjacentHTML('beforeend', postRow(7));
    await frame();
    expect(calls).toEqual([]);
    expect(frames).toEqual([]);
  });

  it('does nothing with an already aborted signal', async () => {
    const c = new AbortController();
    c.abort();
    const seen: Element[][] = [];
    observePosts({ onPosts: (p) => seen.push(p), signal: c.signal, observer: observer() });
    await frame();
    expect(seen).toEqual([]);
  });
});

describe('seen marker', () => {
  it('skips an unchanged post, not an edited one, not a remounted row', () => {
    const post = document.getElementById(`post_${id(1)}`)!;
    const opts = { instances: [A], numbers: null };
    const first = findPostRefs(post, opts)!;
    expect(isSeen(post, first.signature)).toBe(false);
    markSeen(post, first.signature);
    expect(post.getAttribute(SEEN_ATTR)).toBe(first.signature);
    expect(isSeen(post, findPostRefs(post, opts)!.signature)).toBe(true);
    // edit: same element, new signature
    post.querySelector('.post-message__text p')!.textContent = 'changed';
    expect(isSeen(post, findPostRefs(post, opts)!.signature)).toBe(false);
    // remount: fresh DOM for the same post id, no marker
    const list = document.querySelector('.inner_list')!;
    list.firstElementChild!.remove();
    list.insertAdjacentHTML('afterbegin', postRow(1));
    const again = document.getElementById(`post_${id(1)}`)!;
    expect(again).not.toBe(post);
    expect(isSeen(again, findPostRefs(again, opts)!.signature)).toBe(false);
  });
});
