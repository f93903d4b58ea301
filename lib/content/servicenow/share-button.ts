import { fromUser } from '@/components/user-event';
import { defineFeature, type FeatureContext } from '../feature';
import { whenPresent } from '../when-present';
import { findButtonSlot } from '../../servicenow/button-slot';
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

/**
 * "Post to Mattermost" on ServiceNow record pages: classic forms (also inside the Next Experience shell's
 * iframe), workspace records, portal tickets and knowledge articles; never on new records. The button is
 * placed as soon as the form's button bar exists, and again after a re-render; in-page navigation restarts
 * the feature (perPage).
 */
export function shareButton(signal: AbortSignal, ctx: Pick<FeatureContext, 'site' | 'observer' | 'observe'>): void {
  const instance = ctx.site;
  let current: { subject: ReturnType<typeof subjectOf>; host: HTMLElement; button: HTMLElement; unmount(): void } | undefined;
  let arming: AbortController | undefined;
  /** the wait for the form under way; when it gives up (a very slow page), the watcher starts another */
  let waiting: object | undefined;

  const subjectOf = (record: PageRecord) =>
    ({
      kind: 'record',
      instance,
      ref: record.sys_id ? { table: record.table, sys_id: record.sys_id } : { table: record.table, number: record.number! },
    }) as const;
  const share = (subject: ReturnType<typeof subjectOf>) => {
    if (!showWarmShare(subject)) void openShareDialog(subject);
  };

  const arm = () => {
    arming?.abort();
    arming = new AbortController();
    const armed = AbortSignal.any([signal, arming.signal]);
    // Workspaces build their button bar inside shadow roots that no observer sees attach: poll, but only while
    // this URL names a workspace record and the button is not placed (whenPresent stops when it resolves).
    const deep = workspaceRecordInUrl(instance);
    const wait = {};
    waiting = wait;
    whenPresent(
      () => {
        const record = recordOnPage(document, location, [instance]);
        if (!record || (!record.sys_id && !record.number)) return null;
        const slot = findButtonSlot(document, record.surface, record);
        return slot ? { record, slot } : null;
      },
      { signal: armed, deep, timeoutMs: 30_000, observer: ctx.observer },
    ).then(({ record, slot }) => {
      current?.unmount();
      const subject = subjectOf(record);
      const mounted = pageButton('nowbridge-share-button', BUTTON_CSS, {
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
      slot.container.insertBefore(mounted.host, slot.before ?? null);
      current = { subject, ...mounted };
    }, () => undefined)
      .finally(() => {
        if (waiting === wait) waiting = undefined; // an aborted, superseded wait must not clear the newer one
      });
  };

  // A re-rendered button bar took the button with it, or a wait gave up (a very slow page): on the next DOM
  // change, wait again. In-page navigation restarts the whole feature instead.
  ctx.observe(() => {
    if ((current && !current.host.isConnected) || (!current && !waiting)) {
      current?.unmount();
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
