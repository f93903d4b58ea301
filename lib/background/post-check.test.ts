import { describe, expect, it } from 'vitest';
import { HttpError } from '../http';
import type { MmPost } from '../mattermost/client';
import { type Confirmation, createPostCheck, type PostCheckOptions } from './post-check';

const S = 'https://chat.example.test';
const id = (n: number) => `p${String(n).padStart(25, '0')}`;
const post = (n: number, message: string, extra: Partial<MmPost> = {}): MmPost => ({
  id: id(n),
  create_at: 1,
  update_at: 2,
  edit_at: 0,
  delete_at: 0,
  user_id: 'u'.repeat(26),
  channel_id: 'c'.repeat(26),
  root_id: '',
  message,
  type: '',
  props: {},
  pending_post_id: '',
  ...extra,
});

/** Keys are the words of a message: enough to see which claims a server copy holds. */
function setup(server: MmPost[], o: Partial<PostCheckOptions> = {}) {
  const calls: string[][] = [];
  const timers: (() => void)[] = [];
  let t = 1000;
  const check = createPostCheck({
    postsByIds: async (_s, ids) => {
      calls.push(ids);
      return server.filter((p) => ids.includes(p.id));
    },
    refsParser: async () => (message) => new Set(message.split(' ')),
    schedule: (run) => void timers.push(run),
    now: () => t,
    ...o,
  });
  const tick = async () => {
    for (const run of timers.splice(0)) run();
    await new Promise((r) => setTimeout(r, 0));
  };
  const confirm = (claims: [number, string[]][]) => {
    const got = new Map<string, Confirmation>();
    const phases: number[] = [];
    const done = check.confirm(S, new Map(claims.map(([n, k]) => [id(n), k])), (answers) => {
      phases.push(answers.size);
      for (const [k, v] of answers) got.set(k, v);
    });
    return { got, phases, done };
  };
  return { check, calls, tick, confirm, advance: (ms: number) => (t += ms) };
}

describe('post check', () => {
  it('confirms only claims the server copy holds; a post it does not return is missing; one request per window', async () => {
    const { calls, tick, confirm } = setup([post(1, 'INC1 CHG2'), post(2, 'PRB3', { delete_at: 5 })]);
    const a = confirm([[1, ['INC1', 'FAKE9']]]);
    const b = confirm([[2, ['PRB3']], [3, ['INC1']]]);
    await tick();
    await Promise.all([a.done, b.done]);
    expect(calls).toEqual([[id(1), id(2), id(3)]]);
    expect(a.got.get(id(1))).toEqual({ ok: true, keys: ['INC1'] });
    expect(b.got.get(id(2))).toEqual({ ok: false, reason: 'missing' }); // deleted
    expect(b.got.get(id(3))).toEqual({ ok: false, reason: 'missing' }); // not on the server: a page's fake
  });

  it('remembers answers: covered claims and known fakes cost nothing and are answered at once, without the window', async () => {
    const { calls, tick, confirm, advance } = setup([post(1, 'INC1 CHG2')]);
    const first = confirm([[1, ['INC1']], [3, ['INC1']]]);
    await tick();
    await first.done;
    advance(60_000);
    const again = confirm([[1, ['CHG2', 'INC1']], [3, ['INC1']]]);
    expect(again.got.size).toBe(2); // before the window ends
    await again.done;
    expect(calls).toHaveLength(1);
    expect(again.phases).toEqual([2]);
    expect(again.got.get(id(1))).toEqual({ ok: true, keys: ['CHG2', 'INC1'] });
    expect(again.got.get(id(3))).toEqual({ ok: false, reason: 'missing' });
  });

  it('a claim the remembered copy does not hold (an edit, or tampering) reads the post again; memory answers the rest first', async () => {
    const server = [post(1, 'INC1'), post(2, 'CHG2')];
    const { calls, tick, confirm } = setup(server);
    await (async () => {
      const c = confirm([[1, ['INC1']], [2, ['CHG2']]]);
      await tick();
      await c.done;
    })();
    server[0] = post(1, 'INC1 PRB7', { edit_at: 9 });
    const c = confirm([[1, ['PRB7']], [2, ['CHG2']]]);
    await tick();
    await c.done;
    expect(calls).toEqual([[id(1), id(2)], [id(1)]]);
    expect(c.phases).toEqual([1, 1]);
    expect(c.got.get(id(1))).toEqual({ ok: true, keys: ['PRB7'] });
  });

  it('expires answers after the TTL', async () => {
    const { calls, tick, confirm, advance } = setup([post(1, 'INC1')], { ttlMs: 1000 });
    const c1 = confirm([[1, ['INC1']]]);
    await tick();
    await c1.done;
    advance(1001);
    const c2 = confirm([[1, ['INC1']]]);
    await tick();
    await c2.done;
    expect(calls).toHaveLength(2);
  });

  it('more than 1000 posts: one request per 1000', async () => {
    const { calls, tick, confirm } = setup([]);
    const c = confirm(Array.from({ length: 1500 }, (_, i) => [i, ['X']] as [number, string[]]));
    await tick();
    await c.done;
    expect(calls.map((x) => x.length)).toEqual([1000, 500]);
  });

  it('not connected, or a failure: every post says so, nothing is remembered', async () => {
    let fail: Error = new HttpError('unauthorized', "Connect chat.example.test in NowBridge's settings first.");
    const calls: number[] = [];
    const timers: (() => void)[] = [];
    const check = createPostCheck({
      postsByIds: async () => {
        calls.push(1);
        throw fail;
      },
      refsParser: async () => () => new Set(),
      schedule: (run) => void timers.push(run),
    });
    const run = async () => {
      const got = new Map<string, Confirmation>();
      const done = check.confirm(S, new Map([[id(1), ['INC1']]]), (a) => a.forEach((v, k) => got.set(k, v)));
      timers.splice(0).forEach((r) => r());
      await done;
      return got.get(id(1));
    };
    expect(await run()).toEqual({ ok: false, reason: 'mattermost-not-connected' });
    fail = new HttpError('server', 'chat.example.test had a problem (502).');
    expect(await run()).toEqual({ ok: false, reason: 'error', message: 'chat.example.test had a problem (502).' });
    expect(calls).toHaveLength(2);
  });

  it('forget: answers read with the old sign-in are dropped', async () => {
    const { check, calls, tick, confirm } = setup([post(1, 'INC1')]);
    const c1 = confirm([[1, ['INC1']]]);
    await tick();
    await c1.done;
    check.forget(S);
    const c2 = confirm([[1, ['INC1']]]);
    await tick();
    await c2.done;
    expect(calls).toHaveLength(2);
  });
});
