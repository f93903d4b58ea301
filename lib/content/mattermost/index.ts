import type { Feature } from '../feature';
import { feature as shareRequests } from '../open-share-listener';
import { feature as hoverCards } from './hover-card';
import { feature as composerInsert } from './insert-listener';
import { feature as recordCards } from './record-cards';
import { feature as postActions } from './post-actions';
import { feature as searchButton } from './search-button';
import { feature as slashCommands } from './slash-commands';

/** Everything NowBridge adds to a Mattermost page, each feature in its own file (README: In-page features). */
export const MATTERMOST_FEATURES: readonly Feature[] = [recordCards, hoverCards, searchButton, shareRequests, composerInsert, postActions, slashCommands];
