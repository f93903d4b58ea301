import type { EditableField } from '../messages/record-edits';
import type { Request, Response } from '../messages';
import { sysparmFields } from '../servicenow/catalogue';
import { type ChoiceLists, type ChoiceMemory, readChoices } from '../servicenow/choices';
import { searchPeople } from '../servicenow/people';
import type { RecordKeyRef } from '../servicenow/record';
import {
  FIELD_LABELS,
  FORM_FIELDS,
  landedEarlier,
  nameOfUser,
  readFormRow,
  type UpdateOutcome,
  type UpdateRequest,
  updateRecord,
} from '../servicenow/record-update';
import { refKey, toRecord } from '../servicenow/records';
import { isTableName } from '../servicenow/record-url';
import { displayOf, type RawRow, type TableClient, valueOf } from '../servicenow/table-client';
import { snDateToIso } from '../servicenow/user-dates';
import type { Clients } from './clients';
import type { PanelRecords } from './panel-records';
import type { RecordService } from './record-service';
import type { Group, Identity, Me } from './session-identity';
import { createSubmissions, type SubmissionLedger } from './submissions';

type Form = Response<'record/form'>;
type Update = Omit<Extract<Request, { type: 'record/update' }>, 'type'>;
type PeopleQuery = Omit<Extract<Request, { type: 'record/people' }>, 'type'>;
type UpdateAnswer = Response<'record/update'>;

export interface RecordEditsDeps {
  clients: Pick<Clients, 'servicenow'>;
  records: Pick<RecordService, 'prime'>;
  identity: Pick<Identity, 'me' | 'myGroups' | 'assertSameUser'>;
  /** the record row the panel's sections share (panel-records.ts); without it the form reads its own */
  panel?: Pick<PanelRecords, 'read' | 'drop'>;
  /** tells the Mattermost tabs a record's cards changed (revalidated.ts) */
  announce(instance: string, key: string): void;
  /** remembers started writes across worker restarts (submissions.ts) */
  ledger?: SubmissionLedger;
  now?: () => number;
}

/**
 * What the form asks for before sending, whatever the instance says: resolving or closing an incident needs a
 * resolution code (A.4; ansible-itsm refuses without one), putting it on hold a reason (A.3). Resolution notes are
 * deliberately NOT here: whether they are mandatory is the instance's data policy, learned from its 403 below.
 */
const BUILT_IN_MANDATORY: Record<string, Record<string, EditableField[]>> = {
  incident: { '3': ['hold_reason'], '6': ['close_code'], '7': ['close_code'] },
};

/**
 * The State and Assignment sections of the record panel, as the connected user (records-and-watch-contracts.md
 * A.3–A.5, A.7–A.9): the form (one record read, in parallel with the cached choice lists, "me" and my groups),
 * the update (record-update.ts; at most once per submission, as record-work.ts), and people search.
 */
