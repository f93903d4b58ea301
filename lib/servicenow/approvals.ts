/**
 * My approvals on one ServiceNow instance (`sysapproval_approver`, records-and-watch-contracts.md A.6): the ones
 * waiting for me, mine on one record, and deciding one as the connected user.
 *
 * - "Waiting for me" is `state=requested^approverDYNAMIC<Me>`: one request, the approved task's number and short
 *   description dot-walked (`sysapproval.number`), so no second read per record (A.6 "My pending approvals").
 * - A decision is `PATCH sysapproval_approver/<id> {state, comments}` (A.6 "Approve / reject"); it is called done
 *   only when the answer carries the state sent. The aggregate on the task (any rejection → rejected, all approved
 *   → approved: ServiceNow docs, "Approval status") is ServiceNow's business, read afterwards with the card.
 */
import { z } from 'zod';
import { neutraliseJournalMarkup } from './journal-markup';
import { escapeQueryValue, type RawRow, type TableClient, valueOf, displayOf } from './table-client';
import { snDateToIso } from './user-dates';
import { writeRefusal } from './write-refusal';
import type { FieldValue } from './record';

/** The out-of-box dynamic filter option "Me" (ServiceNow docs, "Dynamic filter options"). */
const ME = 'DYNAMIC90d1921e5f510100a9ad2572f2b477fe';
const MINE = `state=requested^approver${ME}`;
const FIELDS = ['sys_id', 'state', 'source_table', 'sysapproval', 'sysapproval.sys_class_name', 'sysapproval.number', 'sysapproval.short_description', 'due_date'];
/** More than this many pending approvals is a queue for ServiceNow's own list, not the popup. */
const LIMIT = 100;

export type Decision = 'approved' | 'rejected';

export interface MyApproval {
  /** the sysapproval_approver row */
  sys_id: string;
  state: FieldValue;
  /** ISO, when the approval has a due date */
  due?: string;
  /** the record being approved (its concrete table) */
  record: { table: string; sys_id: string; number: string; shortDescription: string };
}

const id32 = z.string().regex(/^[0-9a-f]{32}$/);
const pair = z.object({ value: z.string(), display_value: z.string() });
const text = z.union([z.string(), pair]).optional();
/** One approval row as asked for (display_value=all): a row without its task or id is not one we can act on. */
const approvalRow = z.object({
  sys_id: z.union([id32, pair.extend({ value: id32 })]),
  state: pair,
  sysapproval: pair.extend({ value: id32 }),
  source_table: text,
  'sysapproval.sys_class_name': text,
  'sysapproval.number': text,
  'sysapproval.short_description': text,
  due_date: text,
});
/** A decision's answer (and a re-read): the state, and the approved record where the answer names it. */
const decided = z.object({
  state: pair,
  sysapproval: pair.extend({ value: id32 }).optional(),
  source_table: text,
  'sysapproval.number': text,
});
const DECIDED_FIELDS = ['sys_id', 'state', 'sysapproval', 'source_table', 'sysapproval.number'];

export interface Decided {
  state: FieldValue;
  /** the approved record, for its cards to be re-read (number: for the cards that name it by number) */
  record?: { table: string; sys_id: string; number: string };
}

function toDecided(raw: RawRow): Decided | undefined {
  const parsed = decided.safeParse(raw);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  const table = valueOf(r.source_table);
  const state = { value: r.state.value, display: r.state.display_value || r.state.value };
  return { state, ...(r.sysapproval && TABLE.test(table) ? { record: { table, sys_id: r.sysapproval.value, number: displayOf(r['sysapproval.number']) } } : {}) };
}

const TABLE = /^[a-z0-9_]+$/;

function toApproval(raw: RawRow): MyApproval | undefined {
  const parsed = approvalRow.safeParse(raw);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  // source_table names the approved record's table; the task's own class is the fallback (legacy rows leave it empty)
  const table = [valueOf(r.source_table), valueOf(r['sysapproval.sys_class_name'])].find((t) => TABLE.test(t)) ?? 'task';
  const due = snDateToIso(valueOf(r.due_date));
  return {
    sys_id: valueOf(r.sys_id),
    state: { value: r.state.value, display: r.state.display_value || r.state.value },
    ...(due ? { due } : {}),
    record: {
      table,
      sys_id: r.sysapproval.value,
      number: displayOf(r['sysapproval.number']) || r.sysapproval.display_value,
      shortDescription: displayOf(r['sysapproval.short_description']),
    },
  };
}

/** My approvals waiting for a decision, newest first: one request. */
export async function pendingApprovals(client: TableClient, signal?: AbortSignal): Promise<MyApproval[]> {
  const page = await client.list('sysapproval_approver', { query: `${MINE}^ORDERBYDESCsys_created_on`, fields: FIELDS, limit: LIMIT, signal });
  return page.rows.flatMap((row) => toApproval(row) ?? []);
}

/** My approval of one record, when it waits for me. */
export async function approvalOfRecord(client: TableClient, record: { sys_id: string }, signal?: AbortSignal): Promise<MyApproval | undefined> {
  const query = `${MINE}^sysapproval=${escapeQueryValue(record.sys_id)}^ORDERBYDESCsys_created_on`;
  const page = await client.list('sysapproval_approver', { query, fields: FIELDS, limit: 1, signal });
  return page.rows.map(toApproval).find(Boolean);
}

/** The state of one approval now (a retry's "did it land?"). */
export async function approvalState(client: TableClient, approval: string, signal?: AbortSignal): Promise<Decided> {
  const now = toDecided(await client.get('sysapproval_approver', approval, DECIDED_FIELDS, signal));
  if (!now) throw new ApprovalError('unreadable', 'ServiceNow did not say what state the approval is in.');
  return now;
}

/** Why a decision was not made: refused before sending, refused by ServiceNow, or answered without it. */
export class ApprovalError extends Error {
  constructor(
    readonly reason: 'no-reason' | 'refused' | 'not-accepted' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalError';
  }
}

const LABEL: Record<Decision, string> = { approved: 'Approved', rejected: 'Rejected' };

/**
 * Approves or rejects one approval as the connected user, with the comment in its journal. A rejection needs a
 * reason (NowBridge's policy, A.6: the portal's "Comments mandatory for rejection"), refused before anything is
 * sent. Resolves with the state ServiceNow answered, only when it is the one sent; throws ApprovalError otherwise
 * (a 403 explained: an ACL's as "You may not…", anything else in ServiceNow's words), HttpError when the request failed.
 */
export async function decideApproval(client: TableClient, approval: string, decision: Decision, comment: string, signal?: AbortSignal): Promise<Decided> {
  const said = neutraliseJournalMarkup(comment).trim();
  if (decision === 'rejected' && !said) throw new ApprovalError('no-reason', 'Say why you reject it: a reason is required.');
  let row: RawRow;
  try {
    row = await client.patch('sysapproval_approver', approval, { state: decision, ...(said ? { comments: said } : {}) }, DECIDED_FIELDS, signal);
  } catch (err) {
    const refusal = writeRefusal(err);
    if (!refusal) throw err;
    throw new ApprovalError('refused', refusal.kind === 'acl' ? 'You may not decide this approval in ServiceNow.' : refusal.detail || (err as Error).message);
  }
  const answer = toDecided(row);
  if (answer?.state.value !== decision) {
    const now = answer ? ` It is ${answer.state.display || 'unchanged'}.` : '';
    throw new ApprovalError('not-accepted', `ServiceNow did not accept “${LABEL[decision]}”.${now}`);
  }
  return answer;
}
