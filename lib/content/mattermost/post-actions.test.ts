import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { fromUser } from '@/components/user-event';
import { settle, testFeatureContext } from '../../testing/feature-context';
import { postActions } from './post-actions';

const SERVER = 'https://chat.example.test';
const ID = 'abcdefghijklmnopqrstuvwxyz';
// post_options.tsx: the hover strip inside the post; dot_menu.tsx: the "…" menu, in a portal while open
const POST = `<div id="post_${ID}" class="post"><div class="post__body">text</div><ul class="col post-menu" data-testid="post-menu-${ID}"><li><button id="CENTER_button_${ID}" data-testid="PostDotMenu-Button-${ID}" aria-label="more">…</button></li></ul></div>`;
const MENU = `<div class="MuiPopover-root"><ul id="CENTER_dropdown_${ID}" role="menu" aria-label="Post extra options"><li role="menuitem" id="reply_to_post_${ID}">Reply</li></ul></div>`;

let ctl: AbortController;
let sent: { type: string; spec?: Record<string, unknown> }[];
const button = () => document.querySelector<HTMLButtonElement>(`ul.post-menu button[aria-label="ServiceNow actions"]`);

beforeEach(() => {
  document.body.innerHTML = POST;
  ctl = new AbortController();
  sent = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => {
    sent.push(m as (typeof sent)[number]);
    return { ok: true, value: { id: 'b'.repeat(32) } };
  });
  postActions(ctl.signal, testFeatureContext({ site: SERVER, signal: ctl.signal }).ctx);
});
afterEach(() => {
  ctl.abort();
  document.querySelectorAll('nowbridge-frame').forEach((f) => f.remove());
  vi.mocked(fromUser).mockReturnValue(true);
  vi.restoreAllMocks();
});

const hover = () => document.querySelector('.post__body')!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));

describe('post actions', () => {
  it('hovering a post puts "ServiceNow actions" last in its hover strip, once, and again after React re-renders it', () => {
    hover();
    hover();
    expect(document.querySelectorAll('[aria-label="ServiceNow actions"]')).toHaveLength(1);
    expect(document.querySelector('ul.post-menu')!.lastElementChild!.contains(button())).toBe(true);
    document.querySelector('ul.post-menu')!.innerHTML = '<li><button aria-label="more">…</button></li>';
    hover();
    expect(button()).not.toBe(null);
  });

  it("the button opens the actions menu frame for its post on the user's click only", async () => {
    hover();
    vi.mocked(fromUser).mockReturnValue(false);
    button()!.click();
    await settle();
    expect(sent).toEqual([]);
    vi.mocked(fromUser).mockReturnValue(true);
    button()!.click();
    await settle();
    expect(sent).toEqual([{ type: 'frame/open', spec: { kind: 'message', server: SERVER, postId: ID, action: 'menu', theme: expect.any(Object) } }]);
  });

  it('the "…" menu gets the four actions while open; choosing one closes it and opens that action', async () => {
    const closed = vi.fn();
    document.body.insertAdjacentHTML('beforeend', MENU);
    document.querySelector('[role="menu"]')!.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Escape' && closed());
    await settle();
    const items = [...document.querySelectorAll('[role="menu"] [role="menuitem"]')].map((li) => li.textContent);
    expect(items).toEqual(['Reply', 'Create incident from message', 'Add message to a record', 'Add thread to a record', 'Search ServiceNow for this']);
    await settle();
    expect(document.querySelectorAll('[role="menu"] [role="menuitem"]')).toHaveLength(5); // idempotent
    const add = document.getElementById(`nowbridge_add-thread_${ID}`)!;
    add.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await settle();
    expect(closed).toHaveBeenCalledOnce();
    expect(sent).toEqual([{ type: 'frame/open', spec: { kind: 'message', server: SERVER, postId: ID, action: 'add-thread', theme: expect.any(Object) } }]);
  });

  it("a page script's click on an added item does nothing", async () => {
    document.body.insertAdjacentHTML('beforeend', MENU);
    await settle();
    vi.mocked(fromUser).mockReturnValue(false);
    document.getElementById(`nowbridge_create_${ID}`)!.click();
    await settle();
    expect(sent).toEqual([]);
  });
});
