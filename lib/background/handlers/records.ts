import type { recordMessages } from '../../messages/records';
import { cardKey, type RecordKeyRef, refKey } from '../../servicenow/record';
import type { createNumberingService } from '../numbering-service';
import type { RecordService } from '../record-service';
import type { HandlersOf } from '../router';

export interface RecordHandlerDeps {
  records: RecordService;
  numbering: ReturnType<typeof createNumberingService>;
}

export function createRecordHandlers({ records, numbering }: RecordHandlerDeps): HandlersOf<typeof recordMessages> {
  return {
    'record/card': ({ instance, ref, fresh }) => records.card(instance, ref, { fresh }),
    'record/full': ({ instance, ref }) => records.full(instance, ref),
    'record/cards': async ({ items, fresh }) => {
      // One batch per instance; the batcher merges what tabs ask for in the same frame.
      const byInstance = new Map<string, RecordKeyRef[]>();
      for (const { instance, ref } of items) byInstance.set(instance, [...(byInstance.get(instance) ?? []), ref]);
      const answers = await Promise.all(
        [...byInstance].map(async ([instance, refs]) => {
          const got = await records.cards(instance, refs, { fresh });
          return refs.flatMap((ref) => {
            const hit = got.get(refKey(ref));
            return hit ? [{ key: cardKey(instance, ref), data: hit.data, stale: hit.stale }] : [];
          });
        }),
      );
      return { cards: answers.flat() };
    },
    'record/numbering': ({ instance }) => numbering.get(instance),
  };
}
