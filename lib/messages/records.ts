import { z } from 'zod';
import type { CardData } from '../background/card-data';
import { defineMessages, EXTENSION_PAGES_ONLY, MATTERMOST_PAGES } from './contract';
import { base, postId, recordRef, submissionId } from './fields';

const fieldValue = z.object({ value: z.string(), display: z.string() });
const snRecord = z.object({
  instance: z.string(),
  table: z.string(),
  sys_id: z.string(),
  number: z.string(),
  shortDescription: z.string(),
  url: z.string(),
  state: fieldValue.optional(),
  priority: fieldValue.optional(),
  updatedAt: z.string(),
  fields: z.record(z.string(), fieldValue),
});
const recordLookup = z.union([
  z.object({ ok: z.literal(true), record: snRecord }),
  z.object({ ok: z.literal(false), reason: z.enum(['not-found', 'needs-sign-in', 'not-connected', 'error']), message: z.string() }),
]);
export const cardDataSchema = z.object({
  lookup: recordLookup,
  accent: z.string(),
  fields: z.array(z.object({ name: z.string(), title: z.string() })),
  tableLabel: z.string(),
}) satisfies z.ZodType<CardData>; // the answer is the background's CardData: the two cannot drift apart

const journalElement = z.enum(['comments', 'work_notes']);
export const journalEntrySchema = z.object({
  element: journalElement,
  /** the author's display name */
  author: z.string(),
  /** ISO UTC */
  at: z.string(),
  text: z.string(),
  key: z.string(),
});

/** A record's activity (comments and work notes, newest first), as the connected user may read it. */
export const activitySchema = z.object({
  entries: z.array(journalEntrySchema),
  /** false: the user gets no work notes (no itil), so writing one is refused before it is sent */
  canSeeWorkNotes: z.boolean(),
  /** the connected ServiceNow user's name: every write goes as them, and the panel says so */
  as: z.string(),
});

/** Record cards, read as the viewer. */
export const recordMessages = defineMessages({
  'record/card': { contentScripts: EXTENSION_PAGES_ONLY, request: { instance: base, ref: recordRef, fresh: z.boolean().optional() }, response: cardDataSchema },
  'record/full': { contentScripts: EXTENSION_PAGES_ONLY, request: { instance: base, ref: recordRef }, response: cardDataSchema },
  'record/cards': {
    contentScripts: MATTERMOST_PAGES,
    request: {
      /** the Mattermost server whose posts these are: their references are checked against its copy */
      server: base,
      // up to 1000: as many posts as one POST /posts/ids takes
      items: z.array(z.object({ postId, instance: base, ref: recordRef }).strict()).min(1).max(1000),
      fresh: z.boolean().optional(),
    },
    response: z.object({
      /** only for references the server's copy of their post holds */
      cards: z.array(z.object({ key: z.string(), data: cardDataSchema, stale: z.boolean() })),
      /** per post: the claimed card keys confirmed by Mattermost, or why none is */
      posts: z.array(
        z.object({
          postId: z.string(),
          keys: z.array(z.string()),
          reason: z.enum(['missing', 'mattermost-not-connected', 'error']).optional(),
          message: z.string().optional(),
        }),
      ),
    }),
  },
  'record/activity': { contentScripts: EXTENSION_PAGES_ONLY, request: { instance: base, ref: recordRef }, response: activitySchema },
  'record/journal': {
    contentScripts: EXTENSION_PAGES_ONLY,
    // Mattermost text bound for ServiceNow: at most what a journal entry holds, and one write per submission
    request: { instance: base, ref: recordRef, element: journalElement, text: z.string().trim().min(1).max(16_000), submissionId },
    response: z.object({ entry: journalEntrySchema, activity: activitySchema }),
  },
  'record/numbering': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { instance: base },
    response: z.object({ prefixes: z.record(z.string(), z.string()), minDigits: z.number() }),
  },
});
