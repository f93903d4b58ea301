import type { RecordForm, UpdateAnswer } from './use-record-update';

/** A record/form answer and record/update answers for the State and Assignment sections' unit tests. */
export const SYS = 'a'.repeat(32);
export const BETH = { sys_id: 'b'.repeat(32), name: 'Beth Anglin' };
export const DESK = { sys_id: 'c'.repeat(32), name: 'Service Desk' };
export const NETWORK = { sys_id: 'd'.repeat(32), name: 'Network' };

export const incidentForm = (over: Partial<RecordForm> = {}): RecordForm => ({
  table: 'incident',
  sys_id: SYS,
  modCount: '4',
  values: {
    state: { value: '2', display: 'In Progress' },
    assigned_to: { value: 'e'.repeat(32), display: 'David Loo' },
    assignment_group: { value: NETWORK.sys_id, display: 'Network' },
  },
  states: [
    { value: '1', label: 'New' },
    { value: '2', label: 'In Progress' },
    { value: '3', label: 'On Hold' },
    { value: '6', label: 'Resolved' },
    { value: '7', label: 'Closed' },
  ],
  choices: {
    close_code: [
      { value: 'Solution provided', label: 'Solution provided' },
      { value: 'Duplicate', label: 'Duplicate' },
    ],
    hold_reason: [
      { value: '1', label: 'Awaiting Caller' },
      { value: '4', label: 'Awaiting Vendor' },
    ],
  },
  choicesFrom: 'sys_choice',
  mandatory: { '6': ['close_code'], '7': ['close_code'] },
  me: BETH,
  inGroup: false,
  myGroups: [DESK],
  ...over,
});

const card = { lookup: { ok: false as const, reason: 'error' as const, message: 'x' }, accent: '#000', fields: [], tableLabel: 'Incident' };
export const savedAnswer = (form: RecordForm, dropped: Extract<UpdateAnswer, { outcome: 'saved' }>['dropped'] = []): UpdateAnswer => ({ outcome: 'saved', dropped, card, form });
