import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { ShareSubjectMessage } from '@/lib/messages';
import type { SearchResult } from '@/lib/search/types';
import { send } from '@/lib/send';
import { MyApprovals } from './my-approvals';
import { RecordFrame } from './frame/record-frame';
import { PopupStatus } from './popup-status';
import { SearchPanel } from './search/search-panel';
import { ShareFlow } from './share-flow';

/**
 * The tab the popup acts on (Alt+Enter inserts there). Normally the active tab of the popup's window; when the
 * popup is opened as a tab itself (tests, the demo) `?tab=<id>` names it.
 */
async function currentTabId(): Promise<number | undefined> {
  const given = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(given) && given > 0) return given;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.url?.startsWith(location.origin) ? undefined : tab?.id;
}

const KEYS = 'Enter open · Shift+Enter or Shift+click panel · Ctrl/⌘+Enter share · Ctrl/⌘+C copy link';

/** The toolbar popup (also Alt+Shift+S): search first, the sites' state and settings in the footer. */
export function PopupApp() {
  const [mattermostTab, setMattermostTab] = useState<number>();
  const [sharing, setSharing] = useState<ShareSubjectMessage>();
  // Search stays mounted while My approvals shows (what was typed is kept); approvals are read when first opened.
  const [view, setView] = useState<'search' | 'approvals'>(new URLSearchParams(location.search).get('view') === 'approvals' ? 'approvals' : 'search');
  const [approvalsOpened, setApprovalsOpened] = useState(view === 'approvals');
  /** the result whose record panel shows; the search stays mounted behind it (Esc or Close returns to the results) */
  const [panel, setPanel] = useState<SearchResult>();
  const search = useRef<HTMLDivElement>(null);
  const back = () => {
    setPanel(undefined);
    setTimeout(() => search.current?.querySelector<HTMLElement>('[role="combobox"]')?.focus());
  };

  useEffect(() => {
    void currentTabId().then(async (tabId) => {
      if (tabId !== undefined && (await send({ type: 'search/target', tabId })).mattermost) setMattermostTab(tabId);
    }, () => undefined);
  }, []);

  const visited = (r: SearchResult) => void send({ type: 'search/visited', instance: r.instance, table: r.table, sys_id: r.sys_id }).catch(() => undefined);
  const settings = () => void browser.runtime.openOptionsPage().then(() => window.close());

  return (
    <main class="popup popup--search">
      <h1 class="visually-hidden">NowBridge</h1>
      {!sharing && (
        <nav class="popup-views" aria-label="Views">
          {(['search', 'approvals'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => {
                setView(v);
                if (v === 'approvals') setApprovalsOpened(true);
              }}
            >
              {v === 'search' ? 'Search' : 'My approvals'}
            </button>
          ))}
        </nav>
      )}
      {sharing ? (
        <ShareFlow subject={sharing} send={send} onClose={() => setSharing(undefined)} />
      ) : (
        <>
          {panel && view === 'search' && (
            <RecordFrame spec={{ instance: panel.instance, ref: { table: panel.table, sys_id: panel.sys_id } }} emit={(e) => e.type === 'close' && back()} preloaded={{}} />
          )}
          <div ref={search} hidden={view !== 'search' || !!panel}>
            <SearchPanel
              send={send}
              hint={mattermostTab !== undefined ? `${KEYS} · Alt+Enter insert into Mattermost` : KEYS}
              actions={{
                choose: async (r) => {
                  visited(r);
                  await browser.tabs.create({ url: r.url });
                },
                share: (r) => {
                  visited(r);
                  setSharing({ kind: 'record', instance: r.instance, ref: { table: r.table, sys_id: r.sys_id } });
                },
                copy: (r) => navigator.clipboard.writeText(r.markdown),
                panel: (r) => {
                  visited(r);
                  setPanel(r);
                },
                ...(mattermostTab !== undefined
                  ? { insert: async (r: SearchResult) => void (await send({ type: 'search/insert', tabId: mattermostTab, text: r.markdown })) }
                  : {}),
                settings,
              }}
            />
          </div>
          {approvalsOpened && (
            <div hidden={view !== 'approvals'}>
              <MyApprovals send={send} />
            </div>
          )}
        </>
      )}
      <PopupStatus />
    </main>
  );
}
