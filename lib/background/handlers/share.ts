import type { shareMessages } from '../../messages/share';
import type { HandlersOf } from '../router';
import type { ShareService } from '../share-service';

export function createShareHandlers(share: ShareService): HandlersOf<typeof shareMessages> {
  return {
    'share/servers': () => share.choices(),
    'share/search': async ({ server, term }) => ({ targets: await share.search(server, term) }),
    'share/post': ({ type: _, ...req }) => share.post(req),
    'share/reply': ({ server, postId, instance, ref, submissionId }) => share.replyWithCard(server, postId, instance, ref, submissionId),
  };
}
