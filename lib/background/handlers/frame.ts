import type { frameMessages, FrameKind } from '../../messages/frame';
import { cardKey } from '../../servicenow/record';
import type { Product } from '../../origins';
import type { FrameSessions } from '../frame-sessions';
import type { PostCheck } from '../post-check';
import type { RecordService } from '../record-service';
import { type HandlersOf, UserFacingError } from '../router';
import type { ShareService } from '../share-service';

export interface FrameHandlerDeps {
  frames: FrameSessions;
  records: RecordService;
  share: ShareService;
  postCheck: Pick<PostCheck, 'confirm'>;
  /** which product's configured site a content script's page is on */
  productOf(url: string): Promise<Product | undefined>;
}

/** Which product's pages may open which frame: searching ServiceNow and hover cards are Mattermost's. */
const FRAME_HOSTS: Record<FrameKind, readonly Product[]> = { share: ['servicenow', 'mattermost'], search: ['mattermost'], hover: ['mattermost'] };

/** Whether the server's copy of the post refers to the record (answered from memory when its cards were checked). */
async function holds(check: Pick<PostCheck, 'confirm'>, server: string, postId: string, key: string): Promise<boolean> {
  let ok = false;
  await check.confirm(server, new Map([[postId, [key]]]), (answers) => {
    const c = answers.get(postId);
    if (c?.ok && c.keys.includes(key)) ok = true;
  });
  return ok;
}

export function createFrameHandlers(deps: FrameHandlerDeps): HandlersOf<typeof frameMessages> {
  return {
    'frame/open': async ({ spec }, caller) => {
      const product = caller.url ? await deps.productOf(caller.url) : undefined;
      if (caller.fromExtensionPage || !product || !FRAME_HOSTS[spec.kind].includes(product)) throw new UserFacingError('Refused: this page may not open that.');
      // Start reading what the frame will show while it loads: its own requests then join these.
      if (spec.kind === 'share') {
        if (spec.subject.kind === 'record') void deps.records.card(spec.subject.instance, spec.subject.ref).catch(() => undefined);
        void deps.share.servers().catch(() => undefined);
      } else if (spec.kind === 'hover') {
        // Only for a link Mattermost's own copy of the post holds: a page script's fake post never causes a read.
        if (!caller.url?.startsWith(`${spec.server.replace(/\/+$/, '')}/`) || !(await holds(deps.postCheck, spec.server, spec.postId, cardKey(spec.instance, spec.ref)))) {
          throw new UserFacingError('Refused: that post does not hold this record.');
        }
        void deps.records.full(spec.instance, spec.ref).catch(() => undefined);
      }
      return deps.frames.open(spec, caller);
    },
    'frame/claim': ({ id }, caller) => deps.frames.claim(id, caller),
    'frame/event': async ({ id, event }, caller) => {
      await deps.frames.event(id, event, caller);
      return {};
    },
  };
}
