/**
 * Puts text into Mattermost's message box the way a user's typing would (reference A.9): the textarea is
 * React-controlled, so its value is set with the native HTMLTextAreaElement setter (React's own setter would
 * swallow it) and an `input` event follows; the rich-text (contenteditable) composer gets the text at its
 * caret and the same event. Without the event, Mattermost's state would not see the text and Enter would
 * post nothing.
 */
const COMPOSERS = ['#post_textbox', '#reply_textbox'];

let last: Element | null = null;
/** The composer the in-page search was opened from (search-button); the popup's inserts go there too. */
export const rememberComposer = (el: Element): void => {
  last = el;
};
export const lastComposer = (): Element | null => last;

/** The composer the user was writing in: the focused one, else the centre channel's. */
export function findComposer(doc: Document, last?: Element | null): HTMLElement | null {
  const active = doc.activeElement;
  if (active && COMPOSERS.some((s) => active.matches(s))) return active as HTMLElement;
  if (last?.isConnected) return last as HTMLElement;
  return doc.querySelector<HTMLElement>(COMPOSERS.join(','));
}

/** A space between the existing text and the link, so the link never glues onto a word. */
const joined = (before: string, text: string, after: string) =>
  `${before && !/\s$/.test(before) ? ' ' : ''}${text}${after && !/^\s/.test(after) ? ' ' : ''}`;

export function insertIntoComposer(box: HTMLElement, text: string): void {
  const win = box.ownerDocument.defaultView ?? window;
  if (box instanceof win.HTMLTextAreaElement) {
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? start;
    const piece = joined(box.value.slice(0, start), text, box.value.slice(end));
    const value = box.value.slice(0, start) + piece + box.value.slice(end);
    Object.getOwnPropertyDescriptor(win.HTMLTextAreaElement.prototype, 'value')!.set!.call(box, value);
    box.setSelectionRange(start + piece.length, start + piece.length);
    box.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertText', data: piece }));
    box.focus();
    return;
  }
  // contenteditable: at the caret while the user is typing there; coming back from elsewhere (the search
  // dialog), focus puts the caret at the start, so the link goes at the end.
  const doc = box.ownerDocument;
  const typing = doc.activeElement === box;
  box.focus();
  const sel = doc.getSelection();
  if (!typing || !sel || !sel.rangeCount || !box.contains(sel.getRangeAt(0).startContainer)) {
    const range = doc.createRange();
    range.selectNodeContents(box);
    range.collapse(false);
    sel?.removeAllRanges();
    sel?.addRange(range);
  }
  const piece = joined(box.textContent ?? '', text, '');
  // execCommand keeps the editor's undo stack and fires a real input event; the manual path is the fallback.
  const done = typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, piece);
  if (!done) {
    const range = sel && sel.rangeCount ? sel.getRangeAt(0) : null;
    const node = doc.createTextNode(piece);
    if (range) {
      range.insertNode(node);
      range.setStartAfter(node);
    } else box.append(node);
    box.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertText', data: piece }));
  }
}

/** Sets a message box's whole text the way typing would, so Mattermost's draft state follows; the caret at the end. */
export function setComposerText(box: HTMLElement, value: string): void {
  const win = box.ownerDocument.defaultView ?? window;
  if (box instanceof win.HTMLTextAreaElement) {
    Object.getOwnPropertyDescriptor(win.HTMLTextAreaElement.prototype, 'value')!.set!.call(box, value);
    box.setSelectionRange(value.length, value.length);
  } else box.textContent = value;
  box.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: value ? 'insertText' : 'deleteContent' }));
}
