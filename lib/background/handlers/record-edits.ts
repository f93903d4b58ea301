import type { recordEditMessages } from '../../messages/record-edits';
import { type HandlersOf, UserFacingError } from '../router';

// Placeholder until lib/background/record-edits.ts lands in this session; never released like this.
const notYet = (): never => {
  throw new UserFacingError('Not available yet.');
};

export function createRecordEditHandlers(): HandlersOf<typeof recordEditMessages> {
  return { 'record/form': notYet, 'record/update': notYet, 'record/people': notYet };
}
