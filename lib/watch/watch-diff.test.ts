import { describe, expect, it } from 'vitest';
import { changesBetween, filterFor, snapshotOf } from './watch-diff';
import { detailLines, headline } from './watch-text';
import type { WatchEvent } from './watch-model';
import { watchEvent } from './watch-event.fixtures';

const row = (over: Record<string, string | { value: string; display_value: string }>) => ({
  sys_id: 'a'.repeat(32),
  sys_class_name: 'incident',
  number: 'INC0010001',
  sys_mod_count: '4',
  sys_updated_on: '2025-06-02 08:00:00',
  short_description: 'VPN down',
  state: { value: '2', display_value: 'Work in Progress' },
  priority: { value: '3', display_value: '3 - Moderate' },
  assigned_to: { value: '', display_value: '' },
  ...over,
});
// the class's own labels, as sys_choice gives them (a task read labels states task-wide)
const relabel = (_t: string, f: string, v: string, d: string) => (f === 'state' ? ({ '2': 'In Progress', '6': 'Resolved' } as Record<string, string>)[v] ?? d : d);

const event = (over: Partial<WatchEvent>) => watchEvent({ changes: [], journal: [], ...over });

describe('who changed what', () => {
  it('old → new per moved field, labelled as the record’s class labels them', () => {
    const before = snapshotOf(row({}), relabel);
    const after = snapshotOf(row({ sys_mod_count: '5', state: { value: '6', display_value: '6' }, assigned_to: { value: 'b'.repeat(32), display_value: 'Beth Anglin' } }), relabel);
    expect(changesBetween(before, after)).toEqual([
      { field: 'state', label: 'State', from: 'In Progress', to: 'Resolved' },
      { field: 'assigned_to', label: 'Assigned to', from: '(empty)', to: 'Beth Anglin' },
    ]);
  });

  it('says it in one line, with a verb for what happened', () => {
    const state = (to: string) => event({ changes: [{ field: 'state', label: 'State', from: 'In Progress', to }] });
    expect(headline(state('Resolved'))).toBe('David Loo resolved INC0010001');
    expect(headline(state('Closed'))).toBe('David Loo closed INC0010001');
    expect(headline(state('Canceled'))).toBe('David Loo canceled INC0010001');
    expect(headline(state('On Hold'))).toBe('David Loo put INC0010001 on hold');
    expect(headline(state('In Progress'))).toBe('David Loo updated INC0010001');
    expect(headline(event({ changes: [{ field: 'assigned_to', label: 'Assigned to', from: '(empty)', to: 'Beth Anglin' }] }))).toBe('David Loo assigned INC0010001 to Beth Anglin');
    expect(headline(event({ journal: [{ element: 'comments', author: 'Abel Tuter', text: 'Any news?' }] }))).toBe('Abel Tuter commented on INC0010001');
    expect(headline(event({ journal: [{ element: 'work_notes', author: 'David Loo', text: 'Vendor called' }] }))).toBe('David Loo added a work note to INC0010001');
    expect(headline(event({ kind: 'created' }))).toBe('David Loo created INC0010001');
    expect(headline(event({ kind: 'entered', queue: 'Assigned to me' }))).toBe('INC0010001 is new in Assigned to me');
    expect(headline(event({ digest: true }))).toBe('INC0010001 changed while you were away');
  });

  it('details: the changes, the notes as text (cut at the limit), and the updates it does not name', () => {
    const e = event({
      changes: [{ field: 'state', label: 'State', from: 'In Progress', to: 'Resolved' }, { field: 'priority', label: 'Priority', from: '3 - Moderate', to: '1 - Critical' }],
      journal: [{ element: 'comments', author: 'David Loo', text: 'x'.repeat(400) }, { element: 'work_notes', author: 'Abel Tuter', text: '@channel [code]<b>' }],
      more: 2,
    });
    const lines = detailLines(e, 100);
    expect(lines[0]).toBe('State: In Progress → Resolved · Priority: 3 - Moderate → 1 - Critical');
    expect(lines[1]).toBe(`Comment: ${'x'.repeat(99)}…`);
    expect(lines[2]).toBe('Work note (Abel Tuter): @channel [code]<b>');
    expect(lines[3]).toBe('and 2 more updates');
  });

  it('keeps only what the watches asked for; nothing left is no event', () => {
    const e = event({ changes: [{ field: 'short_description', label: 'Short description', from: 'a', to: 'b' }, { field: 'state', label: 'State', from: 'New', to: 'In Progress' }] });
    expect(filterFor(e, (k) => k === 'state')!.changes.map((c) => c.field)).toEqual(['state']);
    expect(filterFor(e, (k) => k === 'comments')).toBeUndefined();
    expect(filterFor(event({ kind: 'entered' }), (k) => k === 'created')).toBeDefined();
  });
});
