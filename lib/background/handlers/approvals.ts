import type { approvalMessages } from '../../messages/record-edits';
import type { ApprovalService } from '../approvals';
import type { HandlersOf } from '../router';

export interface ApprovalHandlerDeps {
  approvals: ApprovalService;
}

/** My approvals and deciding them, as the connected ServiceNow user (lib/background/approvals.ts). */
export function createApprovalHandlers({ approvals }: ApprovalHandlerDeps): HandlersOf<typeof approvalMessages> {
  return {
    'approvals/mine': ({ instance }) => approvals.mine(instance),
    'approvals/record': ({ instance, table, sys_id }) => approvals.ofRecord(instance, { table, sys_id }),
    'approvals/decide': ({ instance, approval, decision, comment, submissionId }) => approvals.decide(instance, approval, decision, comment, submissionId),
  };
}
