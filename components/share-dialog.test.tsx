import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { PickerTarget } from './channel-picker';
import { type PostResult, ShareDialog, type ShareDialogProps } from './share-dialog';
import { renderRoot } from '@/lib/testing/render-root';

const S = 'https://mm.example.com';
const OPS: PickerTarget = { key: 'channel:2', kind: 'channel', label: 'Ops', team: 'Acme', typeLabel: 'Private channel', server: S };
const TOWN: PickerTarget = { key: 'channel:1', kind: 'channel', label: 'Town Square', team: 'Acme', typeLabel: 'Public channel', server: S };

const root = renderRoot();

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function mount(over: Partial<ShareDialogProps> = {}) {
  const props: ShareDialogProps = {
    card: <article class="nb-card">INC0010001 Email server down</article>,
    recent: [TOWN, OPS],
    search: vi.fn(async () => []),
    onPost: vi.fn(async (): Promise<PostResult> => ({ ok: true, channelLabel: 'Ops', postUrl: `${S}/acme/pl/p1` })),
    onClose: vi.fn(),
    ...over,
  };
  act(() => render(<ShareDialog {...props} />, root));
  return props;
}
const dialog = () => root.querySelector<HTMLElement>('[role="dialog"]')!;
const combobox = () => root.querySelector<HTMLInputElement>('[role="combobox"]')!;
const message = () => root.querySelector('textarea')!;
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name);
const alertText = () => root.querySelector('.nb-share__error')!.textContent;
const keydown = (el: Element, key: string, init: KeyboardEventInit = {}) => {
  const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  act(() => {
    el.dispatchEvent(ev);
  });
  return ev;
};
const typeMessage = (text: string) =>
  act(() => {
    message().value = text;
    message().dispatchEvent(new InputEvent('input', { bubbles: true }));
  });
const settle = () => act(async () => {});

