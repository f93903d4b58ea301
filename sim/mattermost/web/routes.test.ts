// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseWebPath } from './routes';

const id = 'p0000000000000000000000001';

describe('parseWebPath', () => {
  it('parses channel, DM, GM and permalink routes', () => {
    expect(parseWebPath('/ops/channels/town-square', '')).toEqual({ kind: 'channel', team: 'ops', channel: 'town-square' });
    expect(parseWebPath(`/ops/channels/incidents/${id}`, '')).toEqual({ kind: 'channel', team: 'ops', channel: 'incidents', postId: id });
    expect(parseWebPath('/ops/messages/@david', '')).toEqual({ kind: 'dm', team: 'ops', username: 'david' });
    expect(parseWebPath(`/ops/messages/${'a'.repeat(40)}`, '')).toEqual({ kind: 'gm', team: 'ops', name: 'a'.repeat(40) });
    expect(parseWebPath(`/ops/pl/${id}`, '')).toEqual({ kind: 'permalink', team: 'ops', postId: id });
  });

  it('honours the subpath', () => {
    expect(parseWebPath('/mm/', '/mm')).toEqual({ kind: 'root' });
    expect(parseWebPath('/mm', '/mm')).toEqual({ kind: 'root' });
    expect(parseWebPath('/mm/ops/channels/x', '/mm')).toEqual({ kind: 'channel', team: 'ops', channel: 'x' });
    expect(parseWebPath('/ops/channels/x', '/mm')).toBeUndefined();
    expect(parseWebPath('/mm/__sim/events', '/mm')).toEqual({ kind: 'sim', rest: 'events' });
  });

  it('rejects everything else', () => {
    for (const p of ['/api/v4/users/me', '/login', '/ops', '/ops/channels', '/ops/pl/short', '/ops/unknown/x', '/favicon.ico']) {
      expect(parseWebPath(p, ''), p).toBeUndefined();
    }
  });
});
