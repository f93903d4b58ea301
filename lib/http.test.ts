import { describe, expect, test, vi } from 'vitest';
import { accessPattern, hostWithoutAccess, HttpError, request, withSiteAccess } from './http';

const failing = () => vi.fn(async () => Promise.reject(new TypeError('Failed to fetch')));

describe('withSiteAccess', () => {
  test('a request that fails because the site access was withdrawn says so, naming the site', async () => {
    const granted = vi.fn(async () => false);
    const call = request(withSiteAccess(failing(), granted), 'https://acme.service-now.com/api/now/table/task');
    await expect(call).rejects.toMatchObject({ kind: 'no-site-access', message: 'NowBridge no longer has access to acme.service-now.com. Allow access, then try again.' });
    expect(granted).toHaveBeenCalledWith('https://acme.service-now.com/*');
  });

  test('with access granted, a network failure is still "can\'t reach"', async () => {
    const call = request(withSiteAccess(failing(), async () => true), 'https://chat.example.test/api/v4/posts');
    await expect(call).rejects.toMatchObject({ kind: 'unreachable' });
  });

  test('answers, timeouts and the connection\'s own errors pass untouched; access is not even asked', async () => {
    const granted = vi.fn(async () => false);
    const ok = await withSiteAccess(async () => new Response('{}'), granted)('https://acme.service-now.com/x');
    expect(ok.status).toBe(200);
    const own = new HttpError('unauthorized', 'Needs sign-in');
    await expect(withSiteAccess(async () => Promise.reject(own), granted)('https://acme.service-now.com/x')).rejects.toBe(own);
    const hang = withSiteAccess((_i, init) => new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))), granted);
    await expect(request(hang, 'https://acme.service-now.com/x', { timeoutMs: 10 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(granted).not.toHaveBeenCalled();
  });
});

describe('the site a message says NowBridge lost access to', () => {
  test('is read back from the message, with the permission to ask for it', () => {
    expect(hostWithoutAccess('NowBridge no longer has access to chat.example.test. Allow access, then try again.')).toBe('chat.example.test');
    expect(hostWithoutAccess("Can't reach chat.example.test.")).toBeUndefined();
    expect(accessPattern('acme.service-now.com')).toBe('https://acme.service-now.com/*');
    expect(accessPattern('localhost:8065')).toBe('http://localhost/*');
  });
});
