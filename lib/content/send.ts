import type { Envelope, Request, Response } from '../messages';
import { sendMessage } from './ext';

/**
 * `send` for content scripts: the same envelope as lib/send.ts without re-parsing the answer with zod. The
 * answer comes from NowBridge's own background, which validated the request and every API response it used;
 * leaving zod out keeps the content scripts inside their size budget.
 */
export async function send<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Response<T>> {
  const reply = (await sendMessage(request)) as Envelope<Response<T>> | undefined;
  if (!reply || typeof reply !== 'object') throw new Error('NowBridge did not answer. Reload the page and try again.');
  if (!reply.ok) throw new Error(String(reply.error));
  return reply.value;
}
