import { useEffect, useId, useState } from 'preact/hooks';
import type { Response } from '@/lib/messages';
import { send } from '@/lib/send';
import { ApprovalActions } from '../approval-actions';

type Approval = NonNullable<Response<'approvals/record'>['approval']>;

/**
 * The record panel's "Approval" section: shown only when the connected user's approval of this record waits for
 * them (approvals/record, read beside the panel's other reads as soon as the record's sys_id is known).
 */
export function RecordApproval({ instance, record }: { instance: string; record: { table: string; sys_id: string } | undefined }) {
  const id = useId();
  const [approval, setApproval] = useState<Approval>();
  useEffect(() => {
    if (!record) return;
    // no approval, or one that cannot be read, is no section: the panel's other work goes on
    send({ type: 'approvals/record', instance, table: record.table, sys_id: record.sys_id }).then((a) => setApproval(a.approval), () => undefined);
  }, [record?.sys_id]);
  if (!approval) return null;
  return (
    <section class="nb-panel__approval" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} class="nb-panel__heading">
        Approval
      </h3>
      <ApprovalActions
        subject={approval.record.number}
        decide={async (decision, comment, submissionId) => void (await send({ type: 'approvals/decide', instance, approval: approval.sys_id, decision, comment, submissionId }))}
      />
    </section>
  );
}
