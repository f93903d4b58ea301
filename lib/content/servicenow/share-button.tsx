import { fromUser } from '@/components/user-event';
import { whenPresent } from '../when-present';
import { findButtonSlot } from '../../servicenow/button-slot';
import { recordOnPage, type PageRecord } from '../../servicenow/page-record';
import { openShareDialog } from '../share-dialog-host';
import { shadowMount } from '../shadow-mount';

const BUTTON_CSS = `:host{display:inline-block;vertical-align:middle;margin:0 4px}
button{font:600 13px/18px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;padding:6px 12px;border-radius:4px;border:1px solid #1c58d9;background:#1c58d9;color:#fff;cursor:pointer;white-space:nowrap}
button:hover{background:#1849b5}button:focus-visible{outline:2px solid #2f6feb;outline-offset:2px}`;

/** Alt+Shift+M: clashes with neither ServiceNow's nor the browser's own shortcuts. */
const isShortcut = (e: KeyboardEvent) => e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyM';

/**
 * "Post to Mattermost" on ServiceNow record pages: classic forms (also inside the Next Experience shell's
 * iframe), workspace records, portal tickets and knowledge articles; never on new records. The button is
 * placed as soon as the form's button bar exists, and again after in-page navigation or a re-render.
 */
export function shareButton(signal: AbortSignal, instance: string): void {
  let current: { record: PageRecord; host: HTMLElement; unmount(): void } | undefined;
  let arming: AbortController | undefined;
  /** the wait for the form under way; when it gives up (a very slow page), the watcher starts another */
  let waiting: object | undefined;

  const share = (record: PageRecord) =>
    void openShareDialog({
      kind: 'record',
      instance,
      ref: record.sys_id ? { table: record.table, sys_id: record.sys_id } : { table: record.table, number: record.number! },
    });

  const arm = () => {
    arming?.abort();
    arming = new AbortController();
    const armed = AbortSignal.any([signal, arming.signal]);
    // Workspaces build their button bar inside shadow roots that no observer sees attach.
    const deep = location.pathname.startsWith('/now/');
    const wait = {};
    waiting = wait;
    whenPresent(
      () => {
        const record = recordOnPage(document, location, [instance]);
        if (!record || (!record.sys_id && !record.number)) return null;
        const slot = findButtonSlot(document, record.surface, record);
        return slot ? { record, slot } : null;
      },
      { signal: armed, deep, timeoutMs: 30_000 },
    ).then(({ record, slot }) => {
      current?.unmount();
      const mounted = shadowMount(
        'nowbridge-share-button',
        BUTTON_CSS,
        <button type="button" title="Share this record to a Mattermost channel or person (Alt+Shift+M)" onClick={(e) => fromUser(e) && share(record)}>
          Post to Mattermost
        </button>,
      );
      slot.container.insertBefore(mounted.host, slot.before ?? null);
      current = { record, ...mounted };
    }, () => undefined)
      .finally(() => {
        if (waiting === wait) waiting = undefined; // an aborted, superseded wait must not clear the newer one
      });
  };

  // In-page navigation and re-rendered button bars: check twice a second, which costs a string compare.
  let armedAt = location.href;
  const watch = setInterval(() => {
    if (location.href !== armedAt || (current && !current.host.isConnected) || (!current && !waiting)) {
      armedAt = location.href;
      current?.unmount();
      current = undefined;
      arm();
    }
  }, 500);

  const onKey = (e: KeyboardEvent) => {
    if (current && fromUser(e) && isShortcut(e)) {
      e.preventDefault();
      share(current.record);
    }
  };
  document.addEventListener('keydown', onKey, true);

  signal.addEventListener('abort', () => {
    clearInterval(watch);
    arming?.abort();
    current?.unmount();
    document.removeEventListener('keydown', onKey, true);
  });
  arm();
}
