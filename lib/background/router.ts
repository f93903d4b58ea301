import { HttpError } from '../http';
import { type Envelope, messageDef, parseRequest, type Request, type Response } from '../messages';
import type { Product } from '../origins';

/** The parts of a message's sender that decide what it may ask. */
export interface Sender {
  id?: string;
  url?: string;
  /** the tab's top-level page: filled in by the browser only where NowBridge has host access */
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** A sender as the router has judged it: handlers need not work out again where a message came from. */
export interface Caller extends Sender {
  /** one of NowBridge's own pages (popup, options, share window), not a content script */
  fromExtensionPage: boolean;
}

export type Handlers = {
  [K in Request['type']]: (request: Extract<Request, { type: K }>, caller: Caller) => Promise<Response<K>>;
};
/** The handlers of one domain's messages (say `typeof recordMessages`), composed in handlers/index.ts. */
export type HandlersOf<M> = Pick<Handlers, keyof M & Request['type']>;

/**
 * Who is asking: extension pages may ask anything; content scripts only what the message contract
 * (lib/messages) lets their product's pages ask.
 */
export interface SenderPolicy {
  extensionId: string;
  /** one of NowBridge's own pages: chrome-extension://<id>/… or moz-extension://<uuid>/…, or a frame at Chrome's dynamic URL */
  isExtensionPage(url: string): boolean;
  /** a content script's page must be on a configured site of a product the message allows */
  isConfiguredSite(url: string, product: Product): Promise<boolean>;
}

/**
 * Validates every incoming message and its sender before a handler sees it, and every answer against the
 * message's response schema before it leaves. Errors come back as plain messages: a thrown error's text is passed
 * on only when it is a UserFacingError (or an HttpError, written for the user).
 */
export function createRouter(handlers: Handlers, policy: SenderPolicy) {
  return async (message: unknown, sender: Sender): Promise<Envelope<unknown>> => {
    const request = parseRequest(message);
    if (!request) return { ok: false, error: 'NowBridge refused a malformed request.' };
    if (sender.id !== policy.extensionId) return { ok: false, error: 'Refused: not from NowBridge.' };
    const fromExtensionPage = !!sender.url && policy.isExtensionPage(sender.url);
    if (!fromExtensionPage && !(await fromAllowedSite(request.type, sender.url, policy))) {
      return { ok: false, error: 'Refused: this page may not ask for that.' };
    }
    let value: unknown;
    try {
      const handler = handlers[request.type] as (r: Request, c: Caller) => Promise<unknown>;
      value = await handler(request, { ...sender, fromExtensionPage });
    } catch (err) {
      const wait = err instanceof HttpError && err.kind === 'rate-limited' ? err.retryAfterMs : undefined;
      return { ok: false, error: userMessage(err), ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
    }
    // Answers are checked here, where zod already is, once for every receiver: content scripts, frames and
    // pages take them as they come (lib/send.ts) and stay light.
    const answer = messageDef(request.type)!.response.safeParse(value);
    if (answer.success) return { ok: true, value: answer.data };
    // where the answer went wrong, never what it held (it may be a record's text)
    console.error(`NowBridge: the answer to ${request.type} broke its contract at`, answer.error.issues.map((i) => i.path.join('.') || '(root)'));
    return { ok: false, error: 'Something went wrong in NowBridge.' };
  };
}

/** Is a content script's page on a configured site of a product this message allows? */
async function fromAllowedSite(type: Request['type'], url: string | undefined, policy: SenderPolicy): Promise<boolean> {
  if (!url) return false;
  for (const product of messageDef(type)?.contentScripts ?? []) if (await policy.isConfiguredSite(url, product)) return true;
  return false;
}

/** An error whose message is written for the user and safe to show anywhere. */
export class UserFacingError extends Error {}

/** HttpErrors and UserFacingErrors are written for the user; anything else might carry internals. */
function userMessage(err: unknown): string {
  if (err instanceof UserFacingError || err instanceof HttpError) return err.message;
  return 'Something went wrong in NowBridge.';
}
