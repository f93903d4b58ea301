import { z } from 'zod';
import { defineMessages, EXTENSION_PAGES_ONLY, MATTERMOST_PAGES } from './contract';
import { base, httpUrl, pickerTarget, postId, recordRef, submissionId } from './fields';

export const shareSubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('record'), instance: base, ref: recordRef }).strict(),
  z.object({ kind: z.literal('link'), url: httpUrl, title: z.string().max(500).optional() }).strict(),
  z.object({ kind: z.literal('quote'), text: z.string().min(1).max(20_000), url: httpUrl, title: z.string().max(500).optional() }).strict(),
]);
export type ShareSubjectMessage = z.infer<typeof shareSubject>;

/** What a share dialog opens with: the Mattermost servers to post to, and each one's recent targets. */
export const shareChoices = z.object({
  servers: z.array(z.object({ base: z.string(), label: z.string(), connected: z.boolean() })),
  recent: z.record(z.string(), z.array(pickerTarget)),
});
export type ShareChoices = z.infer<typeof shareChoices>;

const posted = z.object({ channelLabel: z.string(), postUrl: z.string() });

/** Sharing to Mattermost: servers, channel picker, posts and card replies. */
export const shareMessages = defineMessages({
  'share/servers': { contentScripts: EXTENSION_PAGES_ONLY, request: {}, response: shareChoices },
  'share/search': { contentScripts: EXTENSION_PAGES_ONLY, request: { server: base, term: z.string().max(200) }, response: z.object({ targets: z.array(pickerTarget) }) },
  'share/post': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { server: base, target: pickerTarget, subject: shareSubject, message: z.string().max(16_383), submissionId },
    response: posted,
  },
  'share/reply': {
    contentScripts: MATTERMOST_PAGES,
    request: { server: base, postId, instance: base, ref: recordRef, submissionId },
    response: posted,
  },
});