export function createRecordEdits(deps: RecordEditsDeps) {
  const now = deps.now ?? Date.now;
  const choices: ChoiceMemory = new Map();
  /** `${instance} ${class}` → target state → the fields a data policy's 403 named (for the worker's life) */
  const learned = new Map<string, Map<string, Set<EditableField>>>();
  // a conflict or a refusal wrote nothing: the same submission may be sent again (overwrite, the missing fields)
  const submissions = createSubmissions<UpdateAnswer>({ kind: 'update', now, ledger: deps.ledger, wroteNothing: (a) => a.outcome !== 'saved' });

  const optional = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);

  function mandatory(instance: string, cls: string): Form['mandatory'] {
    const out: Record<string, Set<EditableField>> = {};
    const add = (state: string, fields: Iterable<EditableField>) => {
      out[state] ??= new Set();
      for (const f of fields) out[state].add(f);
    };
    for (const [state, fields] of Object.entries(BUILT_IN_MANDATORY[cls] ?? {})) add(state, fields);
    for (const [state, fields] of learned.get(`${instance} ${cls}`) ?? []) add(state, fields);
    return Object.fromEntries(Object.entries(out).map(([s, f]) => [s, [...f]]));
  }

  function learn(instance: string, cls: string, state: string, fields: readonly EditableField[]) {
    if (!fields.length) return;
    const key = `${instance} ${cls}`;
    const byState = learned.get(key) ?? new Map<string, Set<EditableField>>();
    learned.set(key, byState);
    const set = byState.get(state) ?? new Set();
    for (const f of fields) set.add(f);
    byState.set(state, set);
  }

  /** the record's class: sys_class_name when readable, else the table it was read from */
  const classOf = (row: RawRow, table: string) => {
    const cls = valueOf(row.sys_class_name);
    return cls && isTableName(cls) ? cls : table;
  };

  async function lists(client: TableClient, cls: string, me: Me | undefined): Promise<ChoiceLists> {
    return readChoices(client, cls, me?.language ?? '', choices);
  }

  function buildForm(instance: string, table: string, sys_id: string, row: RawRow, c: ChoiceLists, me: Me | undefined, groups: Group[] | undefined): Form {
    const values: Form['values'] = {};
    for (const f of FORM_FIELDS) if (f in row) values[f] = { value: valueOf(row[f]), display: displayOf(row[f]) };
    const group = values.assignment_group?.value;
    const { state, ...others } = c.lists;
    return {
      table,
      sys_id,
      modCount: valueOf(row.sys_mod_count),
      values,
      states: state ?? [],
      choices: others,
      choicesFrom: c.from,
      mandatory: mandatory(instance, table),
      ...(me ? { me: { sys_id: me.sys_id, name: me.name, ...(me.email ? { detail: me.email } : {}) } } : {}),
      ...(group && groups ? { inGroup: groups.some((g) => g.sys_id === group) } : {}),
      // a group hidden from me (A.5) has no name to offer
      myGroups: (groups ?? []).filter((g) => g.name).map((g) => ({ sys_id: g.sys_id, name: g.name })),
    };
  }

  /** The form from a row already in hand (a write's answer, the conflict's re-read): cached lists only, no read. */
  async function formOf(instance: string, client: TableClient, table: string, sys_id: string, row: RawRow): Promise<Form> {
    const me = await optional(deps.identity.me(instance));
    const cls = classOf(row, table);
    const [c, groups] = await Promise.all([lists(client, cls, me), optional(deps.identity.myGroups(instance))]);
    return buildForm(instance, cls, sys_id, row, c, me, groups);
  }

  async function form(instance: string, table: string, sys_id: string): Promise<Form> {
    const client = await deps.clients.servicenow(instance);
    const mePromise = optional(deps.identity.me(instance));
    // the choice lists of the table asked for start as soon as the language is known; a record whose class
    // differs (asked through `task`) gets its own class's lists after the read
    const guess = mePromise.then((me) => lists(client, table, me));
    guess.catch(() => undefined);
    const [row, me, groups] = await Promise.all([deps.panel ? deps.panel.read(instance, { table, sys_id }) : readFormRow(client, table, sys_id), mePromise, optional(deps.identity.myGroups(instance))]);
    const cls = classOf(row, table);
    const c = cls === table ? await guess : await lists(client, cls, me);
    return buildForm(instance, cls, sys_id, row, c, me, groups);
  }

  const labelled = (fields: readonly EditableField[]) => fields.map((field) => ({ field, label: FIELD_LABELS[field] }));

  async function answer(instance: string, client: TableClient, req: Update, outcome: UpdateOutcome): Promise<UpdateAnswer> {
    if (outcome.kind === 'refused') {
      const r = outcome.refusal;
      if (r.kind === 'mandatory') learn(instance, req.table, req.changes.state ?? req.seen.values.state ?? '', outcome.fields);
      const message =
        r.kind === 'mandatory'
          ? `ServiceNow needs ${r.labels.join(', ') || 'more fields'} before it saves this.`
          : r.kind === 'acl'
            ? 'ServiceNow did not let you change this record: you do not have the right to.'
            : `ServiceNow refused the change: ${r.detail}`;
      return { outcome: 'refused', kind: r.kind, fields: outcome.fields, labels: r.kind === 'mandatory' ? r.labels : [], message };
    }
    if (outcome.kind === 'conflict') {
      const row = outcome.row;
      const [by, form] = await Promise.all([nameOfUser(client, valueOf(row.sys_updated_by)), formOf(instance, client, req.table, req.sys_id, row)]);
      return {
        outcome: 'conflict',
        by,
        at: snDateToIso(valueOf(row.sys_updated_on)),
        now: outcome.fields.map((field) => ({ field, label: FIELD_LABELS[field], display: displayOf(row[field]) })),
        form,
      };
    }
    // Saved: the PATCH answer carried the card's fields, so every card is primed from it without a read, and the
    // tabs asking again get it from the cache (the bench target: 1 write + ≤ 1 read).
    const record = toRecord(instance, req.table, outcome.row);
    const lookup = { ok: true as const, record };
    const refs: RecordKeyRef[] = [{ table: req.table, sys_id: req.sys_id }];
    if (record.number) refs.push({ table: record.table, number: record.number }, { number: record.number });
    deps.panel?.drop(instance, req.sys_id);
    const card = await deps.records.prime(instance, refs, lookup);
    for (const r of refs) deps.announce(instance, refKey(r));
    return { outcome: 'saved', dropped: labelled(outcome.dropped), card, form: await formOf(instance, client, req.table, req.sys_id, outcome.row) };
  }

  async function write(req: Update, retry: boolean): Promise<UpdateAnswer> {
    // a browser session signed in as someone else since connecting must not write as them
    await deps.identity.assertSameUser(req.instance);
    const client = await deps.clients.servicenow(req.instance);
    const u: UpdateRequest = { table: req.table, sys_id: req.sys_id, changes: req.changes, seen: req.seen, overwrite: req.overwrite, askBack: sysparmFields(req.table, 'card').split(',') };
    // A retry after an unclear failure first looks: an earlier attempt whose answer was lost may have landed.
    const landed = retry ? await landedEarlier(client, u) : undefined;
    if (landed) return answer(req.instance, client, req, { kind: 'saved', row: landed, dropped: [] });
    return answer(req.instance, client, req, await updateRecord(client, u));
  }

  return {
    form,
    update(req: Update): Promise<UpdateAnswer> {
      return submissions.run(req.submissionId, (earlier) => write(req, earlier !== undefined));
    },
    async people(req: PeopleQuery): Promise<Response<'record/people'>> {
      return { options: await searchPeople(await deps.clients.servicenow(req.instance), req) };
    },
    forget(instance: string): void {
      for (const k of [...choices.keys()]) if (k.startsWith(`${instance} `)) choices.delete(k);
      for (const k of [...learned.keys()]) if (k.startsWith(`${instance} `)) learned.delete(k);
    },
  };
}

export type RecordEdits = ReturnType<typeof createRecordEdits>;
