import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from '@/lib/send';
import { renderRoot } from '@/lib/testing/render-root';
import { CommandFrame } from './command-frame';

vi.mock('@/lib/send', () => ({ send: vi.fn() }));

const root = renderRoot();
const SERVER = 'https://chat.example.test';
const PAGE = `${SERVER}/acme/channels/town-square`;
type Pending = { req: Record<string, unknown>; resolve(v: unknown): void; reject(e: unknown): void };
let pending: Pending[];
beforeEach(() => {
  pending = [];
  vi.mocked(send).mockImplementation(((req: Record<string, unknown>) => new Promise((resolve, reject) => pending.push({ req, resolve, reject }))) as typeof send);
});
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
const show = (text: string, extra: { rootId?: string } = {}) => {
  const emit = vi.fn();
  act(() => render(<CommandFrame spec={{ kind: 'command', server: SERVER, text, page: PAGE, theme: { dark: false }, ...extra }} emit={emit} tabId={1} preloaded={{}} />, root));
  return emit;
};

describe('CommandFrame', () => {
  it('help: the command list, and the box is cleared', () => {
    const emit = show('/servicenow help');
    expect(emit).toHaveBeenCalledWith({ type: 'ran' });
    expect(root.querySelector('[role="status"]')!.textContent).toMatch(/never sent to Mattermost/);
    expect([...root.querySelectorAll('dt')].map((d) => d.textContent)).toEqual([
      '/servicenow share <number>',
      '/servicenow search <text>',
      '/servicenow create <short description>',
      '/servicenow add <number>',
      '/servicenow watch <number>',
      '/servicenow unwatch <number>',
      '/servicenow connect',
      '/servicenow help',
    ]);
  });

  it('an unknown verb says so beside the list and keeps the box as typed', () => {
    const emit = show('/sn frobnicate');
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Unknown command “frobnicate”. NowBridge knows these:');
    expect(root.querySelectorAll('dt')).toHaveLength(8);
    expect(emit).not.toHaveBeenCalledWith({ type: 'ran' });
  });

  it('watch: runs in the background, clears the box and says where changes will show; unwatch says it stopped', async () => {
    const emit = show('/servicenow watch INC0010001');
    expect(pending[0]!.req).toMatchObject({ type: 'command/run', text: '/servicenow watch INC0010001' });
    pending[0]!.resolve({ kind: 'watched', number: 'INC0010001', watching: true });
    await settle();
    expect(emit).toHaveBeenCalledWith({ type: 'ran' });
    expect(root.querySelector('[role="status"]')!.textContent).toMatch(/Watching INC0010001.*Activity/);
  });

  it('watch without a number asks for one and runs nothing', () => {
    const emit = show('/sn watch');
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Which record? Type its number: /servicenow watch INC0010001');
    expect(pending).toHaveLength(0);
    expect(emit).not.toHaveBeenCalledWith({ type: 'ran' });
  });

  it('share: runs in the background for this page, then clears the box and closes', async () => {
    const emit = show('/servicenow share INC0010001');
    expect(pending[0]!.req).toMatchObject({ type: 'command/run', server: SERVER, where: { page: PAGE }, text: '/servicenow share INC0010001' });
    pending[0]!.resolve({ kind: 'posted', number: 'INC0010001', postUrl: `${SERVER}/acme/pl/x` });
    await settle();
    expect(emit.mock.calls.map((c) => c[0].type)).toEqual(['ran', 'close']);
  });

  it("share in a thread posts to the thread; a failure is shown and the box keeps the command", async () => {
    const emit = show('/servicenow share INC0099999', { rootId: 'r'.repeat(26) });
    expect(pending[0]!.req).toMatchObject({ where: { postId: 'r'.repeat(26) } });
    pending[0]!.reject(new Error('INC0099999 was not found.'));
    await settle();
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('INC0099999 was not found.');
    expect(emit).not.toHaveBeenCalled();
  });

  it('share without a number asks for one and sends nothing', () => {
    show('/servicenow share');
    expect(root.querySelector('[role="alert"]')!.textContent).toMatch(/Which record\?/);
    expect(pending).toEqual([]);
  });

  it('add outside a thread explains where it works', () => {
    show('/servicenow add INC0010001');
    expect(root.querySelector('[role="alert"]')!.textContent).toMatch(/thread’s reply box/);
  });

  it('create opens the Create incident form with the text as its short description', () => {
    show('/servicenow create mail is down for finance');
    expect(root.querySelector('[role="dialog"]')!.getAttribute('aria-labelledby')).toBeTruthy();
    expect(root.querySelector('h2')!.textContent).toBe('Create incident');
    expect(root.querySelector<HTMLInputElement>('input[maxlength="160"]')!.value).toBe('mail is down for finance');
  });
});
