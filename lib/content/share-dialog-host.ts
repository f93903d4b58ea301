import type { FrameSpec, ShareSubjectMessage } from '../messages';
import { type FrameOptions, type MountedFrame, openFrame } from './frame-host';
import { hostTheme } from './host-theme';

let open: MountedFrame | undefined;
let opening = false;

/** A dialog loaded ahead of the click (servicenow/share-prewarm.ts) becomes the open one once shown. */
export function adoptShareDialog(frame: MountedFrame): void {
  open = frame;
}

/** The element that has focus, looking into (our own) shadow roots: where focus goes back after the dialog. */
function focusedElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

/**
 * Opens a dialog over the page (the share dialog, the record panel), in an extension frame, and gives focus back
 * where it was on close. One at a time: while one is open (perhaps with a message typed), a second request just
 * brings it back into focus.
 */
export async function openDialogFrame(spec: FrameSpec, title: string, returnFocus: HTMLElement | null = focusedElement(), onEvent?: FrameOptions['onEvent']): Promise<void> {
  if (open?.host.isConnected) {
    open.focus();
    return;
  }
  if (opening) return;
  opening = true;
  try {
    open = await openFrame(spec, { placement: { kind: 'modal' }, title, focus: true, returnFocus, onEvent, onClose: () => (open = undefined) });
  } finally {
    opening = false;
  }
}

export const openShareDialog = (subject: ShareSubjectMessage, returnFocus?: HTMLElement | null): Promise<void> =>
  openDialogFrame({ kind: 'share', subject, theme: hostTheme() }, 'Share to Mattermost', returnFocus);