describe('ShareDialog', () => {
  it('is a modal dialog named by its heading, with the card, picker, message and buttons; focus starts in the picker', async () => {
    mount({ value: OPS });
    await settle();
    const d = dialog();
    expect(d.getAttribute('aria-modal')).toBe('true');
    expect(root.querySelector(`#${CSS.escape(d.getAttribute('aria-labelledby')!)}`)?.textContent).toBe('Share to Mattermost');
    expect(d.querySelector('h2')?.textContent).toBe('Share to Mattermost');
    expect(d.querySelector('.nb-card')?.textContent).toContain('INC0010001');
    expect(root.querySelector(`label[for="${message().id}"]`)?.textContent).toBe('Message');
    expect(button('Post')).toBeTruthy();
    expect(button('Cancel')).toBeTruthy();
    expect(combobox().value).toBe('Ops');
    expect(document.activeElement).toBe(combobox());
  });

  it('Post calls onPost once even on a double click, with the target and message', async () => {
    const pending = deferred<PostResult>();
    const onPost = vi.fn(() => pending.promise);
    mount({ value: OPS, initialMessage: 'Please look', onPost });
    act(() => {
      button('Post')!.click();
      button('Post')!.click();
    });
    act(() => button('Post')!.click());
    expect(onPost).toHaveBeenCalledExactlyOnceWith(OPS, 'Please look');
    expect(button('Post')!.getAttribute('aria-disabled')).toBe('true');
    expect(root.querySelector('.nb-share__status')!.textContent).toBe('Posting…');
    await act(async () => pending.resolve({ ok: true, channelLabel: 'Ops', postUrl: `${S}/acme/pl/p1` }));
    expect(onPost).toHaveBeenCalledTimes(1);
  });

  it('on failure stays open, keeps text and target, shows the error with its action; a retry posts again', async () => {
    const reconnect = vi.fn();
    const onPost = vi
      .fn<ShareDialogProps['onPost']>()
      .mockResolvedValueOnce({ ok: false, error: 'You cannot post in this channel.', action: { label: 'Reconnect', onClick: reconnect } })
      .mockRejectedValueOnce(new Error('You are offline.'));
    const p = mount({ value: OPS, onPost });
    typeMessage('Heads up');
    await act(async () => button('Post')!.click());
    expect(dialog()).toBeTruthy();
    expect(p.onClose).not.toHaveBeenCalled();
    expect(message().value).toBe('Heads up');
    expect(combobox().value).toBe('Ops');
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('You cannot post in this channel.');
    expect(button('Post')!.getAttribute('aria-disabled')).toBe('false');
    act(() => button('Reconnect')!.click());
    expect(reconnect).toHaveBeenCalledOnce();

    await act(async () => button('Post')!.click());
    expect(onPost).toHaveBeenLastCalledWith(OPS, 'Heads up');
    expect(alertText()).toBe('You are offline.');
    expect(button('Reconnect')).toBeUndefined();
  });

  it('on success shows "Posted to X", a safe link to the post and Close; focus moves to the message', async () => {
    const p = mount({ value: OPS });
    await act(async () => button('Post')!.click());
    await settle();
    const success = root.querySelector<HTMLElement>('.nb-share__success')!;
    expect(success.textContent).toBe('Posted to Ops');
    expect(document.activeElement).toBe(success);
    const link = [...root.querySelectorAll('a')].find((a) => a.textContent === 'Open post')!;
    expect(link.getAttribute('href')).toBe(`${S}/acme/pl/p1`);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(button('Post')).toBeUndefined();
    act(() => button('Close')!.click());
    expect(p.onClose).toHaveBeenCalledOnce();
  });

  it('drops a non-http post link', async () => {
    mount({ value: OPS, onPost: async () => ({ ok: true, channelLabel: 'Ops', postUrl: 'javascript:alert(1)' }) });
    await act(async () => button('Post')!.click());
    expect(root.querySelector('a')).toBeNull();
  });

  it('Ctrl+Enter and Cmd+Enter post from anywhere in the dialog when a target is set', async () => {
    const p = mount({ value: OPS });
    typeMessage('x');
    await act(async () => {
      keydown(message(), 'Enter', { ctrlKey: true });
    });
    expect(p.onPost).toHaveBeenCalledExactlyOnceWith(OPS, 'x');

    act(() => render(null, root));
    const q = mount({ value: TOWN });
    await act(async () => {
      keydown(combobox(), 'Enter', { metaKey: true });
    });
    expect(q.onPost).toHaveBeenCalledExactlyOnceWith(TOWN, '');
  });

  it('without a target, Post explains and returns focus to the picker', async () => {
    const p = mount();
    act(() => message().focus());
    await act(async () => button('Post')!.click());
    expect(p.onPost).not.toHaveBeenCalled();
    expect(alertText()).toBe('Choose a channel or person first.');
    expect(document.activeElement).toBe(combobox());
  });

  it('adopts a remembered target that arrives after opening, and picking reports the choice', () => {
    const onChange = vi.fn();
    const props = mount({ onChange });
    act(() => render(<ShareDialog {...props} value={OPS} />, root));
    expect(combobox().value).toBe('Ops');
    keydown(combobox(), 'ArrowDown');
    keydown(combobox(), 'Enter');
    expect(onChange).toHaveBeenCalledWith(TOWN);
    expect(combobox().value).toBe('Town Square');
  });

  it('Esc closes the dialog unless the picker used it to close its list', () => {
    const p = mount();
    keydown(combobox(), 'ArrowDown');
    keydown(combobox(), 'Escape');
    expect(p.onClose).not.toHaveBeenCalled();
    const ev = keydown(combobox(), 'Escape');
    expect(p.onClose).toHaveBeenCalledOnce();
    expect(ev.defaultPrevented).toBe(true);
    keydown(message(), 'Escape');
    expect(p.onClose).toHaveBeenCalledTimes(2);
    act(() => button('Cancel')!.click());
    expect(p.onClose).toHaveBeenCalledTimes(3);
  });

  it('traps Tab and Shift+Tab inside the dialog', async () => {
    mount({ card: <a href="https://acme.service-now.com/x">INC0010001</a>, value: OPS });
    await settle();
    const link = root.querySelector('a')!;
    const post = button('Post')!;
    act(() => post.focus());
    expect(keydown(post, 'Tab').defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(link);
    expect(keydown(link, 'Tab', { shiftKey: true }).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(post);
    // in the middle, Tab is left to the browser
    act(() => message().focus());
    expect(keydown(message(), 'Tab').defaultPrevented).toBe(false);
  });

  it('needs sign-in: says so with Reconnect, and Post does not post', async () => {
    const onReconnect = vi.fn();
    const p = mount({ value: OPS, needsSignIn: { message: 'Sign in to Mattermost again.', onReconnect } });
    expect(root.querySelector('.nb-share__signin')!.textContent).toContain('Sign in to Mattermost again.');
    act(() => button('Reconnect')!.click());
    expect(onReconnect).toHaveBeenCalledOnce();
    expect(button('Post')!.getAttribute('aria-disabled')).toBe('true');
    await act(async () => button('Post')!.click());
    expect(p.onPost).not.toHaveBeenCalled();
  });

  it('never renders remote text as HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const target: PickerTarget = { ...OPS, label: evil, team: evil };
    mount({
      value: target,
      initialMessage: evil,
      needsSignIn: undefined,
      onPost: async () => ({ ok: false, error: evil, action: { label: evil, onClick() {} } }),
    });
    await act(async () => button('Post')!.click());
    expect(root.querySelector('img')).toBeNull();
    expect(alertText()).toBe(evil + evil);
    expect(combobox().value).toBe(evil);

    act(() => render(null, root));
    mount({ value: target, onPost: async () => ({ ok: true, channelLabel: evil, postUrl: `${S}/acme/pl/p1` }) });
    await act(async () => button('Post')!.click());
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.nb-share__success')!.textContent).toBe(`Posted to ${evil}`);
  });
});

describe('share-dialog.css', () => {
  it('uses px units only and no page-wide selectors', () => {
    // read from disk: vitest leaves CSS imports (?raw/?inline) empty unless css processing is on
    const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'share-dialog.css'), 'utf8');
    const code = css.replace(/\/\*[\s\S]*?\*\//g, '');
    expect(code).not.toMatch(/\d(?:r?em|vh|vw|pt)\b/);
    expect(code).not.toMatch(/(^|[\s,}])(html|body|:root|:host)\b/);
    expect(code).toMatch(/prefers-color-scheme:\s*dark/);
  });
});
