import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fromUser } from '@/components/user-event';
import { renderRoot } from '@/lib/testing/render-root';
import type { send as Send } from '@/lib/send';
import { CreateIncident, shortFrom } from './create-incident';

const root = renderRoot();
const SERVER = 'https://chat.example.test';
const INSTANCE = 'https://acme.service-now.com';
const SYS = 'a'.repeat(32);
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
const field = (label: string) => {
  const l = [...root.querySelectorAll('label')].find((x) => x.textContent === label)!;
  return root.querySelector<HTMLInputElement>(`#${CSS.escape(l.htmlFor)}`)!;
};
const click = (text: string) => act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === text)!.click());
const choices = { impact: [{ value: '1', label: '1 - High' }], urgency: [{ value: '1', label: '1 - High' }], category: [{ value: 'network', label: 'Network' }] };

async function open(caller?: unknown) {
  const onCreated = vi.fn();
  act(() =>
    render(
      <CreateIncident send={send} server={SERVER} postId={POST} where={{ postId: POST }} shortDescription="mail is down for finance" description="mail is down for finance" onClose={vi.fn()} onCreated={onCreated} />,
      root,
    ),
  );
  await answer('search/instances', { instances: [{ base: INSTANCE, label: 'acme', state: 'connected' }] });
  await answer('incident/form', { ...choices, ...(caller ? { caller } : {}) });
  return onCreated;
}

describe('CreateIncident', () => {
  it('the short description is the first line, at most 160 characters', () => {
    expect(shortFrom('  mail is down\nfor finance')).toBe('mail is down');
    expect(shortFrom('x'.repeat(200))).toHaveLength(160);
  });

  it('prefills the caller the background matched, and creates with what the form holds, once per submission', async () => {
    const onCreated = await open({ kind: 'match', person: { sys_id: SYS, name: 'Abel Tuter' } });
    expect(asked('incident/form')[0]!.req).toEqual({ type: 'incident/form', server: SERVER, instance: INSTANCE, postId: POST });
    expect(root.querySelector<HTMLInputElement>('[role="combobox"]')!.value).toBe('Abel Tuter');
    act(() => {
      const impact = field('Impact') as unknown as HTMLSelectElement;
      impact.value = '1';
      impact.dispatchEvent(new Event('change', { bubbles: true }));
    });
    click('Create');
    click('Create'); // a double click is one submission
    expect(asked('incident/create')).toHaveLength(1);
    const req = asked('incident/create')[0]!.req;
    expect(req).toMatchObject({ server: SERVER, instance: INSTANCE, postId: POST, where: { postId: POST }, fields: { short_description: 'mail is down for finance', caller_id: SYS, impact: '1' } });
    asked('incident/create')[0]!.resolve({ number: 'INC0010042', sys_id: SYS, url: `${INSTANCE}/incident.do?sys_id=${SYS}`, dropped: ['Impact'], reply: { postUrl: `${SERVER}/x/pl/y` } });
    await settle();
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Created INC0010042. Its card is in the thread.');
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('ServiceNow did not accept: Impact.');
    expect(root.querySelector<HTMLAnchorElement>('a')!.textContent).toBe('Open in ServiceNow');
    expect(onCreated).toHaveBeenCalledOnce();
  });

  it('a card that could not be posted is posted again with the same submission, Allow access beside a withdrawn site', async () => {
    await open({ kind: 'match', person: { sys_id: SYS, name: 'Abel Tuter' } });
    click('Create');
    const first = asked('incident/create')[0]!;
    const made = { number: 'INC0010042', sys_id: SYS, url: `${INSTANCE}/incident.do?sys_id=${SYS}`, dropped: [] };
    first.resolve({ ...made, replyError: 'NowBridge no longer has access to chat.example.test.' });
    await settle();
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Created INC0010042.');
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('The card was not posted to Mattermost: NowBridge no longer has access to chat.example.test.');
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual(expect.arrayContaining(['Allow access', 'Post the card again']));

    click('Post the card again');
    click('Post the card again'); // busy: one request
    expect(asked('incident/create')).toHaveLength(2);
    expect(asked('incident/create')[1]!.req).toEqual(first.req); // the same submission: ServiceNow answers it from its ledger
    expect([...root.querySelectorAll('[role="status"]')].map((s) => s.textContent)).toContain('Posting…');
    // failing again keeps the button and says the new reason
    asked('incident/create')[1]!.reject(new Error('Couldn’t reach chat.example.test.'));
    await settle();
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('The card was not posted to Mattermost: Couldn’t reach chat.example.test.');
    click('Post the card again');
    asked('incident/create')[2]!.resolve({ ...made, reply: { postUrl: `${SERVER}/x/pl/y` } });
    await settle();
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Created INC0010042. Its card is in the thread.');
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('says why the caller is not filled in and offers the candidates', async () => {
    await open({ kind: 'choose', why: 'emails-hidden', hint: 'Mattermost hides emails here. Choose who David Loo is.', candidates: [{ sys_id: SYS, name: 'David Loo' }] });
    expect(root.textContent).toContain('Mattermost hides emails here. Choose who David Loo is.');
    click('Caller: David Loo');
    expect(root.querySelector<HTMLInputElement>('[role="combobox"]')!.value).toBe('David Loo');
  });

  it('a failure keeps everything typed, and the retry is the same submission', async () => {
    await open();
    act(() => {
      const s = field('Short description');
      s.value = 'Mail down (finance)';
      s.dispatchEvent(new Event('input', { bubbles: true }));
    });
    click('Create');
    asked('incident/create')[0]!.reject(new Error('ServiceNow needs Category before it creates the incident.'));
    await settle();
    expect(root.querySelector('.nb-share__error')!.textContent).toBe('ServiceNow needs Category before it creates the incident.');
    expect(field('Short description').value).toBe('Mail down (finance)');
    click('Create');
    const [first, second] = asked('incident/create');
    expect(second!.req.submissionId).toBe(first!.req.submissionId);
  });

  it('an empty short description is refused before anything is sent', async () => {
    await open();
    act(() => {
      const s = field('Short description');
      s.value = '  ';
      s.dispatchEvent(new Event('input', { bubbles: true }));
    });
    click('Create');
    expect(asked('incident/create')).toEqual([]);
    expect(root.querySelector('.nb-share__error')!.textContent).toBe('Short description is required.');
  });

  it("a page script's click does not create", async () => {
    await open();
    vi.mocked(fromUser).mockReturnValue(false);
    click('Create');
    expect(asked('incident/create')).toEqual([]);
  });
});
