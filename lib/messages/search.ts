import { z } from 'zod';
import type { SearchResult } from '../search/types';
import { defineMessages, EXTENSION_PAGES_ONLY, SERVICENOW_PAGES } from './contract';
import { base, empty, sysId, tableName, tabId } from './fields';

const searchFilters = z
  .object({ mine: z.boolean().optional(), groups: z.boolean().optional(), open: z.boolean().optional(), tables: z.array(tableName).max(30).optional() })
  .strict();
const searchCursor = z.record(tableName, z.number().int().min(0).max(1_000_000));
const searchResult = z.object({
  instance: z.string(),
  table: z.string(),
  tableLabel: z.string(),
  sys_id: z.string(),
  number: z.string(),
  shortDescription: z.string(),
  url: z.string(),
  state: z.string(),
  priority: z.string(),
  priorityValue: z.string(),
  updatedAt: z.string(),
  markdown: z.string(),
}) satisfies z.ZodType<SearchResult>;

/** The popup's and the in-page search's messages (issue 7). */
export const searchMessages = defineMessages({
  'search/instances': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: {},
    response: z.object({
      instances: z.array(z.object({ base: z.string(), label: z.string(), state: z.enum(['connected', 'needs-sign-in', 'not-connected']) })),
    }),
  },
  'search/query': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { instance: base, text: z.string().max(200), filters: searchFilters, cursor: searchCursor.optional() },
    response: z.object({ exact: searchResult.optional(), results: z.array(searchResult), total: z.number(), cursor: searchCursor.optional() }),
  },
  'search/home': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { instance: base },
    response: z.object({ recent: z.array(searchResult), mine: z.array(searchResult) }),
  },
  'search/visited': { contentScripts: SERVICENOW_PAGES, request: { instance: base, table: tableName, sys_id: sysId }, response: empty },
  'search/target': { contentScripts: EXTENSION_PAGES_ONLY, request: { tabId }, response: z.object({ mattermost: z.boolean() }) },
  'search/insert': { contentScripts: EXTENSION_PAGES_ONLY, request: { tabId, text: z.string().min(1).max(4000) }, response: empty },
});
