import { HttpError } from '../http';
import type { Response } from '../messages';
import type { ConnectionStatus } from '../connections/status';
import { type RecordKeyRef, refKey } from '../servicenow/record';
import { ApprovalError, approvalOfRecord, approvalState, type Decided, type Decision, decideApproval, type MyApproval, pendingApprovals } from '../servicenow/approvals';
import { valueOf } from '../servicenow/table-client';
import type { Clients } from './clients';
import type { PanelRecords } from './panel-records';
import { createSubmissions, type SubmissionLedger } from './submissions';
import type { RecordService } from './record-service';
import { UserFacingError } from './router';

type Mine = Response<'approvals/mine'>;
type Item = Mine['approvals'][number];
type Decide = Response<'approvals/decide'>;

export interface ApprovalServiceDeps {
  clients: Pick<Clients, 'servicenow'>;
  records: Pick<RecordService, 'cards'>;
  /** the record row the panel's sections share (panel-records.ts): a task whose approval is not requested waits on nobody */
  panel?: Pick<PanelRecords, 'read' | 'drop'>;
  /** who each connection is signed in as */
  statuses(): Promise<Record<string, ConnectionStatus>>;
  /** tells the Mattermost tabs a record's cards changed (revalidated.ts) */
  announce(instance: string, key: string): void;
  /**
   * Runs before a decision is sent and throws to refuse it. The integrator wires the browser-session identity
   * check here (lib/background/session-identity.ts `assertSameUser`, records-and-watch-contracts.md: in
   * browser-session mode a session that now belongs to someone else must not write).
   */
  beforeWrite?(instance: string): Promise<void>;
  /** remembers started writes across worker restarts (submissions.ts) */
  ledger?: SubmissionLedger;
  now?: () => number;
}

/** What the user is told about an instance whose approvals could not be read. */
function problem(err: unknown): string {
  return err instanceof HttpError || err instanceof UserFacingError || err instanceof ApprovalError ? err.message : 'ServiceNow could not be read.';
}

/**
 * My approvals as the connected ServiceNow user (records-and-watch-contracts.md A.6): those waiting for me on
 * every connected instance (one request each, plus their cards in one request per table), mine of one record,
 * and deciding one — at most once per submission (a retry first re-reads the approval: an answer lost to a
 * timeout may have landed), confirmed by ServiceNow's answer; afterwards the record's cards are re-read once
 * and the tabs told, as record-work.ts does for comments.
 */
export function createApprovalService(deps: ApprovalServiceDeps) {
  const now = deps.now ?? Date.now;
  const submissions = createSubmissions<Decide>({ kind: 'approval', now, ledger: deps.ledger });

  const item = (instance: string, a: MyApproval): Item => ({ instance, ...a });

  async function ofInstance(instance: string): Promise<Item[]> {
    const approvals = await pendingApprovals(await deps.clients.servicenow(instance));
    if (!approvals.length) return [];
    const refs = approvals.map((a) => ({ table: a.record.table, sys_id: a.record.sys_id }));
    // cards are a nicety beside the approval: one that cannot be read leaves the approval shown without it
    const cards = await deps.records.cards(instance, refs).catch(() => new Map());
    return approvals.map((a, i) => {
      const card = cards.get(refKey(refs[i]!))?.data;
      return { ...item(instance, a), ...(card ? { card } : {}) };
    });
  }

  async function mine(only?: string): Promise<Mine> {
    const sn = Object.values(await deps.statuses()).filter((s) => s.product === 'servicenow' && (!only || s.base === only));
    const answers = await Promise.all(
      sn.map(async (s): Promise<{ approvals: Item[]; error?: string }> => {
        if (s.state !== 'connected') return { approvals: [], error: s.reason ?? `Sign in to ${new URL(s.base).host} again in NowBridge's settings.` };
        try {
          return { approvals: await ofInstance(s.base) };
        } catch (err) {
          return { approvals: [], error: problem(err) };
        }
      }),
    );
    return {
      approvals: answers.flatMap((a) => a.approvals),
      errors: answers.flatMap((a, i) => (a.error === undefined ? [] : [{ instance: sn[i]!.base, message: a.error }])),
    };
  }

  async function ofRecord(instance: string, record: { table: string; sys_id: string }): Promise<Response<'approvals/record'>> {
    // A task's `approval` is "requested" while any approval of it waits (ServiceNow docs, "Approval status"; A.6):
    // otherwise none can be mine, and the panel asks nothing more. No such field (not a task): ask.
    const row = await deps.panel?.read(instance, record).catch(() => undefined);
    if (row && 'approval' in row && valueOf(row.approval) !== 'requested') return {};
    const found = await approvalOfRecord(await deps.clients.servicenow(instance), record);
    return found ? { approval: item(instance, found) } : {};
  }

  /** After a decision: the record's cards (by sys_id and by number, one request) re-read once, the tabs told. */
  async function refreshed(instance: string, decided: Decided): Promise<Decide> {
    const r = decided.record;
    if (!r) return { state: decided.state };
    deps.panel?.drop(instance, r.sys_id);
    const refs: RecordKeyRef[] = [{ table: r.table, sys_id: r.sys_id }, ...(r.number ? [{ table: r.table, number: r.number }] : [])];
    const cards = await deps.records.cards(instance, refs, { fresh: true }).catch(() => new Map());
    for (const ref of refs) deps.announce(instance, refKey(ref));
    const card = cards.get(refKey(refs[0]!))?.data;
    return { state: decided.state, ...(card ? { card } : {}) };
  }

  async function send(instance: string, approval: string, decision: Decision, comment: string): Promise<Decided> {
    if (decision === 'rejected' && !comment.trim()) throw new UserFacingError('Say why you reject it: a reason is required.');
    await deps.beforeWrite?.(instance);
    try {
      return await decideApproval(await deps.clients.servicenow(instance), approval, decision, comment);
    } catch (err) {
      throw err instanceof ApprovalError ? new UserFacingError(err.message) : err;
    }
  }

  /** An earlier attempt of this submission failed without a clear answer: is the approval already decided so? */
  async function landedEarlier(instance: string, approval: string, decision: Decision): Promise<Decided | undefined> {
    const current = await approvalState(await deps.clients.servicenow(instance), approval).catch((err: unknown) => {
      throw err instanceof ApprovalError ? new UserFacingError(err.message) : err;
    });
    if (current.state.value === decision) return current;
    // decided otherwise meanwhile (elsewhere, by a workflow): not ours to overturn
    if (current.state.value !== 'requested') throw new UserFacingError(`This approval is ${current.state.display || current.state.value} now; nothing was changed.`);
    return undefined;
  }

  return {
    mine,
    ofRecord,
    decide(instance: string, approval: string, decision: Decision, comment: string, submissionId: number): Promise<Decide> {
      return submissions.run(submissionId, async (earlier) => {
        const found = earlier !== undefined ? await landedEarlier(instance, approval, decision) : undefined;
        return refreshed(instance, found ?? (await send(instance, approval, decision, comment)));
      });
    },
  };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
