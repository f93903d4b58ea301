import type { ShareSubjectMessage } from '../../messages';
import { type FrameOptions, type MountedFrame, openFrame } from '../frame-host';
import { hostTheme } from '../host-theme';
import { adoptShareDialog, openShareDialog } from '../share-dialog-host';

/**
 * The share dialog, loaded while the user's pointer rests on (or focus is on) "Post to Mattermost", or while they
 * hold Alt+Shift on the way to Alt+Shift+M, so that the click (or the M) shows it at once: an extension frame takes some 100 ms to load, render and read the record, which a
 * person's pointer rest before a click covers. Until the click the frame is transparent, takes no clicks, is out of
 * the Tab order, hidden from assistive technology and takes no focus (a frame's view focuses only a document that has focus: share-dialog.tsx), so
 * the user keeps typing in the form; and only the user's own pointer or focus starts it
 * (share-button.ts passes trusted events only), so a page script can't make NowBridge load anything.
 */

/** A warm dialog unused this long is dropped: the next click then shows fresh data. */
const KEEP_MS = 60_000;

interface Warm {
  subject: ShareSubjectMessage;
  key: string;
  frame: Promise<MountedFrame | undefined>;
  /** the frame's options: focus set true when shown, so a frame still loading takes focus once it is ready */
  options: FrameOptions;
  ready: boolean;
  timer: ReturnType<typeof setTimeout>;
}
let warm: Warm | undefined;

const keyOf = (subject: ShareSubjectMessage) => JSON.stringify(subject);

function drop(): void {
  if (!warm) return;
  clearTimeout(warm.timer);
  const { frame } = warm;
  warm = undefined;
  void frame.then((f) => f?.close());
}

/** Set while focus goes back to the button after the dialog closed: that focus is ours, not the user's. */
let refocusing = false;

/** Starts loading the dialog for `subject`, hidden; a second call for the same subject keeps the first. */
export function prewarmShare(subject: ShareSubjectMessage, button: HTMLElement): void {
  // pointermove calls this often: the same subject object is the cheap check
  if (refocusing || warm?.subject === subject) return;
  const key = keyOf(subject);
  if (warm?.key === key) return;
  drop();
  const options: FrameOptions = {
    placement: { kind: 'modal' },
    title: 'Share to Mattermost',
    focus: false,
    returnFocus: {
      focus() {
        refocusing = true;
        try {
          button.focus();
        } finally {
          refocusing = false;
        }
      },
    },
    onEvent: (event) => {
      if (event.type === 'ready' && entry) entry.ready = true;
    },
    onClose: () => {
      if (warm === entry) drop();
    },
  };
  const frame = openFrame({ kind: 'share', subject, theme: hostTheme() }, options).then(
    (mounted) => {
      mounted.host.style.opacity = '0';
      mounted.host.style.pointerEvents = 'none';
      mounted.frame.tabIndex = -1;
      // an unseen dialog is no dialog to a screen reader either
      mounted.host.setAttribute('aria-hidden', 'true');
      return mounted;
    },
    () => undefined,
  );
  const entry: Warm = { subject, key, frame, options, ready: false, timer: setTimeout(drop, KEEP_MS) };
  warm = entry;
}

/**
 * Shows the warm dialog for `subject`, if there is one, as the open share dialog (opening one the usual way if it
 * failed to load) and returns true; else returns false, and the caller opens one the usual way.
 */
export function showWarmShare(subject: ShareSubjectMessage): boolean {
  const entry = warm;
  if (entry?.key !== keyOf(subject)) return false;
  clearTimeout(entry.timer);
  warm = undefined;
  void entry.frame.then((mounted) => {
    if (!mounted?.host.isConnected) return openShareDialog(subject);
    mounted.frame.removeAttribute('tabindex');
    mounted.host.removeAttribute('aria-hidden');
    mounted.host.style.opacity = '';
    mounted.host.style.pointerEvents = '';
    // Focus moves into the frame once it is ready (frame-host.ts reads `focus` then), or now if it already is;
    // the frame puts it on its first field (components/frame/frame-app.tsx, keepFocus).
    entry.options.focus = true;
    if (entry.ready) mounted.focus();
    adoptShareDialog(mounted);
  });
  return true;
}
