import { HttpError } from '../http';
import { type Envelope, type Request, requestSchema, type Response } from '../messages';

/** The parts of a message's sender that decide what it may ask. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
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

/** Which senders may ask for what: extension pages may ask anything; content scripts only what is listed. */
export interface SenderPolicy {
  extensionId: string;
  /** one of NowBridge's own pages: chrome-extension://<id>/… or moz-extension://<uuid>/…, or Chrome's dynamic URL of a frame */
  isExtensionPage(url: string): boolean;
  contentScriptTypes: ReadonlySet<Request['type']>;
  /** a content script's page must be on a configured site of the right product */
  isConfiguredSite(url: string, type: Request['type']): Promise<boolean>;
}

/**
 * Validates every incoming message and its sender before a handler sees it. Errors come back as
 * plain messages: a thrown error's text is passed on only when it is a UserFacingError.
 */
export function createRouter(handlers: Handlers, policy: SenderPolicy) {
  return async (message: unknown, sender: Sender): Promise<Envelope<unknown>> => {
    const parsed = requestSchema.safeParse(message);
    if (!parsed.success) return { ok: false, error: 'NowBridge refused a malformed request.' };
    const request = parsed.data;
    if (sender.id !== policy.extensionId) return { ok: false, error: 'Refused: not from NowBridge.' };
    const fromExtensionPage = !!sender.url && policy.isExtensionPage(sender.url);
    if (!fromExtensionPage) {
      const allowed =
        policy.contentScriptTypes.has(request.type) && !!sender.url && (await policy.isConfiguredSite(sender.url, request.type));
      if (!allowed) return { ok: false, error: 'Refused: this page may not ask for that.' };
    }
    try {
      const handler = handlers[request.type] as (r: Request, c: Caller) => Promise<unknown>;
      return { ok: true, value: await handler(request, { ...sender, fromExtensionPage }) };
    } catch (err) {
      return { ok: false, error: userMessage(err) };
    }
  };
}

/** An error whose message is written for the user and safe to show anywhere. */
export class UserFacingError extends Error {}

/** HttpErrors and UserFacingErrors are written for the user; anything else might carry internals. */
function userMessage(err: unknown): string {
  if (err instanceof UserFacingError || err instanceof HttpError) return err.message;
  return 'Something went wrong in NowBridge.';
}
