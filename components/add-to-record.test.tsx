import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fromUser } from '@/components/user-event';
import { renderRoot } from '@/lib/testing/render-root';
import type { send as Send } from '@/lib/send';
import { AddToRecord } from './add-to-record';

const root = renderRoot();
const SERVER = 'https://chat.example.test';
const INSTANCE = 'https://acme.service-now.com';
const POST = 'p'.repeat(26);
type Pending = { req: Record<string, unknown>; resolve(v: unknown): void; reject(e: unknown): void };
let pending: Pending[];
const send = vi.fn((req: Record<string, unknown>) => new Promise((resolve, reject) => pending.push({ req, resolve, reject }))) as unknown as typeof Send;
beforeEach(() => {
  pending = [];
  vi.mocked(fromUser).mockReturnValue(true);
});
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
const answer = async (type: string, value: unknown) => {
  pending.find((p) => p.req.type === type)!.resolve(value);
  await settle();
};
const asked = (type: string) => pending.filter((p) => p.req.type === type);
const click = (text: string) => act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === text)!.click());
const context = {
  post: { id: POST, rootId: POST, channel: 'Town Square', team: 'acme', author: { id: 'u', username: 'abel', name: 'Abel Tuter' }, at: 0, message: 'mail is down', permalink: `${SERVER}/acme/pl/${POST}` },
  count: 2,
  authors: ['Abel Tuter', 'David Loo'],
  entries: ['From Mattermost · Town Square · link\n\nAbel Tuter (@abel) · 2026-12-07 09:30 UTC\nmail is down'],
  records: [{ instance: INSTANCE, number: 'INC0010002' }],
};

async function open(scope: 'message' | 'thread' = 'thread', number?: string) {
  act(() => render(<AddToRecord send={send} server={SERVER} postId={POST} scope={scope} number={number} onClose={vi.fn()} />, root));
  await answer('search/instances', { instances: [{ base: INSTANCE, label: 'acme', state: 'connected' }] });
  await answer('message/context', context);
}

describe('AddToRecord', () => {
  it('previews exactly what ServiceNow will hold, offers the thread’s records, and adds as a work note by default', async () => {
    await open();
    expect(asked('message/context')[0]!.req).toEqual({ type: 'message/context', server: SERVER, postId: POST, scope: 'thread' });
    expect(root.querySelector('h2')!.textContent).toBe('Add thread to a record');
    expect(root.querySelector('pre')!.textContent).toBe(context.entries[0]);
    expect(root.textContent).toContain('2 messages by Abel Tuter, David Loo');
    // the record the thread already refers to is chosen
    expect(root.querySelector<HTMLInputElement>('input[placeholder="INC0010001"]')!.value).toBe('INC0010002');
    expect(root.querySelector<HTMLInputElement>('input[type="radio"]:checked')!.parentElement!.textContent).toMatch(/Work note/);
    click('Add');
    expect(asked('message/attach')[0]!.req).toMatchObject({ server: SERVER, postId: POST, scope: 'thread', instance: INSTANCE, ref: { number: 'INC0010002' }, element: 'work_notes' });
    asked('message/attach')[0]!.resolve({ number: 'INC0010002', url: `${INSTANCE}/x`, parts: 1, reply: { postUrl: 'x' } });
    await settle();
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Added to INC0010002 as a work note.');
  });

  it('a typed number wins; a failure keeps it and the retry is the same submission', async () => {
    await open('message', 'inc0010001');
    const radio = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.parentElement!.textContent!.includes('Comment'))!;
    act(() => radio.click());
    click('Add');
    expect(asked('message/attach')[0]!.req).toMatchObject({ ref: { number: 'INC0010001' }, element: 'comments', scope: 'message' });
    asked('message/attach')[0]!.reject(new Error('ServiceNow did not answer in time.'));
    await settle();
    expect(root.querySelector('.nb-share__error')!.textContent).toBe('ServiceNow did not answer in time.');
    click('Add');
    const [a, b] = asked('message/attach');
    expect(b!.req.submissionId).toBe(a!.req.submissionId);
  });

  it('a reply that could not be posted is posted again with the same submission (the entries are not added twice)', async () => {
    await open();
    click('Add');
    const first = asked('message/attach')[0]!;
    first.resolve({ number: 'INC0010002', url: `${INSTANCE}/x`, parts: 1, replyError: 'Mattermost did not answer in time.' });
    await settle();
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Added to INC0010002 as a work note.');
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('The reply in the thread was not posted: Mattermost did not answer in time.');
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Allow access'); // not an access problem
    click('Post the reply again');
    expect(asked('message/attach')[1]!.req).toEqual(first.req);
    asked('message/attach')[1]!.resolve({ number: 'INC0010002', url: `${INSTANCE}/x`, parts: 1, reply: { postUrl: 'x' } });
    await settle();
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Post the reply again');
  });

  it('no number: asks for one and sends nothing', async () => {
    act(() => render(<AddToRecord send={send} server={SERVER} postId={POST} scope="message" onClose={vi.fn()} />, root));
    await answer('search/instances', { instances: [{ base: INSTANCE, label: 'acme', state: 'connected' }] });
    await answer('message/context', { ...context, records: [] });
    click('Add');
    expect(asked('message/attach')).toEqual([]);
    expect(root.querySelector('.nb-share__error')!.textContent).toMatch(/Type the record’s number/);
  });
});
