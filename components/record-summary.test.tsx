import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { renderRoot } from '@/lib/testing/render-root';
import type { FieldValue, SnRecord } from '@/lib/servicenow/record';
import { savePreferences } from '@/lib/preferences-store';
import { RecordSummary, type RecordSummaryProps } from './record-summary';

const A = 'https://acme.service-now.com';
const ID = '9d385017c611228701d22104cc95c371';
const NOW = Date.parse('2026-12-02T12:00:00Z');
const f = (value: string, display = value): FieldValue => ({ value, display });
const record = (table: string, fields: Record<string, FieldValue>, number = 'INC0010001'): SnRecord => ({
  instance: A,
  table,
  sys_id: ID,
  number,
  shortDescription: 'Email down',
  url: `${A}/nav_to.do?uri=${table}.do%3Fsys_id%3D${ID}`,
  updatedAt: '2026-12-02T11:55:00.000Z',
  fields,
});
const incident = (over: Record<string, FieldValue> = {}) =>
  record('incident', {
    state: f('2', 'In Progress'),
    priority: f('3', '3 - Moderate'),
    category: f('software', 'Software'),
    assigned_to: f('', ''),
    assignment_group: f('g1', 'Service Desk'),
    caller_id: f('u1', 'Abel <b>Tuter</b>'),
    opened_at: f('2026-12-01 09:30:00', '01.12.2026 10:30:00'),
    sla_due: f('2026-12-02 15:00:00', '02.12.2026 16:00:00'),
    due_date: f('2026-11-30 12:00:00'),
    resolved_at: f(''),
    closed_at: f(''),
    active: f('true'),
    ...over,
  });
const card = (r: SnRecord) => ({ lookup: { ok: true as const, record: r }, accent: '#F9AB00', fields: [], tableLabel: 'Incident' });

const root = renderRoot();
beforeEach(() => fakeBrowser.reset());
const mount = (props: RecordSummaryProps) => act(() => render(<RecordSummary now={NOW} {...props} />, root));
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
/** dt → dd text, in order */
const pairs = () => [...root.querySelectorAll('.nb-summary__item')].map((i) => [i.querySelector('dt')!.textContent, i.querySelector('dd')!.textContent]);
const link = () => root.querySelector<HTMLAnchorElement>('a.nb-summary__open')!;

describe('RecordSummary', () => {
  it('lists the key fields, who it is for and the set dates, as a description list; empty key fields say None', () => {
    mount({ card: card(incident()), openIn: 'classic' });
    expect(root.querySelector('section')!.getAttribute('aria-label')).toBe('Summary of INC0010001');
    const shown = pairs();
    expect(shown.map(([t]) => t)).toEqual(['State', 'Priority', 'Category', 'Assigned to', 'Assignment group', 'Caller', 'Opened', 'Due', 'SLA due']);
    expect(Object.fromEntries(shown)).toMatchObject({ State: 'In Progress', 'Assigned to': 'None', 'Assignment group': 'Service Desk' });
    // record text is text: the caller's name is not parsed as HTML
    expect(Object.fromEntries(shown).Caller).toBe('Abel <b>Tuter</b>');
    expect(root.querySelector('b')).toBeNull();
  });

  it('dates are the UTC values in the viewer’s locale, never the display string; due dates say how they stand', () => {
    mount({ card: card(incident()), openIn: 'classic' });
    const opened = root.querySelectorAll('time')[0]!;
    expect(opened.getAttribute('datetime')).toBe('2026-12-01T09:30:00.000Z');
    expect(opened.textContent).toBe(new Date('2026-12-01T09:30:00Z').toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
    const item = (t: string) => [...root.querySelectorAll('.nb-summary__item')].find((i) => i.querySelector('dt')!.textContent === t)!;
    expect(item('SLA due').querySelector('.nb-summary__due')!.textContent).toBe('due in 3 h');
    // overdue: in words and with a sign, not only a colour
    const overdue = item('Due').querySelector('.nb-summary__due--overdue')!;
    expect(overdue.textContent).toBe('⚠ overdue by 2 d');
    expect(overdue.querySelector('[aria-hidden="true"]')!.textContent).toBe('⚠ ');
  });

  it('a resolved or closed record’s due dates are neither due nor overdue; Resolved and Closed show once set', () => {
    mount({ card: card(incident({ resolved_at: f('2026-12-02 08:00:00'), state: f('6', 'Resolved') })), openIn: 'classic' });
    expect(pairs().map(([t]) => t)).toContain('Resolved');
    expect(root.querySelector('.nb-summary__due')).toBeNull();
  });

  it('each table shows its own: a change its type, risk, requester and planned window', () => {
    const change = record(
      'change_request',
      {
        state: f('-2', 'Scheduled'),
        type: f('normal', 'Normal'),
        risk: f('3', 'Moderate'),
        requested_by: f('u2', 'Beth Anglin'),
        start_date: f('2026-12-03 20:00:00'),
        end_date: f('2026-12-03 23:00:00'),
        opened_at: f('2026-11-20 10:00:00'),
      },
      'CHG0030001',
    );
    mount({ card: card(change), openIn: 'classic' });
    expect(pairs().map(([t]) => t)).toEqual(['State', 'Priority', 'Type', 'Risk', 'Assigned to', 'Assignment group', 'Requested by', 'Planned start', 'Planned end', 'Opened']);
  });

  it('knowledge: calendar dates stay the day they are, wherever the viewer is', () => {
    const kb = record('kb_knowledge', { workflow_state: f('published', 'Published'), author: f('u2', 'Beth Anglin'), valid_to: f('2100-01-01'), published: f('') }, 'KB0010001');
    mount({ card: card(kb), openIn: 'workspace' });
    const valid = [...root.querySelectorAll('time')].find((t) => t.getAttribute('datetime') === '2100-01-01')!;
    expect(valid.textContent).toBe(new Date(2100, 0, 1).toLocaleDateString(undefined, { dateStyle: 'medium' }));
    // SOW does not open knowledge: classic even when the user prefers the workspace
    expect(link().href).toBe(kb.url);
  });

  it('"Open <NUMBER> in ServiceNow": classic or workspace, in a new tab, without handing over the opener', () => {
    const r = incident();
    mount({ card: card(r), openIn: 'classic' });
    expect(link().textContent!.replace('↗', '').trim()).toBe('Open INC0010001 in ServiceNow');
    expect([link().href, link().target, link().rel]).toEqual([r.url, '_blank', 'noopener noreferrer']);
    mount({ card: card(r), openIn: 'workspace' });
    expect(link().href).toBe(`${A}/now/sow/record/incident/${ID}`);
  });

  it('without a given choice, follows the stored preference', async () => {
    await savePreferences({ openRecordsIn: 'workspace' });
    mount({ card: card(incident()) });
    await settle();
    expect(link().href).toBe(`${A}/now/sow/record/incident/${ID}`);
  });

  it('loading and unreadable records show the compact card’s states', () => {
    mount({ card: undefined });
    expect(root.querySelector('[aria-busy="true"]')).not.toBeNull();
    mount({ card: { lookup: { ok: false, reason: 'not-found', message: 'No access or not found' }, accent: '#80868B', fields: [], tableLabel: 'Incident' } });
    expect(root.textContent).toContain('No access or not found');
    expect(root.querySelector('a.nb-summary__open')).toBeNull();
  });
});
