import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { CardData } from '@/lib/background/card-data';
import type { ShareChoices } from '@/lib/messages';
import { ShareFlow } from './share-flow';
import { renderRoot } from '@/lib/testing/render-root';

const SN = 'https://acme.service-now.com';
const MM = 'https://chat.example.test';
const ref = { table: 'incident', sys_id: 'a'.repeat(32) };
const subject = { kind: 'record' as const, instance: SN, ref };
const card: CardData = {
  lookup: { ok: true, record: { instance: SN, table: 'incident', sys_id: ref.sys_id, number: 'INC0010001', shortDescription: 'Email server down', url: `${SN}/incident.do?sys_id=${ref.sys_id}`, updatedAt: '2026-12-01 10:00:00', fields: {} } },
  accent: '#E8710A',
  fields: [],
  tableLabel: 'Incident',
};
const OPS = { key: `channel:${'o'.repeat(26)}`, kind: 'channel' as const, label: 'Ops', team: 'Acme', typeLabel: 'Private channel', server: MM };
const DAVID = { key: `user:${'d'.repeat(26)}`, kind: 'user' as const, label: 'David Loo (@david)', typeLabel: 'Message the assignee', server: MM };
const choices: ShareChoices = { servers: [{ base: MM, label: 'chat.example.test', connected: true }], recent: { [MM]: [OPS] } };

const root = renderRoot();

/** A `send` that answers record/card and share/servers, and records what was asked. */
function fakeSend() {
  const send = vi.fn(async (request: { type: string }) => {
    if (request.type === 'record/card') return card;
    if (request.type === 'share/servers') return choices;
    if (request.type === 'people/targets') return { targets: [DAVID] };
    throw new Error(`unexpected ${request.type}`);
  });
  return send as typeof send & Parameters<typeof ShareFlow>[0]['send'];
}
// (the people targets and the Watch toggle ask for their own beside the dialog's reads)
const asked = (send: ReturnType<typeof fakeSend>) => send.mock.calls.map(([r]) => r.type).filter((t) => t !== 'people/targets' && t !== 'watch/record');
const flush = () => act(async () => await new Promise((r) => setTimeout(r, 0)));

describe('ShareFlow', () => {
  it('shows what the frame was handed at once, the record and the remembered channel, asking the background for neither', async () => {
    const send = fakeSend();
    act(() => render(<ShareFlow subject={subject} send={send} onClose={() => undefined} preloaded={{ card, choices }} />, root));
    // the very first render, before any answer could have arrived
    expect(root.querySelector('article')?.textContent).toContain('INC0010001');
    expect(root.querySelector<HTMLInputElement>('[role="combobox"]')?.value).toContain('Ops');
    await flush();
    expect(asked(send)).toEqual([]);
  });

  it('asks only for what was not handed over', async () => {
    const send = fakeSend();
    act(() => render(<ShareFlow subject={subject} send={send} onClose={() => undefined} preloaded={{ choices }} />, root));
    await flush();
    expect(asked(send)).toEqual(['record/card']);
    expect(root.querySelector('article')?.textContent).toContain('INC0010001');
  });

  it('without anything handed over (the share window), reads the card and the choices', async () => {
    const send = fakeSend();
    act(() => render(<ShareFlow subject={subject} send={send} onClose={() => undefined} />, root));
    await flush();
    expect(asked(send).sort()).toEqual(['record/card', 'share/servers']);
    expect(root.querySelector('article')?.textContent).toContain('INC0010001');
    expect(root.querySelector<HTMLInputElement>('[role="combobox"]')?.value).toContain('Ops');
  });

  it("offers the record's assignee as a DM target before the recent ones, the remembered channel still chosen", async () => {
    const send = fakeSend();
    act(() => render(<ShareFlow subject={subject} send={send} onClose={() => undefined} preloaded={{ card, choices }} />, root));
    await flush();
    expect(send.mock.calls.map(([r]) => r)).toContainEqual({ type: 'people/targets', server: MM, instance: SN, ref });
    expect(root.querySelector<HTMLInputElement>('[role="combobox"]')?.value).toContain('Ops');
    act(() => {
      const box = root.querySelector<HTMLInputElement>('[role="combobox"]')!;
      box.value = '';
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await flush();
    const options = [...root.querySelectorAll('[role="option"]')].map((o) => o.getAttribute('aria-label'));
    expect(options).toEqual(['David Loo (@david), Message the assignee', 'Ops, Acme, Private channel']);
  });
});
