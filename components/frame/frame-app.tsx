import { render } from 'preact';
import type { FrameEvent, FramePreloads, FrameSpec } from '@/lib/messages';
import { themedCss } from '@/lib/frame-theme';
import { send } from '@/lib/send';
import cardCss from '../record-card.css?inline';
import dialogCss from '../share-dialog.css?inline';
import searchCss from '../search/search.css?inline';
import frameCss from './frame.css?inline';
import panelCss from '../record-panel.css?inline';
import summaryCss from '../record-summary.css?inline';
import approvalsCss from '../approvals.css?inline';
import editCss from '../record-edit.css?inline';
import actionsCss from '../message-actions.css?inline';
import { CommandFrame } from './command-frame';
import { HoverFrame } from './hover-frame';
import { MessageFrame } from './message-frame';
import { RecordFrame } from './record-frame';
import { SearchFrame } from './search-frame';
import { ShareFrame } from './share-frame';

/** Tells the content script that opened this frame something (through the background: a page can't forge that). */
export type Emit = (event: FrameEvent) => void;
export type FrameViewProps<K extends FrameSpec['kind']> = {
  spec: Extract<FrameSpec, { kind: K }>;
  emit: Emit;
  tabId: number;
  /** what the background read for this frame while it loaded: the view shows it at once and asks only for the rest */
  preloaded: FramePreloads;
};

const SESSION_ID = /^[0-9a-f]{32}$/;

/** The page's theme: our dark rules on or off as the host page is, and Mattermost's own colours for the cards. */
function applyTheme({ dark, vars }: FrameSpec['theme']): void {
  const style = document.createElement('style');
  style.textContent = themedCss([frameCss, cardCss, dialogCss, searchCss, panelCss, summaryCss, approvalsCss, editCss, actionsCss].join('\n'), dark);
  document.head.append(style);
  for (const [name, value] of Object.entries(vars ?? {})) document.documentElement.style.setProperty(name, value);
}

/**
 * The frame page: claims its session (it works only for the tab whose content script asked for it, once),
 * follows the host page's theme, renders its view, and reports its size so the content script can fit it.
 */
export async function startFrame(app: HTMLElement, id: string): Promise<void> {
  let claimed: Awaited<ReturnType<typeof send<'frame/claim'>>>;
  try {
    if (!SESSION_ID.test(id)) throw new Error('no session');
    claimed = await send({ type: 'frame/claim', id });
  } catch {
    render(<p class="nb-frame-refused" role="alert">This NowBridge window works only when NowBridge opens it.</p>, app);
    return;
  }
  const { spec, tabId, preloaded } = claimed;
  applyTheme(spec.theme);
  const emit: Emit = (event) => void send({ type: 'frame/event', id, event }).catch(() => undefined);
  render(
    spec.kind === 'share' ? (
      <ShareFrame spec={spec} emit={emit} tabId={tabId} preloaded={preloaded} />
    ) : spec.kind === 'search' ? (
      <SearchFrame spec={spec} emit={emit} tabId={tabId} preloaded={preloaded} />
    ) : spec.kind === 'record' ? (
      <RecordFrame spec={spec} emit={emit} tabId={tabId} preloaded={preloaded} />
    ) : spec.kind === 'message' ? (
      <MessageFrame spec={spec} emit={emit} tabId={tabId} preloaded={preloaded} />
    ) : spec.kind === 'command' ? (
      <CommandFrame spec={spec} emit={emit} tabId={tabId} preloaded={preloaded} />
    ) : (
      <HoverFrame spec={spec} emit={emit} tabId={tabId} preloaded={preloaded} />
    ),
    app,
  );
  reportSize(app, emit);
  keepFocus();
}

/**
 * When the content script moves focus into the frame, Chrome focuses the frame's document, which can undo a focus
 * the view set a moment before (the dialog focuses its first field on mount): put it back on the field.
 */
function keepFocus(): void {
  let last: HTMLElement | undefined;
  document.addEventListener('focusin', (e) => (last = e.target as HTMLElement));
  window.addEventListener('focus', () => {
    if (document.activeElement && document.activeElement !== document.body) return;
    // the dialog's first field (the share dialog's Channel) before any button above it (a card's actions)
    const target = last?.isConnected ? last : (document.querySelector<HTMLElement>('[role="combobox"]') ?? document.querySelector<HTMLElement>('input, textarea, button'));
    target?.focus();
  });
}

/** "ready" once the first view is painted (the content script shows the frame then: no flash), then every change. */
function reportSize(app: HTMLElement, emit: Emit): void {
  let last = '';
  const measure = (type: 'ready' | 'size') => {
    const el = (app.firstElementChild as HTMLElement | null) ?? app;
    const width = Math.ceil(el.scrollWidth);
    const height = Math.ceil(el.scrollHeight);
    const key = `${width}x${height}`;
    if (type === 'size' && key === last) return;
    last = key;
    emit({ type, width, height });
  };
  requestAnimationFrame(() => {
    measure('ready');
    new ResizeObserver(() => measure('size')).observe((app.firstElementChild as HTMLElement | null) ?? app);
  });
}
