import type { approvalMessages } from '../../messages/record-edits';
import { type HandlersOf, UserFacingError } from '../router';

// Placeholder until lib/background/approvals.ts lands in this session; never released like this.
const notYet = (): never => {
  throw new UserFacingError('Not available yet.');
};

export function createApprovalHandlers(): HandlersOf<typeof approvalMessages> {
  return { 'approvals/mine': notYet, 'approvals/record': notYet, 'approvals/decide': notYet };
}
