import { describe, expect, test } from 'vitest';
import { findComposer, insertIntoComposer } from './composer-insert';

describe('insertIntoComposer', () => {
  test('textarea: native setter at the caret, then an input event the app can read', () => {
    document.body.innerHTML = '<textarea id="post_textbox"></textarea>';
    const box = document.querySelector('textarea')!;
    box.value = 'see this';
    box.setSelectionRange(8, 8);
    let state = '';
    box.addEventListener('input', () => (state = box.value));
    insertIntoComposer(box, '[INC1: x](https://a.example/x)');
    expect(state).toBe('see this [INC1: x](https://a.example/x)');
  });

  test('contenteditable: text at the end and an input event', () => {
    document.body.innerHTML = '<div id="post_textbox" contenteditable="true">hello</div>';
    const box = document.querySelector<HTMLElement>('#post_textbox')!;
    let state = '';
    box.addEventListener('input', () => (state = box.textContent ?? ''));
    insertIntoComposer(box, '[INC1: x](https://a.example/x)');
    expect(state).toBe('hello [INC1: x](https://a.example/x)');
  });

  test('finds the focused composer, else the centre one', () => {
    document.body.innerHTML = '<textarea id="post_textbox"></textarea><textarea id="reply_textbox"></textarea>';
    expect(findComposer(document)?.id).toBe('post_textbox');
    document.querySelector<HTMLElement>('#reply_textbox')!.focus();
    expect(findComposer(document)?.id).toBe('reply_textbox');
  });
});
