import { afterEach, describe, expect, test, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { testFeatureContext } from '../../testing/feature-context';
import { rememberComposer } from './composer-insert';
import { feature, insertTextMessage, listenForInserts } from './insert-listener';

afterEach(() => vi.restoreAllMocks());

describe('insertTextMessage', () => {
  test('takes only a bounded, non-empty text of the right type', () => {
    expect(insertTextMessage({ type: 'nowbridge/insert-text', text: '[INC1](https://a.example)' })).toBe('[INC1](https://a.example)');
    expect(insertTextMessage({ type: 'nowbridge/insert-text', text: '' })).toBeUndefined();
    expect(insertTextMessage({ type: 'nowbridge/insert-text', text: 'x'.repeat(4001) })).toBeUndefined();
    expect(insertTextMessage({ type: 'nowbridge/open-share', text: 'x' })).toBeUndefined();
    expect(insertTextMessage('nowbridge/insert-text')).toBeUndefined();
  });
});

describe('composer-insert feature', () => {
  test('top frame only; puts the text into the composer the search was opened from, else the centre one', async () => {
    const ctl = new AbortController();
    const { ctx } = testFeatureContext({ site: 'https://chat.example.test', signal: ctl.signal });
    expect(feature.include!(ctx)).toBe(true);
    expect(feature.include!(Object.assign(Object.create(ctx), { isTop: false }))).toBe(false);

    document.body.innerHTML = '<textarea id="post_textbox"></textarea><textarea id="reply_textbox"></textarea>';
    const add = vi.spyOn(browser.runtime.onMessage, 'addListener');
    const remove = vi.spyOn(browser.runtime.onMessage, 'removeListener');
    listenForInserts(ctl.signal);
    const listener = add.mock.calls[0]![0] as (m: unknown) => Promise<boolean> | undefined;
    await expect(listener({ type: 'nowbridge/insert-text', text: 'one' })).resolves.toBe(true);
    expect(document.querySelector<HTMLTextAreaElement>('#post_textbox')!.value).toBe('one');
    (document.activeElement as HTMLElement | null)?.blur();
    rememberComposer(document.querySelector('#reply_textbox')!);
    await expect(listener({ type: 'nowbridge/insert-text', text: 'two' })).resolves.toBe(true);
    expect(document.querySelector<HTMLTextAreaElement>('#reply_textbox')!.value).toBe('two');
    document.body.innerHTML = '';
    await expect(listener({ type: 'nowbridge/insert-text', text: 'three' })).resolves.toBe(false);
    ctl.abort();
    expect(remove).toHaveBeenCalledWith(listener);
  });
});
