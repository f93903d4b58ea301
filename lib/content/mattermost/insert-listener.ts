import { defineFeature } from '../feature';
import { onMessage } from '../ext';
import { findComposer, insertIntoComposer, lastComposer } from './composer-insert';

/** The popup's Alt+Enter, via the background: checked here again by hand (no zod in content scripts). */
export function insertTextMessage(message: unknown): string | undefined {
  if (typeof message !== 'object' || !message) return undefined;
  const { type, text } = message as { type?: unknown; text?: unknown };
  return type === 'nowbridge/insert-text' && typeof text === 'string' && text.length > 0 && text.length <= 4000 ? text : undefined;
}

/** Answers true when the text went into a message box, false when the page has none (no channel open). */
export function listenForInserts(signal: AbortSignal): void {
  const onInsert = (message: unknown) => {
    const text = insertTextMessage(message);
    if (text === undefined) return undefined;
    const box = findComposer(document, lastComposer());
    if (box) insertIntoComposer(box, text);
    return Promise.resolve(!!box);
  };
  signal.addEventListener('abort', onMessage(onInsert));
}

/** The popup's Alt+Enter (insert the link into the message being written): the top frame answers. */
export const feature = defineFeature({
  id: 'composer-insert',
  include: (ctx) => ctx.isTop,
  init: listenForInserts,
});
