import type { Feature } from '../feature';
import { feature as shareRequests } from '../open-share-listener';
import { feature as recordVisits } from './record-visit';
import { feature as shareButton } from './share-button';

/** Everything NowBridge adds to a ServiceNow page, each feature in its own file (README: In-page features). */
export const SERVICENOW_FEATURES: readonly Feature[] = [shareButton, recordVisits, shareRequests];
