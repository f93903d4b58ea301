import { afterEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { retryAfterOf, send } from './send';

afterEach(() => vi.restoreAllMocks());

describe('send', () => {
  it('the answer’s value, or its error as an Error', async () => {
    vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValueOnce({ ok: true, value: { instances: [] } });
    expect(await send({ type: 'search/instances' })).toEqual({ instances: [] });
    vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValueOnce({ ok: false, error: 'Refused: not from NowBridge.' });
    await expect(send({ type: 'search/instances' })).rejects.toThrow('Refused: not from NowBridge.');
    vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValueOnce({ ok: false, error: 'rate-limiting', retryAfterMs: 3000 });
    const err = await send({ type: 'search/instances' }).catch((e: unknown) => e);
    expect([(err as Error).message, retryAfterOf(err)]).toEqual(['rate-limiting', 3000]);
    expect(retryAfterOf(new Error('x'))).toBeUndefined();
  });

  it('a background stopped mid-answer says so and that a retry sends nothing twice; a reloaded extension says to reload', async () => {
    vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValueOnce(new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received'));
    await expect(send({ type: 'search/instances' })).rejects.toThrow('NowBridge was interrupted before it could answer. Try again: nothing is sent twice.');
    vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValueOnce(new Error('Extension context invalidated.'));
    const id = vi.spyOn(browser.runtime, 'id', 'get').mockReturnValue(undefined as unknown as string);
    await expect(send({ type: 'search/instances' })).rejects.toThrow('NowBridge was updated or reloaded. Reload the page and try again.');
    id.mockRestore();
  });
});
