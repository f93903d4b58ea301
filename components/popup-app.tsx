import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { ShareSubjectMessage } from '@/lib/messages';
import type { SearchResult } from '@/lib/search/types';
import { send } from '@/lib/send';
import { ActivityView } from './activity-view';
import { MyApprovals } from './my-approvals';
import { RecordFrame } from './frame/record-frame';
import { PopupStatus } from './popup-status';
import { SearchPanel } from './search/search-panel';
import { ShareFlow } from './share-flow';

/**
 * The tab the popup acts on (Alt+Enter inserts there). Normally the active tab of the popup's window; when the
 * popup is opened as a tab itself (tests, the demo) `?tab=<id>` names it.
 */
async function currentTab(): Promise<{ id: number; url?: string } | undefined> {
  const given = Number(new URLSearchParams(location.search).get('tab'));
  const tab = Number.isInteger(given) && given > 0 ? await browser.tabs.get(given) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  return !tab?.id || tab.url?.startsWith(location.origin) ? undefined : { id: tab.id, ...(tab.url ? { url: tab.url } : {}) };
}

type View = 'search' | 'approvals' | 'activity';
const VIEWS: Record<View, string> = { search: 'Search', activity: 'Activity', approvals: 'My approvals' };
const initialView = (): View => {
  const v = new URLSearchParams(location.search).get('view');
  return v === 'approvals' || v === 'activity' ? v : 'search';
};

const KEYS = 'Enter open · Shift+Enter or Shift+click panel · Ctrl/⌘+Enter share · Ctrl/⌘+Shift+Enter watch · Ctrl/⌘+C copy link';

/** The toolbar popup (also Alt+Shift+S): search first, the sites' state and settings in the footer. */
export function PopupApp() {
  const [mattermostTab, setMattermostTab] = useState<number>();
  const [sharing, setSharing] = useState<ShareSubjectMessage>();
  // Search stays mounted while another view shows (what was typed is kept); the others are read when first opened.
  const [view, setView] = useState<View>(initialView);
  const [opened, setOpened] = useState<ReadonlySet<View>>(new Set([view]));
  const [tabUrl, setTabUrl] = useState<string>();
  /** the result whose record panel shows; the search stays mounted behind it (Esc or Close returns to the results) */
  const [panel, setPanel] = useState<Pick<SearchResult, 'instance' | 'table' | 'sys_id'>>();
  const search = useRef<HTMLDivElement>(null);
  const activity = useRef<HTMLDivElement>(null);
  const back = () => {
    setPanel(undefined);
    // focus returns to the view the panel was opened from
    setTimeout(() => (view === 'search' ? search.current?.querySelector<HTMLElement>('[role="combobox"]') : activity.current?.querySelector<HTMLElement>('h2'))?.focus());
  };

  useEffect(() => {
    void currentTab().then(async (tab) => {
      if (!tab) return;
      setTabUrl(tab.url);
      if ((await send({ type: 'search/target', tabId: tab.id })).mattermost) setMattermostTab(tab.id);
    }, () => undefined);
  }, []);

  const visited = (r: SearchResult) => void send({ type: 'search/visited', instance: r.instance, table: r.table, sys_id: r.sys_id }).catch(() => undefined);
  const settings = () => void browser.runtime.openOptionsPage().then(() => window.close());

  return (
    <main class="popup popup--search">
      <h1 class="visually-hidden">NowBridge</h1>
      {!sharing && (
        <nav class="popup-views" aria-label="Views">
          {(Object.keys(VIEWS) as View[]).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => {
                setPanel(undefined);
                setView(v);
                setOpened(new Set([...opened, v]));
              }}
            >
              {VIEWS[v]}
            </button>
          ))}
        </nav>
      )}
      {sharing ? (
        <ShareFlow subject={sharing} send={send} onClose={() => setSharing(undefined)} />
      ) : (
        <>
          {panel && (
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
                watch: async (r) => void (await send({ type: 'watch/add-record', instance: r.instance, table: r.table, sys_id: r.sys_id })),
                ...(mattermostTab !== undefined
                  ? { insert: async (r: SearchResult) => void (await send({ type: 'search/insert', tabId: mattermostTab, text: r.markdown })) }
                  : {}),
                settings,
              }}
            />
          </div>
          {opened.has('approvals') && (
            <div hidden={view !== 'approvals'}>
              <MyApprovals send={send} />
            </div>
          )}
          {opened.has('activity') && (
            <div ref={activity} hidden={view !== 'activity' || !!panel}>
              <ActivityView
                send={send}
                openPanel={(r) => setPanel({ instance: r.instance, table: r.table, sys_id: r.sys_id })}
                openSettings={settings}
                {...(tabUrl ? { tabUrl } : {})}
              />
            </div>
          )}
        </>
      )}
      <PopupStatus />
    </main>
  );
}
