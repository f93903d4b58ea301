import { describe, expect, test } from 'vitest';
import { insertTextMessage } from './insert-listener';

describe('insertTextMessage', () => {
  test('takes only a bounded, non-empty text of the right type', () => {
    expect(insertTextMessage({ type: 'nowbridge/insert-text', text: '[INC1](https://a.example)' })).toBe('[INC1](https://a.example)');
    expect(insertTextMessage({ type: 'nowbridge/insert-text', text: '' })).toBeUndefined();
    expect(insertTextMessage({ type: 'nowbridge/insert-text', text: 'x'.repeat(4001) })).toBeUndefined();
    expect(insertTextMessage({ type: 'nowbridge/open-share', text: 'x' })).toBeUndefined();
    expect(insertTextMessage('nowbridge/insert-text')).toBeUndefined();
  });
});
