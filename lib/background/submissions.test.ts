import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSubmissionLedger } from './submission-ledger';
import { createSubmissions, REMEMBER_MS } from './submissions';

beforeEach(() => fakeBrowser.reset());

describe('createSubmissions: at most once per submission', () => {
  it('a retry in flight or after success gets the first answer; after a failure it runs again, told when the first began', async () => {
    let t = 1_000;
    const s = createSubmissions<string>({ kind: 'k', now: () => t });
    const earlierSeen: (number | undefined)[] = [];
    let fail = true;
    const attempt = async (earlier: number | undefined) => {
      earlierSeen.push(earlier);
      if (fail) throw new Error('lost');
      return `written ${earlierSeen.length}`;
    };
    await expect(s.run(7, attempt)).rejects.toThrow('lost');
    t = 5_000;
    fail = false;
    const [a, b] = await Promise.all([s.run(7, attempt), s.run(7, attempt)]);
    expect([a, b]).toEqual(['written 2', 'written 2']);
    expect(await s.run(7, attempt)).toBe('written 2');
    expect(earlierSeen).toEqual([undefined, 1_000]);
  });

  it('an answer that wrote nothing is forgotten: the same submission is a first attempt again', async () => {
    const s = createSubmissions<'refused' | 'saved'>({ kind: 'k', wroteNothing: (a) => a === 'refused' });
    const seen: (number | undefined)[] = [];
    expect(await s.run(1, async (e) => (seen.push(e), 'refused'))).toBe('refused');
    expect(await s.run(1, async (e) => (seen.push(e), 'saved'))).toBe('saved');
    expect(seen).toEqual([undefined, undefined]);
  });

  it('after a worker restart (a new instance, the same ledger) a retry is one after a failure, even if the first succeeded', async () => {
    let t = 10_000;
    const ledger = createSubmissionLedger(() => t);
    const first = createSubmissions<string>({ kind: 'journal', ledger, now: () => t });
    await first.run(42, async () => 'landed, answer lost with the worker');
    t = 12_000;
    const restarted = createSubmissions<string>({ kind: 'journal', ledger, now: () => t });
    let earlier: number | undefined;
    expect(await restarted.run(42, async (e) => ((earlier = e), 'found it'))).toBe('found it');
    expect(earlier).toBe(10_000);
    // another kind's id 42 is another submission
    const other = createSubmissions<string>({ kind: 'approval', ledger, now: () => t });
    await other.run(42, async (e) => ((earlier = e), 'first'));
    expect(earlier).toBeUndefined();
  });

  it('the ledger keeps only an id and a time, in storage.session, and drops them after the window', async () => {
    let t = 0;
    const ledger = createSubmissionLedger(() => t);
    await ledger.start('journal:1', 0);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ 'submission:journal:1': 0 });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    t = REMEMBER_MS + 1;
    expect(await ledger.started('journal:1')).toBeUndefined();
    await ledger.start('journal:2', t);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ 'submission:journal:2': t });
    await ledger.forget('journal:2');
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
