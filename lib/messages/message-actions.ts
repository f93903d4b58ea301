import { z } from 'zod';
import { defineMessages, EXTENSION_PAGES_ONLY } from './contract';
import { base, pickerTarget, postId, recordRef, submissionId, sysId } from './fields';

/** A DM's path on a Mattermost server (its subpath, if any, included): `/<team>/messages/@<username>`. */
export const dmPath = z.string().max(400).regex(/^(\/[\w.~-]+)*\/[\w-]+\/messages\/@[\w.-]+$/);

/** What a post's ServiceNow actions offer (its hover strip's button, its "…" menu, the commands). */
export const postAction = z.enum(['create', 'add-message', 'add-thread', 'search']);
export type PostAction = z.infer<typeof postAction>;
/** A post's frame: the actions menu, or one of the actions. */
export const messageAction = z.enum(['menu', ...postAction.options]);
/** A `/servicenow …` line as typed. */
export const commandText = z.string().trim().min(1).max(4000);

/**
 * Where a card or a reply goes in Mattermost: the thread of a post (a reply to a reply goes to its root, D.4), or
 * the channel of a page the user is on (the tab's own URL, e.g. `/<team>/channels/<name>`, `/<team>/messages/@<user>`).
 */
export const postWhere = z.union([z.object({ postId }).strict(), z.object({ page: z.string().max(4096) }).strict()]);
export type PostWhere = z.infer<typeof postWhere>;

const journalElement = z.enum(['comments', 'work_notes']);
const choice = z.object({ value: z.string(), label: z.string() });
const person = z.object({ sys_id: sysId, name: z.string(), detail: z.string().optional() });
const posted = z.object({ postUrl: z.string() });

/** A Mattermost post as the user may read it, with what the forms prefill from it. */
const postSummary = z.object({
  id: z.string(),
  rootId: z.string(),
  channel: z.string(),
  team: z.string(),
  author: z.object({ id: z.string(), username: z.string(), name: z.string() }),
  /** epoch ms */
  at: z.number(),
  message: z.string(),
  permalink: z.string(),
});

/** How the post's author maps to a ServiceNow caller (lib/background/people-map.ts): never a silent wrong match. */
export const callerMatch = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('match'), person }),
  z.object({ kind: z.literal('choose'), why: z.enum(['emails-hidden', 'not-found', 'ambiguous', 'error']), hint: z.string(), candidates: z.array(person) }),
]);
export type CallerMatch = z.infer<typeof callerMatch>;

export const incidentFields = z
  .object({
    short_description: z.string().trim().min(1).max(160),
    description: z.string().max(16_000),
    caller_id: sysId.optional(),
    impact: z.string().max(40).optional(),
    urgency: z.string().max(40).optional(),
    category: z.string().max(80).optional(),
    assignment_group: sysId.optional(),
    cmdb_ci: sysId.optional(),
  })
  .strict();
export type IncidentFields = z.infer<typeof incidentFields>;

/** The outcome of a command that ran in the background; search, create and add open their views in the frame. */
export const commandAnswer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('posted'), number: z.string(), postUrl: z.string() }),
  z.object({ kind: z.literal('settings') }),
  /** watch / unwatch: whether the record is now watched */
  z.object({ kind: z.literal('watched'), number: z.string(), watching: z.boolean() }),
]);

/** From a Mattermost message to ServiceNow (issue 13): create an incident, attach a message or thread, commands. */
export const messageActionMessages = defineMessages({
  /** the post (and its thread), and the journal text that "Add to a record" would write, in parts that fit */
  'message/context': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { server: base, postId, scope: z.enum(['message', 'thread']) },
    response: z.object({
      post: postSummary,
      /** the messages in the text, and who wrote them */
      count: z.number(),
      authors: z.array(z.string()),
      /** the entry as ServiceNow will hold it: one part, or several when it must be split */
      entries: z.array(z.string()).min(1),
      /** records the thread's messages refer to, newest first: the likeliest targets */
      records: z.array(z.object({ instance: base, number: z.string() })),
    }),
  },
  /** writes the message or thread as a comment or work note (each part at most once), then replies in the thread once */
  'message/attach': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { server: base, postId, scope: z.enum(['message', 'thread']), instance: base, ref: recordRef, element: journalElement, submissionId },
    response: z.object({ number: z.string(), url: z.string(), parts: z.number(), reply: posted.optional(), replyError: z.string().optional() }),
  },
  /** what the Create incident form offers: choice lists, the caller from the post's author, an incident made from it already */
  'incident/form': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { server: base, instance: base, postId: postId.optional() },
    response: z.object({
      impact: z.array(choice),
      urgency: z.array(choice),
      category: z.array(choice),
      caller: callerMatch.optional(),
      existing: z.object({ number: z.string(), url: z.string(), openedBy: z.string() }).optional(),
    }),
  },
  'incident/ci': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { instance: base, query: z.string().max(100) },
    response: z.object({ options: z.array(person) }),
  },
  /** creates the incident at most once per submission, then posts its card where it came from */
  'incident/create': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { server: base, instance: base, fields: incidentFields, postId: postId.optional(), where: postWhere, submissionId },
    response: z.object({ number: z.string(), sys_id: sysId, url: z.string(), dropped: z.array(z.string()), reply: posted.optional(), replyError: z.string().optional() }),
  },
  /** "Message <name> in Mattermost": the DM with a ServiceNow person's Mattermost user (email, else user name) */
  'people/dm': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { instance: base, sys_id: sysId, server: base.optional() },
    response: z.object({ server: z.string(), url: z.string(), path: dmPath }),
  },
  /** the share dialog's "Message the assignee" / "Message the caller" targets on a server */
  'people/targets': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { server: base, instance: base, ref: recordRef },
    response: z.object({ targets: z.array(pickerTarget) }),
  },
  /** a `/servicenow` command that acts in the background: share a record here, open the settings */
  'command/run': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { server: base, where: postWhere, text: commandText, submissionId },
    response: commandAnswer,
  },
});
