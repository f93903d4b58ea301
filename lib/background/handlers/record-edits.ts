import type { recordEditMessages } from '../../messages/record-edits';
import type { RecordEdits } from '../record-edits';
import type { HandlersOf } from '../router';

export interface RecordEditHandlerDeps {
  edits: Pick<RecordEdits, 'form' | 'update' | 'people'>;
}

/** The record panel's State and Assignment sections (lib/background/record-edits.ts). */
export function createRecordEditHandlers({ edits }: RecordEditHandlerDeps): HandlersOf<typeof recordEditMessages> {
  return {
    'record/form': ({ instance, table, sys_id }) => edits.form(instance, table, sys_id),
    'record/update': ({ type: _type, ...req }) => edits.update(req),
    'record/people': ({ type: _type, ...req }) => edits.people(req),
  };
}
