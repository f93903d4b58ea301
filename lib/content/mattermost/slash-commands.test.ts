import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fromUser } from '@/components/user-event';
import { settle } from '../../testing/feature-context';
import { slashCommands } from './slash-commands';

const SERVER = 'https://chat.example.test';
const CENTER = '<form id="create_post"><div class="AdvancedTextEditor"><textarea id="post_textbox"></textarea><button type="button" data-testid="SendMessageButton">Send</button></div></form>';
const RHS = '<div id="rhsContainer"><div id="rhsPost_abcdefghijklmnopqrstuvwxyz" class="post"></div><div class="AdvancedTextEditor"><textarea id="reply_textbox"></textarea></div></div>';

let ctl: AbortController;
let sent: { type: string; spec?: Record<string, unknown> }[];
/** what reached "Mattermost": the page's own listeners on the box, its button and its form */
let mattermost: string[];

const box = (id = 'post_textbox') => document.getElementById(id) as HTMLTextAreaElement;
function type(text: string, id = 'post_textbox') {
  const b = box(id);
  b.value = text;
  b.dispatchEvent(new InputEvent('input', { bubbles: true }));
}
const key = (init: KeyboardEventInit, id = 'post_textbox') => box(id).dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
const list = () => document.querySelector('[role="listbox"][aria-label="ServiceNow commands"]');

beforeEach(() => {
  document.body.innerHTML = CENTER + RHS;
  ctl = new AbortController();
  sent = [];
  mattermost = [];
  for (const id of ['post_textbox', 'reply_textbox']) {
    box(id).addEventListener('keydown', (e) => e.key === 'Enter' && mattermost.push(`keydown ${box(id).value}`));
    box(id).addEventListener('keypress', (e) => e.key === 'Enter' && mattermost.push(`keypress ${box(id).value}`));
  }
  document.querySelector('[data-testid="SendMessageButton"]')!.addEventListener('click', () => mattermost.push('send button'));
  document.querySelector('form')!.addEventListener('submit', (e) => (e.preventDefault(), mattermost.push('submit')));
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => {
    sent.push(m as (typeof sent)[number]);
    return { ok: true, value: { id: 'a'.repeat(32) } };
  });
  slashCommands(ctl.signal, SERVER);
});
afterEach(() => {
  ctl.abort();
  document.querySelectorAll('nowbridge-frame').forEach((f) => f.remove());
  vi.mocked(fromUser).mockReturnValue(true);
  vi.restoreAllMocks();
});

describe('/servicenow in the message box', () => {
  it('Enter on a command never reaches Mattermost and opens the command frame; the box keeps the text', async () => {
    type('/servicenow share INC0010001');
    expect(key({ key: 'Enter' })).toBe(false); // default prevented: no keypress follows in a browser
    box().dispatchEvent(new KeyboardEvent('keypress', { key: 'Enter', bubbles: true, cancelable: true }));
    await settle();
    expect(mattermost).toEqual([]);
    expect(sent).toEqual([{ type: 'frame/open', spec: { kind: 'command', server: SERVER, text: '/servicenow share INC0010001', submissionId: expect.any(Number), theme: expect.any(Object) } }]);
    expect(box().value).toBe('/servicenow share INC0010001');
  });

  it('the same line run again before it ran (a retry after a failure) is the same submission; another line is a new one', async () => {
    const ids = async (line: string) => {
      type(line);
      key({ key: 'Enter' });
      await settle();
      return sent.filter((m) => m.type === 'frame/open').at(-1)!.spec!.submissionId;
    };
    const first = await ids('/servicenow share INC0010001');
    await new Promise((r) => setTimeout(r, 2));
    expect(await ids('/servicenow share INC0010001')).toBe(first);
    expect(await ids('/servicenow share INC0010002')).not.toBe(first);
  });

  it('the Send button and Ctrl+Enter run it too; a submit is stopped but runs nothing (requestSubmit() is trusted); /sn is the same command', async () => {
    type('/sn help');
    document.querySelector<HTMLButtonElement>('[data-testid="SendMessageButton"]')!.click();
    key({ key: 'Enter', ctrlKey: true });
    await settle();
    expect(sent.filter((m) => m.type === 'frame/open')).toHaveLength(2);
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(mattermost).toEqual([]);
    expect(sent.filter((m) => m.type === 'frame/open')).toHaveLength(2);
  });

  it('other messages, Shift+Enter and IME composition are left to Mattermost', async () => {
    type('/shrug hello');
    key({ key: 'Enter' });
    type('/servicenow help');
    key({ key: 'Enter', shiftKey: true });
    key({ key: 'Enter', isComposing: true });
    key({ key: 'Enter', keyCode: 229 } as KeyboardEventInit);
    await settle();
    expect(mattermost).toEqual(['keydown /shrug hello', 'keydown /servicenow help', 'keydown /servicenow help', 'keydown /servicenow help']);
    expect(sent).toEqual([]);
  });

  it("a page script's Enter is stopped (nothing leaks) but runs nothing", async () => {
    vi.mocked(fromUser).mockReturnValue(false);
    type('/servicenow share INC0010001');
    key({ key: 'Enter' });
    document.querySelector<HTMLButtonElement>('[data-testid="SendMessageButton"]')!.click();
    await settle();
    expect(mattermost).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('in a thread the command names the thread', async () => {
    type('/servicenow add INC0010001', 'reply_textbox');
    key({ key: 'Enter' }, 'reply_textbox');
    await settle();
    expect(sent[0]!.spec).toMatchObject({ kind: 'command', rootId: 'abcdefghijklmnopqrstuvwxyz', submissionId: expect.any(Number) });
  });

  it('the suggestion list: shown for the command word, ↓ and Enter complete it, Esc closes it', async () => {
    type('/servicenow ');
    expect(list()).not.toBe(null);
    expect([...list()!.querySelectorAll('[role="option"]')].map((o) => o.textContent!.split(' ')[0])).toEqual(['share', 'search', 'create', 'add', 'watch', 'unwatch', 'connect', 'help']);
    expect(box().getAttribute('aria-activedescendant')).toBe('nowbridge-commands-share');
    key({ key: 'ArrowDown' });
    expect(box().getAttribute('aria-activedescendant')).toBe('nowbridge-commands-search');
    expect(list()!.querySelector('[aria-selected="true"]')!.textContent).toMatch(/^search <text>/);
    key({ key: 'Enter' });
    expect(box().value).toBe('/servicenow search ');
    expect(list()).toBe(null);
    expect(mattermost).toEqual([]);
    type('/sn h');
    expect(list()!.textContent).toMatch(/^help/);
    key({ key: 'Escape' });
    expect(list()).toBe(null);
    expect(box().hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('clears the box only when the command ran', async () => {
    type('/servicenow help');
    key({ key: 'Enter' });
    await settle();
    expect(box().value).toBe('/servicenow help');
    await fakeBrowser.runtime.onMessage.trigger({ type: 'nowbridge/frame', id: 'a'.repeat(32), event: { type: 'ran' } }, {}, () => undefined);
    expect(box().value).toBe('');
  });
});
