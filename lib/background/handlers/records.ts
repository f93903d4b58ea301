import type { Response } from '../../messages';
import type { recordMessages } from '../../messages/records';
import { cardKey, type RecordKeyRef, refKey } from '../../servicenow/record';
import type { createNumberingService } from '../numbering-service';
import type { PostCheck } from '../post-check';
import type { RecordService } from '../record-service';
import type { RecordWork } from '../record-work';
import { type HandlersOf, UserFacingError } from '../router';

export interface RecordHandlerDeps {
  records: RecordService;
  numbering: ReturnType<typeof createNumberingService>;
  postCheck: Pick<PostCheck, 'confirm'>;
  work: Pick<RecordWork, 'activity' | 'journal'>;
}

/** Cards for references, one batch per instance; the batcher merges what tabs ask for in the same window. */
async function readCards(records: RecordService, items: { instance: string; ref: RecordKeyRef }[], fresh?: boolean): Promise<Response<'record/cards'>['cards']> {
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
  return answers.flat();
}

export function createRecordHandlers({ records, numbering, postCheck, work }: RecordHandlerDeps): HandlersOf<typeof recordMessages> {
  return {
    'record/card': ({ instance, ref, fresh }) => records.card(instance, ref, { fresh }),
    'record/full': ({ instance, ref }) => records.full(instance, ref),
    'record/cards': async ({ server, items, fresh }, caller) => {
      // A content script speaks for the server it runs on, nowhere else.
      if (!caller.fromExtensionPage && !caller.url?.startsWith(`${server.replace(/\/+$/, '')}/`)) throw new UserFacingError('Refused: not a page of that server.');
      const claims = new Map<string, string[]>();
      const refs = new Map<string, { instance: string; ref: RecordKeyRef }>();
      for (const { postId, instance, ref } of items) {
        const key = cardKey(instance, ref);
        refs.set(key, { instance, ref });
        const keys = claims.get(postId) ?? [];
        if (!keys.includes(key)) keys.push(key);
        claims.set(postId, keys);
      }
      // ServiceNow is read only for what Mattermost's copy of each post confirms: what memory confirms at once,
      // the rest when the server has answered (post-check.ts).
      const posts: Response<'record/cards'>['posts'] = [];
      const reads: Promise<Response<'record/cards'>['cards']>[] = [];
      await postCheck.confirm(server, claims, (answers) => {
        const wanted = new Map<string, { instance: string; ref: RecordKeyRef }>();
        for (const [postId, c] of answers) {
          if (!c.ok) {
            posts.push({ postId, keys: [], reason: c.reason, ...(c.message ? { message: c.message } : {}) });
            continue;
          }
          posts.push({ postId, keys: c.keys });
          for (const key of c.keys) wanted.set(key, refs.get(key)!);
        }
        if (wanted.size) reads.push(readCards(records, [...wanted.values()], fresh));
      });
      const cards = new Map((await Promise.all(reads)).flat().map((c) => [c.key, c]));
      return { cards: [...cards.values()], posts };
    },
    'record/numbering': ({ instance }) => numbering.get(instance),
    'record/activity': ({ instance, ref }) => work.activity(instance, ref),
    'record/journal': ({ instance, ref, element, text, submissionId }) => work.journal(instance, ref, element, text, submissionId),
  };
}
