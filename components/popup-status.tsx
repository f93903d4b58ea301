import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Response, SiteStatusMessage } from '@/lib/messages';
import { send } from '@/lib/send';

type Connection = Response<'connection/list'>['connections'][number];
const PRODUCT = { servicenow: 'ServiceNow', mattermost: 'Mattermost' } as const;

/** The popup's footer: where NowBridge runs, who it is signed in as, and the way to settings. */
export function PopupStatus() {
  const [sites, setSites] = useState<SiteStatusMessage[] | null>(null);
  const [connections, setConnections] = useState<Connection[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    Promise.all([send({ type: 'sites/sync' }), send({ type: 'connection/list' })]).then(
      ([s, c]) => {
        setSites(s.sites);
        setConnections(c.connections);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, []);
  const openSettings = () => void browser.runtime.openOptionsPage().then(() => window.close());
  return (
    <footer class="popup-status" aria-label="Sites and sign-in">
      {error && <p class="error" role="alert">{error}</p>}
      {sites?.length === 0 && <p>Add your ServiceNow instance and Mattermost server to get started.</p>}
      {sites && sites.length > 0 && (
        <ul class="popup-sites" aria-label="Sites">
          {sites.map((s) => {
            const c = connections.find((x) => x.product === s.product && x.base === s.base);
            return (
              <li key={`${s.product}:${s.base}`}>
                <span class="site-name">
                  {PRODUCT[s.product]} · {new URL(s.base).host}
                </span>
                {!s.granted ? (
                  <span class="status warn">Access not granted</span>
                ) : !c ? (
                  <span class="status">Not connected</span>
                ) : c.state === 'connected' ? (
                  <span class="status ok">Connected as {c.user.name}</span>
                ) : (
                  <span class="status warn">
                    Needs sign-in{' '}
                    <button type="button" onClick={openSettings}>
                      Reconnect
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" onClick={openSettings}>
        Open settings
      </button>
    </footer>
  );
}
