import browser from 'webextension-polyfill';
import { type Envelope, type Request, type Response, responseSchemas } from './messages';

/** Asks the background to do something, and validates what comes back. */
export async function send<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Response<T>> {
  const reply = (await browser.runtime.sendMessage(request)) as Envelope<unknown> | undefined;
  if (!reply) throw new Error('NowBridge did not answer. Reload the page and try again.');
  if (!reply.ok) throw new Error(reply.error);
  return responseSchemas[request.type].parse(reply.value) as Response<T>;
}
