import { extensionAlive, sendMessage } from './content/ext';
import type { Envelope, Request, Response } from './messages';

/**
 * Asks the background to do something: for content scripts, frames and extension pages alike. The answer is
 * taken as it comes: the background checked the request and checks every answer against the message's response
 * schema before it leaves (lib/background/router.ts), so zod stays out of the content scripts and frames.
 */
export async function send<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Response<T>> {
  let reply: Envelope<Response<T>> | undefined;
  try {
    reply = (await sendMessage(request)) as Envelope<Response<T>> | undefined;
  } catch {
    // NowBridge was updated or reloaded since this page loaded: this page's script can't reach it any more.
    if (!extensionAlive()) throw new Error('NowBridge was updated or reloaded. Reload the page and try again.');
    // The browser stopped NowBridge's background while it worked ("the message channel closed before a response
    // was received"). What it was doing may have happened: every write is looked for before it is made again.
    throw new Error('NowBridge was interrupted before it could answer. Try again: nothing is sent twice.');
  }
  if (!reply || typeof reply !== 'object') throw new Error('NowBridge did not answer. Reload the page and try again.');
  if (!reply.ok) throw Object.assign(new Error(String(reply.error)), typeof reply.retryAfterMs === 'number' ? { retryAfterMs: reply.retryAfterMs } : {});
  return reply.value;
}

/** How long the server asked to wait, when a `send` failed because it was rate-limiting. */
export const retryAfterOf = (err: unknown): number | undefined => {
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && ms >= 0 ? ms : undefined;
};
