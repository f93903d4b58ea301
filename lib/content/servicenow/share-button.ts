import { fromUser } from '@/components/user-event';
import { defineFeature, type FeatureContext } from '../feature';
import { whenPresent } from '../when-present';
import { type ButtonSlot, findButtonSlot, HAS_SLOT } from '../../servicenow/button-slot';
import { recordOnPage, type PageRecord, URL_SURFACE } from '../../servicenow/page-record';
import { detectors, parseRecordUrl } from '../../servicenow/record-url';
import { openShareDialog } from '../share-dialog-host';
import { pageButton } from '../page-button';
import { prewarmShare, showWarmShare } from './share-prewarm';

const BUTTON_CSS = `:host{display:inline-block;vertical-align:middle;margin:0 4px}
button{font:600 13px/18px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;padding:6px 12px;border-radius:4px;border:1px solid #1c58d9;background:#1c58d9;color:#fff;cursor:pointer;white-space:nowrap}
button:hover{background:#1849b5}button:focus-visible{outline:2px solid #2f6feb;outline-offset:2px}`;

/** Alt+Shift+M: clashes with neither ServiceNow's nor the browser's own shortcuts. */
const isShortcut = (e: KeyboardEvent) => e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyM';
/** Alt and Shift held, the second just pressed: on the way to the shortcut (a person's M comes some 100 ms later). */
const isShortcutStart = (e: KeyboardEvent) => e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && (e.key === 'Alt' || e.key === 'Shift') && !e.repeat;

/**
 * Whether the URL names a record on a workspace, which builds its form in shadow roots. Only then does the
 * wait for the button bar poll (when-present.ts: no observer sees a shadow root attach): a list, a home page,
 * the Next Experience shell around a classic form (whose frame has its own script) show no record here, and
 * polling them would cost ten checks a second for nothing.
 */
function workspaceRecordInUrl(instance: string): boolean {
  const url = new URL(location.href);
  const detector = detectors.find((d) => d.test(url));
  return !!detector && URL_SURFACE[detector.name] === 'workspace' && !!parseRecordUrl(url, [instance]);
}

/** How long a page that may offer a place for the button gets to render it before the fixed button stands in. */
export const FIXED_AFTER_MS = 3000;
/** How long to look for that place at all; the fixed button moves into it if it appears meanwhile. Then: stop. */
export const WAIT_MS = 30_000;

/**
 * The stand-in when the page has no place we know (a customised portal, a workspace release we cannot read):
 * bottom-left, where ServiceNow keeps no controls (portals put their chat launcher bottom-right); under
 * ServiceNow's own dialogs (Bootstrap's start at z-index 1040), above the page's content.
 */
const FIXED_CSS = `:host{position:fixed;left:16px;bottom:16px;z-index:1000;margin:0}button{box-shadow:0 2px 8px rgba(0,0,0,.3)}`;

/**
 * "Post to Mattermost" on ServiceNow record pages: classic forms (also inside the Next Experience shell's
 * iframe), workspace records, portal tickets and knowledge articles; never on new records. The button is
 * placed as soon as the page's known place for it exists, and again after a re-render; a page with no known
 * place gets the fixed button. In-page navigation restarts the feature (perPage).
 */
export function shareButton(signal: AbortSignal, ctx: Pick<FeatureContext, 'site' | 'observer' | 'observe'>): void {
  const instance = ctx.site;
  let current: { subject: ReturnType<typeof subjectOf>; host: HTMLElement; button: HTMLElement; unmount(): void } | undefined;
  let arming: AbortController | undefined;

  const subjectOf = (record: PageRecord) =>
    ({
      kind: 'record',
      instance,
      ref: record.sys_id ? { table: record.table, sys_id: record.sys_id } : { table: record.table, number: record.number! },
    }) as const;
  const share = (subject: ReturnType<typeof subjectOf>) => {
    if (!showWarmShare(subject)) void openShareDialog(subject);
  };
  const recordNow = () => {
    const record = recordOnPage(document, location, [instance]);
    return record && (record.sys_id || record.number) ? record : null;
  };

  /** Mounts the button for `record` in `slot`, or fixed in the corner without one. */
  const mount = (record: PageRecord, slot: ButtonSlot | null) => {
    current?.unmount();
    const subject = subjectOf(record);
    const mounted = pageButton('nowbridge-share-button', slot ? BUTTON_CSS : BUTTON_CSS + FIXED_CSS, {
      text: 'Post to Mattermost',
      title: 'Share this record to a Mattermost channel or person (Alt+Shift+M)',
      onClick: () => share(subject),
    });
    // The user's pointer on the button, or focus on it, loads the dialog so the click shows it at once. A moving
    // pointer, not pointerenter: Chrome sends boundary events (no move) when the closing dialog uncovers a
    // pointer at rest on the button, and that is no sign of another share.
    const warm = (e: Event) => {
      if (fromUser(e)) prewarmShare(subject, mounted.button);
    };
    mounted.button.addEventListener('pointermove', warm);
    mounted.button.addEventListener('focus', warm);
    if (slot) slot.container.insertBefore(mounted.host, slot.before ?? null);
    else (document.body ?? document.documentElement).append(mounted.host);
    current = { subject, ...mounted };
  };

  const arm = () => {
    arming?.abort();
    arming = new AbortController();
    const armed = AbortSignal.any([signal, arming.signal]);
    // A page naming a record on a surface with no known place gets the fixed button at once; the others get
    // FIXED_AFTER_MS to render their place. Pages showing no record never get one.
    const first = recordNow();
    const standIn = () => {
      const record = recordNow();
      if (!current && record && !armed.aborted) mount(record, null);
    };
    const timer = setTimeout(standIn, first && !HAS_SLOT[first.surface] ? 0 : FIXED_AFTER_MS);
    armed.addEventListener('abort', () => clearTimeout(timer));
    // Workspaces build their button bar inside shadow roots that no observer sees attach: poll, but only while
    // this URL names a workspace record and the button is not placed (whenPresent stops when it resolves).
    const deep = workspaceRecordInUrl(instance);
    // Bounded: after WAIT_MS the wait ends, found or not (a list or home page must not be watched forever).
    whenPresent(
      () => {
        const record = recordNow();
        const slot = record && HAS_SLOT[record.surface] ? findButtonSlot(document, record.surface) : null;
        return slot ? { record: record!, slot } : null;
      },
      { signal: armed, deep, timeoutMs: WAIT_MS, observer: ctx.observer },
    ).then(
      ({ record, slot }) => {
        clearTimeout(timer);
        mount(record, slot);
      },
      () => standIn(),
    );
  };

  // A re-rendered button bar took the button with it: wait for the place again. In-page navigation restarts
  // the whole feature instead.
  ctx.observe(() => {
    if (current && !current.host.isConnected) {
      current = undefined;
      arm();
    }
  });

  const onKey = (e: KeyboardEvent) => {
    if (!current || !fromUser(e)) return;
    if (isShortcut(e)) {
      e.preventDefault();
      share(current.subject);
    } else if (isShortcutStart(e)) prewarmShare(current.subject, current.button);
  };
  document.addEventListener('keydown', onKey, true);

  signal.addEventListener('abort', () => {
    arming?.abort();
    current?.unmount();
    document.removeEventListener('keydown', onKey, true);
  });
  arm();
}

export const feature = defineFeature({
  id: 'share-button',
  perPage: true,
  init: shareButton,
});
