import { defineMessages, MATTERMOST_PAGES } from './contract';
import { empty } from './fields';

/** Small things the pages ask of the extension itself. */
export const uiMessages = defineMessages({
  'ui/open-settings': { contentScripts: MATTERMOST_PAGES, request: {}, response: empty },
});
