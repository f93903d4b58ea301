import { z } from 'zod';
import type { Product } from '../origins';

/**
 * Who may send a message. Extension pages (popup, options, share window) may send every message; content
 * scripts only those whose `contentScripts` names their product, and only from a configured site of it.
 */
export const EXTENSION_PAGES_ONLY: readonly Product[] = [];
export const SERVICENOW_PAGES: readonly Product[] = ['servicenow'];
export const MATTERMOST_PAGES: readonly Product[] = ['mattermost'];
export const BOTH_PRODUCTS: readonly Product[] = ['servicenow', 'mattermost'];

/** One message as written in a domain file: its fields (without `type`), its senders and its answer. */
interface MessageSpec {
  contentScripts: readonly Product[];
  request: z.ZodRawShape;
  response: z.ZodType;
}

/** One message of the contract: the strict request schema (with its `type`), its senders and its answer. */
export interface MessageDef<K extends string = string, S extends z.ZodRawShape = z.ZodRawShape, R extends z.ZodType = z.ZodType> {
  contentScripts: readonly Product[];
  request: z.ZodObject<{ type: z.ZodLiteral<K> } & S, z.core.$strict>;
  response: R;
}

export type Messages<M extends Record<string, MessageSpec>> = {
  [K in keyof M & string]: MessageDef<K, M[K]['request'], M[K]['response']>;
};

/**
 * A domain's messages, keyed by type. Strict objects, so no extra field (a smuggled origin, a token) rides along
 * unnoticed.
 */
export function defineMessages<M extends Record<string, MessageSpec>>(specs: M): Messages<M> {
  return Object.fromEntries(
    Object.entries(specs).map(([type, { contentScripts, request, response }]) => [
      type,
      { contentScripts, request: z.object({ type: z.literal(type), ...request }).strict(), response },
    ]),
  ) as Messages<M>;
}
