import { defineFeature, type FeatureContext } from '../feature';
import { type MountedFrame, openFrame } from '../frame-host';
import { hostTheme } from '../host-theme';
import { pageButton } from '../page-button';
import { findComposer, insertIntoComposer, rememberComposer } from './composer-insert';

const BUTTON_CSS = `:host{margin:4px 8px}button{font:600 12px system-ui,sans-serif;padding:4px 10px;border-radius:4px;border:1px solid #1c58d9;background:none;color:#1c58d9;cursor:pointer}`;
const MARK = 'data-nowbridge-search';

/**
 * A "ServiceNow" button beside Mattermost's message box. It opens the popup's search over the page; choosing a
 * record (Enter or a click) puts its Markdown link into the message being written, textarea or rich text.
 */
export function searchButton(signal: AbortSignal, ctx: Pick<FeatureContext, 'observe'>): void {
  let overlay: MountedFrame | undefined;
  let opening = false;

  // The search runs in an extension frame: the page can neither read its results nor type into it.
  const open = async (composer: HTMLElement, button: HTMLElement) => {
    if (opening) return;
    opening = true;
    overlay?.close();
    rememberComposer(composer);
    try {
      overlay = await openFrame(
        { kind: 'search', theme: hostTheme() },
        {
          placement: { kind: 'modal' },
          title: 'Search ServiceNow',
          focus: true,
          returnFocus: composer,
          onEvent: (event) => {
            if (event.type !== 'insert') return;
            overlay?.close();
            const box = findComposer(document, composer);
            if (box) insertIntoComposer(box, event.text);
            else button.focus();
          },
          onClose: () => (overlay = undefined),
        },
      );
    } finally {
      opening = false;
    }
  };

  // Mattermost re-renders its composer (channel switch, thread open): place the button again each time.
  // By id, one lookup each: a selector list ('#a, #b') walks the whole document, and a long channel's list is
  // most of it (issue 15's load bench: 285 ms over 150 wheel notches in a 10,000-post channel).
  const place = () => {
    for (const box of [document.getElementById('post_textbox'), document.getElementById('reply_textbox')]) {
      if (!box) continue;
      const editor = box.closest('.AdvancedTextEditor') ?? box.parentElement;
      if (!editor?.parentElement || editor.parentElement.querySelector(`:scope > [${MARK}]`)) continue;
      const mounted = pageButton('nowbridge-search-button', BUTTON_CSS, { text: 'ServiceNow', onClick: (button) => void open(box, button) });
      mounted.host.setAttribute(MARK, '');
      editor.after(mounted.host);
    }
  };
  // The page's shared observer calls it once per frame with DOM changes (and once at the start).
  ctx.observe(place);
  signal.addEventListener('abort', () => {
    overlay?.close();
    document.querySelectorAll(`[${MARK}]`).forEach((h) => h.remove());
  });
}

export const feature = defineFeature({
  id: 'search-button',
  include: (ctx) => ctx.isTop && ctx.instances().length > 0,
  init: searchButton,
});
