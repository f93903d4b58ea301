import { frameUrl } from '../frame-url';
import type { FrameEvent, FrameSpec } from '../messages';
import { onMessage } from './ext';
import { send } from '../send';

/**
 * Mounts a NowBridge extension frame over the page: the share dialog, the search, the full hover card. The page
 * sees a host element and nothing inside it: the iframe hangs in a closed shadow root, its document is another
 * origin, keys and clicks inside it never reach the page's handlers, and what the frame says arrives through the
 * background (`nowbridge/frame` messages), which a page cannot forge. Password managers draw their in-page menus
 * the same way (Bitwarden's inline menu is an extension iframe sized and positioned by its content script).
 */

export type Placement =
  /** covers the viewport; the frame draws its own backdrop */
  | { kind: 'modal' }
  /** beside an anchor: below it, or above when there is no room below; sized by what the frame reports */
  | { kind: 'popover'; anchor: DOMRect; width: number; height: number };

export interface FrameOptions {
  placement: Placement;
  /** the iframe's accessible name */
  title: string;
  /** move focus into the frame once it shows (dialogs); a hover card leaves focus where it is */
  focus: boolean;
  /** where focus goes back to when the frame closes itself (Esc, Cancel, backdrop) */
  returnFocus?: Pick<HTMLElement, 'focus'> | null;
  onEvent?(event: FrameEvent): void;
  onClose?(): void;
}

export interface MountedFrame {
  host: HTMLElement;
  /** the iframe element: the page's pointer events on it tell a hover card the pointer is on it */
  frame: HTMLIFrameElement;
  focus(): void;
  close(refocus?: boolean): void;
}

const open = new Map<string, (event: FrameEvent) => void>();

/** The background's `nowbridge/frame` message, checked by hand (no zod in content scripts; the background validated it). */
export function frameMessage(message: unknown): { id: string; event: FrameEvent } | undefined {
  if (typeof message !== 'object' || !message) return undefined;
  const { type, id, event } = message as { type?: unknown; id?: unknown; event?: Record<string, unknown> };
  if (type !== 'nowbridge/frame' || typeof id !== 'string' || typeof event !== 'object' || !event) return undefined;
  const n = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 10_000;
  switch (event.type) {
    case 'ready':
    case 'size':
      return n(event.width) && n(event.height) ? { id, event: { type: event.type, width: event.width as number, height: event.height as number } } : undefined;
    case 'close':
      return { id, event: { type: 'close', refocus: event.refocus === true } };
    case 'panel':
    case 'ran':
      return { id, event: { type: event.type } };
    case 'action':
      return ['create', 'add-message', 'add-thread', 'search'].includes(event.action as string) ? { id, event: { type: 'action', action: event.action as 'create' } } : undefined;
    case 'navigate':
      return typeof event.path === 'string' && /^(\/[\w.~-]+)*\/[\w-]+\/messages\/@[\w.-]+$/.test(event.path) ? { id, event: { type: 'navigate', path: event.path } } : undefined;
    case 'insert':
      return typeof event.text === 'string' && event.text.length > 0 && event.text.length <= 4000 ? { id, event: { type: 'insert', text: event.text } } : undefined;
    default:
      return undefined;
  }
}

let listening = false;
function listen(): void {
  if (listening) return;
  listening = true;
  onMessage((message: unknown) => {
    const m = frameMessage(message);
    if (!m) return undefined;
    open.get(m.id)?.(m.event);
    return Promise.resolve(true);
  });
}

const HOST_CSS = 'all:initial;position:fixed;z-index:2147483647;display:block;';
const FRAME_CSS = 'display:block;border:0;margin:0;padding:0;width:100%;height:100%;background:transparent;color-scheme:normal;opacity:0;';

function place(host: HTMLElement, placement: Placement, height: number): void {
  if (placement.kind === 'modal') {
    host.style.cssText = `${HOST_CSS}inset:0;`;
    return;
  }
  const { anchor, width } = placement;
  const below = anchor.bottom + 6;
  const top = below + height > innerHeight - 8 && anchor.top - 6 - height > 8 ? anchor.top - 6 - height : below;
  const left = Math.max(8, Math.min(anchor.left, innerWidth - width - 8));
  host.style.cssText = `${HOST_CSS}left:${left}px;top:${top}px;width:${width}px;height:${height}px;`;
}

/** Asks the background for a frame session and mounts its frame; resolves once it is in the page (not yet shown). */
export async function openFrame(spec: FrameSpec, options: FrameOptions): Promise<MountedFrame> {
  listen();
  const { id } = await send({ type: 'frame/open', spec });
  const host = document.createElement('nowbridge-frame');
  const root = host.attachShadow({ mode: 'closed' });
  const frame = document.createElement('iframe');
  frame.src = frameUrl(id);
  frame.title = options.title;
  frame.setAttribute('allow', 'clipboard-write');
  frame.style.cssText = FRAME_CSS;
  root.append(frame);
  place(host, options.placement, options.placement.kind === 'popover' ? options.placement.height : 0);

  let closed = false;
  const close = (refocus = false) => {
    if (closed) return;
    closed = true;
    open.delete(id);
    host.remove();
    if (refocus) options.returnFocus?.focus();
    options.onClose?.();
  };
  open.set(id, (event) => {
    if (event.type === 'ready' || event.type === 'size') {
      if (options.placement.kind === 'popover') place(host, options.placement, event.height);
      if (event.type === 'ready') {
        frame.style.opacity = '1';
        if (options.focus) frame.focus();
      }
    } else if (event.type === 'close') close(event.refocus);
    else if (event.type === 'navigate') {
      // Mattermost's router follows the browser's history (utils/browser_history.tsx: history's createBrowserHistory
      // listens for popstate), so the page goes to the DM without a reload, as its own links do
      close();
      history.pushState(null, '', event.path);
      dispatchEvent(new PopStateEvent('popstate'));
    }
    options.onEvent?.(event);
  });
  document.documentElement.append(host);
  return { host, frame, focus: () => frame.focus(), close };
}
