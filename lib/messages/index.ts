import { z } from 'zod';
import type { MessageDef } from './contract';
import { connectionMessages } from './connections';
import { contentMessages } from './content';
import { frameMessages } from './frame';
import { messageActionMessages } from './message-actions';
import { approvalMessages, recordEditMessages } from './record-edits';
import { recordMessages } from './records';
import { searchMessages } from './search';
import { shareMessages } from './share';
import { siteMessages } from './sites';
import { uiMessages } from './ui';
import { watchMessages } from './watch';

export { BOTH_PRODUCTS, EXTENSION_PAGES_ONLY, MATTERMOST_PAGES, SERVICENOW_PAGES } from './contract';
export { connectionStatusSchema } from './connections';
export { contentContextSchema, type ContentContext } from './content';
export { frameEvent, frameSpec, type FrameEvent, type FrameKind, type FramePreloads, type FrameSpec } from './frame';
export { cardDataSchema } from './records';
export { shareSubject, type ShareChoices, type ShareSubjectMessage } from './share';
export { siteStatusSchema, type SiteStatusMessage } from './sites';

/**
 * Every message the background accepts: its request schema, who may send it, and its answer. Anything else is
 * refused before it is looked at.
 *
 * A new domain: `lib/messages/<domain>.ts` with `defineMessages({ '<domain>/<name>': { contentScripts, request,
 * response } })`, where contentScripts is EXTENSION_PAGES_ONLY, SERVICENOW_PAGES, MATTERMOST_PAGES or
 * BOTH_PRODUCTS; spread it in here; its handlers in `lib/background/handlers/<domain>.ts`
 * (`HandlersOf<typeof <domain>Messages>`), spread into createHandlers. The compiler then asks for each handler.
 */
export const MESSAGES = {
  ...siteMessages,
  ...connectionMessages,
  ...recordMessages,
  ...recordEditMessages,
  ...approvalMessages,
  ...shareMessages,
  ...searchMessages,
  ...uiMessages,
  ...contentMessages,
  ...frameMessages,
  ...messageActionMessages,
  ...watchMessages,
};
type Contract = typeof MESSAGES;
export type RequestType = keyof Contract;

export type Request = { [K in RequestType]: z.infer<Contract[K]['request']> }[RequestType];
export type Response<T extends RequestType> = z.infer<Contract[T]['response']>;

/** The message's entry in the contract, or undefined for anything that is not one of its types. */
export function messageDef(type: unknown): MessageDef | undefined {
  return typeof type === 'string' && Object.hasOwn(MESSAGES, type) ? (MESSAGES[type as RequestType] as MessageDef) : undefined;
}

/** Validates any message against the contract: the request, typed, or undefined. */
export function parseRequest(message: unknown): Request | undefined {
  const def = messageDef((message as { type?: unknown } | null)?.type);
  const parsed = def?.request.safeParse(message);
  return parsed?.success ? (parsed.data as Request) : undefined;
}

/**
 * What crosses back to a page: a result, or an error message safe to show (never a token, never a stack), with how
 * long the server asked to wait when it was rate-limiting (the page may say when it tries again).
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string; retryAfterMs?: number };
