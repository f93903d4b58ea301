import { z } from 'zod';
import { BOTH_PRODUCTS, defineMessages, EXTENSION_PAGES_ONLY } from './contract';
import { base, postId, recordRef } from './fields';
import { cardDataSchema } from './records';
import { commandText, dmPath, messageAction, postAction } from './message-actions';
import { shareChoices, shareSubject } from './share';

/** How the page that hosts a frame looks: its frame follows it (light or dark, and Mattermost's theme colours). */
const frameTheme = z
  .object({
    dark: z.boolean(),
    vars: z.record(z.string().regex(/^--[a-z0-9-]{1,40}$/), z.string().regex(/^[#(),.%\w\s-]{1,60}$/)).optional(),
  })
  .strict();

/** What an in-page extension frame shows: a content script asks for it, the frame page claims it. */
export const frameSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('share'), subject: shareSubject, theme: frameTheme }).strict(),
  z.object({ kind: z.literal('search'), theme: frameTheme }).strict(),
  // the hover card is for a link in a post: `server`'s copy of `postId` must hold it (lib/background/post-check.ts)
  z.object({ kind: z.literal('hover'), server: base, postId, instance: base, ref: recordRef, theme: frameTheme }).strict(),
  // the record panel acts on a record a post refers to: the same check as the hover card
  z.object({ kind: z.literal('record'), server: base, postId, instance: base, ref: recordRef, theme: frameTheme }).strict(),
  // a post's ServiceNow actions (its hover strip's button, its "…" menu): the frame reads the post as the user
  z.object({ kind: z.literal('message'), server: base, postId, action: messageAction, theme: frameTheme }).strict(),
  // a `/servicenow` command typed in a message box (`rootId`: the thread's, from the reply box); the page it was
  // typed on is the tab's own URL, added by the background (never the page's word)
  z
    .object({
      kind: z.literal('command'),
      server: base,
      text: commandText,
      /** the same for a retry of the same line from the same box (slash-commands.ts): one post, whatever the retries */
      submissionId: z.number().int().positive().optional(),
      rootId: postId.optional(),
      page: z.string().max(4096).optional(),
      theme: frameTheme,
    })
    .strict(),
]);
export type FrameSpec = z.infer<typeof frameSpec>;
export type FrameKind = FrameSpec['kind'];

const px = z.number().int().min(0).max(10_000);
/** What a frame tells the content script that opened it (through the background, never by postMessage). */
export const frameEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), width: px, height: px }).strict(),
  z.object({ type: z.literal('size'), width: px, height: px }).strict(),
  z.object({ type: z.literal('close'), refocus: z.boolean() }).strict(),
  z.object({ type: z.literal('insert'), text: z.string().min(1).max(4000) }).strict(),
  // the hover card's title: open the record panel for the hover card's own record (its spec, already post-checked)
  z.object({ type: z.literal('panel') }).strict(),
  // the post actions menu: the action chosen, to open as a dialog over the page
  z.object({ type: z.literal('action'), action: postAction }).strict(),
  // a command ran: its text leaves the message box
  z.object({ type: z.literal('ran') }).strict(),
  // "Message <name> in Mattermost" in a frame over Mattermost: the page goes to the DM, as its own links do
  z.object({ type: z.literal('navigate'), path: dmPath }).strict(),
]);
export type FrameEvent = z.infer<typeof frameEvent>;

const sessionId = z.string().regex(/^[0-9a-f]{32}$/);

/**
 * What the background read for a frame while it loaded (from `frame/open` on): handed over with the claim, so
 * the first paint needs no further round trip. Whatever had not arrived yet, the frame asks for itself.
 */
export const framePreloads = z.object({ card: cardDataSchema.optional(), choices: shareChoices.optional() }).strict();
export type FramePreloads = z.infer<typeof framePreloads>;

/** In-page extension frames (lib/background/frame-sessions.ts): opened by a content script, claimed by the frame. */
export const frameMessages = defineMessages({
  'frame/open': { contentScripts: BOTH_PRODUCTS, request: { spec: frameSpec }, response: z.object({ id: sessionId }) },
  'frame/claim': { contentScripts: EXTENSION_PAGES_ONLY, request: { id: sessionId }, response: z.object({ spec: frameSpec, tabId: z.number(), preloaded: framePreloads }) },
  'frame/event': { contentScripts: EXTENSION_PAGES_ONLY, request: { id: sessionId, event: frameEvent }, response: z.object({}) },
});
