import { SearchPanel } from '@/components/search/search-panel';
import { fromUser } from '@/components/user-event';
import { defineFeature, type FeatureContext } from '../feature';
import { send } from '../send';
import { shadowMount } from '../shadow-mount';
import { findComposer, insertIntoComposer, rememberComposer } from './composer-insert';

const BUTTON_CSS = `:host{margin:4px 8px}button{font:600 12px system-ui,sans-serif;padding:4px 10px;border-radius:4px;border:1px solid #1c58d9;background:none;color:#1c58d9;cursor:pointer}`;
const OVERLAY_CSS = `:host{all:initial}.nb-overlay{position:fixed;inset:0;z-index:2147483647;display:flex;justify-content:center;padding:64px 16px;background:#0005}.nb-search{padding:12px;border-radius:8px;height:fit-content}`;
const MARK = 'data-nowbridge-search';

/**
 * A "ServiceNow" button beside Mattermost's message box. It opens the popup's search over the page; choosing a
 * record (Enter or a click) puts its Markdown link into the message being written, textarea or rich text.
 */
export function searchButton(signal: AbortSignal, ctx: Pick<FeatureContext, 'observe'>): void {
  let overlay: { close(): void } | undefined;

  let css: Promise<string> | undefined;
  const open = async (composer: HTMLElement) => {
    css ??= send({ type: 'ui/styles', sheet: 'search' }).then((r) => r.css, () => '');
    const sheet = await css;
    overlay?.close();
    rememberComposer(composer);
    const close = () => {
      mounted.unmount();
      overlay = undefined;
    };
    const choose = (markdown: string) => {
      close();
      const box = findComposer(document, composer);
      if (box) insertIntoComposer(box, markdown);
    };
    const mounted = shadowMount(
      'nowbridge-search',
      `${OVERLAY_CSS}\n${sheet}`,
      <div class="nb-overlay" onMouseDown={(e) => fromUser(e) && e.target === e.currentTarget && close()}>
        {/* Keys stay ours: Mattermost's global shortcuts must not steal focus while the search is open. */}
        <div role="dialog" aria-modal="true" aria-label="Search ServiceNow" onKeyDown={(e) => e.stopPropagation()}>
          <SearchPanel
            send={send}
            hint="Enter inserts the link · Esc closes"
            actions={{
              choose: (r) => choose(r.markdown),
              insert: async (r) => choose(r.markdown),
              copy: (r) => navigator.clipboard.writeText(r.markdown),
              close: () => {
                close();
                composer.focus();
              },
              settings: () => void send({ type: 'ui/open-settings' }).catch(() => undefined),
            }}
          />
        </div>
      </div>,
    );
    document.documentElement.append(mounted.host);
    overlay = { close };
  };

  // Mattermost re-renders its composer (channel switch, thread open): place the button again each time.
  const place = () => {
    for (const box of document.querySelectorAll<HTMLElement>('#post_textbox, #reply_textbox')) {
      const editor = box.closest('.AdvancedTextEditor') ?? box.parentElement;
      if (!editor?.parentElement || editor.parentElement.querySelector(`:scope > [${MARK}]`)) continue;
      const mounted = shadowMount(
        'nowbridge-search-button',
        BUTTON_CSS,
        <button type="button" onClick={(e) => fromUser(e) && void open(box)}>
          ServiceNow
        </button>,
      );
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
