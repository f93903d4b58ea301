import { afterEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { testFeatureContext } from '../testing/feature-context';
import { feature, listenForShareRequests } from './open-share-listener';
import * as host from './share-dialog-host';

afterEach(() => vi.restoreAllMocks());

const SUBJECT = { kind: 'record', instance: 'https://acme.service-now.com', ref: { table: 'incident', sys_id: '9d385017c611228701d22104cc95c371' } };

describe('share requests (context menu "Share to Mattermost" on a page where NowBridge runs)', () => {
  it('runs in the top frame only: one dialog per tab', () => {
    const ctl = new AbortController();
    const { ctx } = testFeatureContext({ site: 'https://chat.example.test', signal: ctl.signal });
    expect(feature.include!(ctx)).toBe(true);
    expect(feature.include!(Object.assign(Object.create(ctx), { isTop: false }))).toBe(false);
  });

  it('opens the dialog for a valid subject, ignores anything else, and stops listening with its signal', async () => {
    const open = vi.spyOn(host, 'openShareDialog').mockResolvedValue();
    const add = vi.spyOn(browser.runtime.onMessage, 'addListener');
    const remove = vi.spyOn(browser.runtime.onMessage, 'removeListener');
    const ctl = new AbortController();
    listenForShareRequests(ctl.signal);
    const listener = add.mock.calls[0]![0] as (m: unknown) => Promise<boolean> | undefined;
    await expect(listener({ type: 'nowbridge/open-share', subject: SUBJECT })).resolves.toBe(true);
    expect(open).toHaveBeenCalledWith(SUBJECT);
    expect(listener({ type: 'nowbridge/open-share', subject: { ...SUBJECT, instance: 'javascript:alert(1)' } })).toBeUndefined();
    expect(listener({ type: 'nowbridge/insert-text', text: 'x' })).toBeUndefined();
    expect(open).toHaveBeenCalledTimes(1);
    ctl.abort();
    expect(remove).toHaveBeenCalledWith(listener);
  });
});
