import type { frameMessages, FrameKind, FramePreloads, FrameSpec } from '../../messages/frame';
import { cardKey } from '../../servicenow/record';
import type { Product } from '../../origins';
import { CLAIM_WITHIN_MS, type FrameSessions } from '../frame-sessions';
import type { PostCheck } from '../post-check';
import type { RecordService } from '../record-service';
import type { RecordWork } from '../record-work';
import { type HandlersOf, UserFacingError } from '../router';
import type { ShareService } from '../share-service';

export interface FrameHandlerDeps {
  frames: FrameSessions;
  records: Pick<RecordService, 'card' | 'full'>;
  share: Pick<ShareService, 'choices'>;
  /** the record panel's activity, started as its frame is asked for (the frame's own ask then joins it) */
  work?: Pick<RecordWork, 'activity'>;
  postCheck: Pick<PostCheck, 'confirm'>;
  /** which product's configured site a content script's page is on */
  productOf(url: string): Promise<Product | undefined>;
}

/** Which product's pages may open which frame: searching ServiceNow and hover cards are Mattermost's. */
const FRAME_HOSTS: Record<FrameKind, readonly Product[]> = { share: ['servicenow', 'mattermost'], search: ['mattermost'], hover: ['mattermost'], record: ['mattermost'], message: ['mattermost'], command: ['mattermost'] };

/** Whether the server's copy of the post refers to the record (answered from memory when its cards were checked). */
async function holds(check: Pick<PostCheck, 'confirm'>, server: string, postId: string, key: string): Promise<boolean> {
  let ok = false;
  await check.confirm(server, new Map([[postId, [key]]]), (answers) => {
    const c = answers.get(postId);
    if (c?.ok && c.keys.includes(key)) ok = true;
  });
  return ok;
}

/** Starts reading what a frame will show, into an object its claim hands over as it stands then. */
function preload(deps: FrameHandlerDeps, spec: FrameSpec): FramePreloads {
  const preloaded: FramePreloads = {};
  const keep = <K extends keyof FramePreloads>(key: K, read: Promise<FramePreloads[K]>) =>
    void read.then((value) => void (preloaded[key] = value), () => undefined);
  if (spec.kind === 'share') {
    if (spec.subject.kind === 'record') keep('card', deps.records.card(spec.subject.instance, spec.subject.ref));
    keep('choices', deps.share.choices());
  } else if (spec.kind === 'hover') keep('card', deps.records.full(spec.instance, spec.ref));
  // the panel's summary needs the fuller read (its key fields, who it is for, its dates: tables.ts panelShows), in
  // parallel with the activity: two requests, one round trip
  else if (spec.kind === 'record') {
    keep('card', deps.records.full(spec.instance, spec.ref));
    // its activity's round trip starts now, not once the frame has loaded (record-work.ts shares the read)
    deps.work?.activity(spec.instance, spec.ref).catch(() => undefined);
  }
  return preloaded;
}

export function createFrameHandlers(deps: FrameHandlerDeps): HandlersOf<typeof frameMessages> {
  // By session, until claimed (or unclaimable). Kept in memory only: after a worker restart the frame reads it all itself.
  const preloads = new Map<string, FramePreloads>();
  return {
    'frame/open': async ({ spec: asked }, caller) => {
      const product = caller.url ? await deps.productOf(caller.url) : undefined;
      if (caller.fromExtensionPage || !product || !FRAME_HOSTS[asked.kind].includes(product)) throw new UserFacingError('Refused: this page may not open that.');
      // a post's actions and a command act on the Mattermost server whose page asked; a command's channel is the
      // tab's own page, never what the content script says
      if ((asked.kind === 'message' || asked.kind === 'command') && !caller.url?.startsWith(`${asked.server.replace(/\/+$/, '')}/`)) throw new UserFacingError('Refused: this page may not open that.');
      const spec: FrameSpec = asked.kind === 'command' ? { ...asked, page: caller.url! } : asked;
      // Only for a link Mattermost's own copy of the post holds: a page script's fake post never causes a read.
      if ((spec.kind === 'hover' || spec.kind === 'record') && (!caller.url?.startsWith(`${spec.server.replace(/\/+$/, '')}/`) || !(await holds(deps.postCheck, spec.server, spec.postId, cardKey(spec.instance, spec.ref))))) {
        throw new UserFacingError('Refused: that post does not hold this record.');
      }
      // Read what the frame will show while it loads; what has arrived by its claim goes with the claim.
      const preloaded = preload(deps, spec);
      const opened = await deps.frames.open(spec, caller);
      preloads.set(opened.id, preloaded);
      setTimeout(() => preloads.delete(opened.id), CLAIM_WITHIN_MS);
      return opened;
    },
    'frame/claim': async ({ id }, caller) => {
      const claimed = await deps.frames.claim(id, caller);
      const preloaded = { ...preloads.get(id) };
      preloads.delete(id);
      return { ...claimed, preloaded };
    },
    'frame/event': async ({ id, event }, caller) => {
      await deps.frames.event(id, event, caller);
      return {};
    },
  };
}
