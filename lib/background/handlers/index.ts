import type { Handlers } from '../router';
import type { ShareService } from '../share-service';
import { type ConnectionHandlerDeps, createConnectionHandlers } from './connections';
import { type ApprovalHandlerDeps, createApprovalHandlers } from './approvals';
import { createContentHandlers } from './content';
import { createFrameHandlers, type FrameHandlerDeps } from './frame';
import { createMessageActionHandlers, type MessageActionHandlerDeps } from './message-actions';
import { createRecordEditHandlers, type RecordEditHandlerDeps } from './record-edits';
import { createRecordHandlers, type RecordHandlerDeps } from './records';
import { createSearchHandlers, type SearchHandlerDeps } from './search';
import { createShareHandlers } from './share';
import { createSiteHandlers, type SiteHandlerDeps } from './sites';
import { createUiHandlers } from './ui';
import { createWatchHandlers, type WatchHandlerDeps } from './watch';

export interface HandlerDeps extends ConnectionHandlerDeps, MessageActionHandlerDeps, RecordHandlerDeps, RecordEditHandlerDeps, ApprovalHandlerDeps, SiteHandlerDeps, WatchHandlerDeps, Omit<FrameHandlerDeps, 'records' | 'share' | 'postCheck' | 'work'> {
  share: ShareService;
  search: Omit<SearchHandlerDeps, 'connections'>;
}

/** What the background does for each message, once the router has validated it and its sender: one file per domain. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...createSiteHandlers(deps),
    ...createConnectionHandlers(deps),
    ...createRecordHandlers(deps),
    ...createRecordEditHandlers(deps),
    ...createApprovalHandlers(deps),
    ...createShareHandlers(deps.share),
    ...createSearchHandlers({ ...deps.search, connections: deps.connections }),
    ...createUiHandlers(),
    ...createContentHandlers({ connections: deps.connections, numbering: deps.numbering }),
    ...createFrameHandlers(deps),
    ...createMessageActionHandlers(deps),
    ...createWatchHandlers(deps),
  };
}
