import type { contentMessages } from '../../messages/content';
import { type ContentContextDeps, createContentContext } from '../content-context';
import type { HandlersOf } from '../router';

export function createContentHandlers(deps: ContentContextDeps): HandlersOf<typeof contentMessages> {
  return { 'content/context': createContentContext(deps) };
}
