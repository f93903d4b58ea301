import { describe, expect, test } from 'vitest';
import { MESSAGES, parseRequest } from './index';

describe('message contract', () => {
  test('sign-ins and tab access are for extension pages only', () => {
    for (const [type, def] of Object.entries(MESSAGES)) {
      if (/^(connection|sites)\/|^search\/(target|insert)$/.test(type)) expect([type, def.contentScripts]).toEqual([type, []]);
    }
  });

  test('every message has a response schema', () => {
    for (const [type, def] of Object.entries(MESSAGES)) expect([type, typeof def.response?.safeParse]).toEqual([type, 'function']);
  });

  test('a batch of cards with a number of any prefix, or an odd one, is taken whole: each reference is checked where it is read', () => {
    const SN = 'https://acme.service-now.com';
    const items = ['TK-0010001', 'ÄND0000007', 'INC0010001,INC0010002'].map((number) => ({ postId: 'p'.repeat(26), instance: SN, ref: { table: 'incident', number } }));
    expect(parseRequest({ type: 'record/cards', server: 'https://chat.example.test', items })).toMatchObject({ items });
  });

  test('parses by type, strictly', () => {
    expect(parseRequest({ type: 'frame/claim', id: 'a'.repeat(32) })).toEqual({ type: 'frame/claim', id: 'a'.repeat(32) });
    expect(parseRequest({ type: 'frame/claim', id: 'a'.repeat(32), extra: 1 })).toBeUndefined();
    expect(parseRequest({ type: 'toString' })).toBeUndefined();
    expect(parseRequest(null)).toBeUndefined();
    expect(parseRequest('frame/claim')).toBeUndefined();
  });
});
