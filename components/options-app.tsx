import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Response, SiteStatusMessage } from '@/lib/messages';
import { send } from '@/lib/send';
import { loadManaged, type ManagedConfig, NO_MANAGED } from '@/lib/managed';
import { DEFAULT_PREFERENCES, loadPreferences, type Preferences } from '@/lib/preferences';
import { savePreferences } from '@/lib/preferences-store';
import { OpenRecordsField } from './open-records-field';
import { WatchIntervalField } from './watch-interval-field';
import { SearchTablesField } from './search-tables-field';
import { addSite, removeSite } from '@/lib/settings-store';
import { SiteSection } from './site-section';

const requestAccess = (pattern: string) => browser.permissions.request({ origins: [pattern] });

/** The options page: where the user says which ServiceNow instances and Mattermost servers to work with. */
export function OptionsApp() {
  const [sites, setSites] = useState<SiteStatusMessage[]>([]);
  const [connections, setConnections] = useState<Response<'connection/list'>>({
    connections: [],
    redirectUrls: { servicenow: '', mattermost: '' },
  });
  const [loadError, setLoadError] = useState('');
  const [managed, setManaged] = useState<ManagedConfig>(NO_MANAGED);
  const [prefs, setPrefs] = useState<Preferences>(DEFAULT_PREFERENCES);
  useEffect(() => {
    void loadManaged().then(setManaged);
    void loadPreferences().then(setPrefs);
  }, []);

  // Refreshes overlap (load, add, storage events): only the newest one may write the state.
  const latest = useRef(0);
  const refresh = useCallback(async () => {
    const run = ++latest.current;
    try {
      const [s, c] = await Promise.all([send({ type: 'sites/sync' }), send({ type: 'connection/list' })]);
      if (run !== latest.current) return;
      setSites(s.sites);
      setConnections(c);
      setLoadError('');
    } catch (err) {
      setLoadError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onChange = () => void refresh();
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && ('connections' in changes || 'settings' in changes)) onChange();
    };
    browser.storage.onChanged.addListener(onStorage);
    browser.permissions.onAdded.addListener(onChange);
    browser.permissions.onRemoved.addListener(onChange);
    return () => {
      browser.permissions.onAdded.removeListener(onChange);
      browser.permissions.onRemoved.removeListener(onChange);
      browser.storage.onChanged.removeListener(onStorage);
    };
  }, [refresh]);

  const section = (product: 'servicenow' | 'mattermost') => ({
    product,
    sites: sites.filter((s) => s.product === product),
    connections: connections.connections.filter((c) => c.product === product),
    redirectUrl: connections.redirectUrls[product],
    managed: { bases: managed.sites[product], signIn: managed.signIn[product], locked: managed.locked },
    onConnectionChange: () => void refresh(),
    requestAccess,
    onAdd: async (base: string) => {
      await addSite(product, base);
      await refresh();
    },
    onRemove: async (base: string) => {
      // Forget the sign-in first, so no token outlives its site.
      const disconnected = await send({ type: 'connection/disconnect', product, base }).catch(() => undefined);
      await removeSite(product, base);
      await refresh();
      return disconnected?.revocationFailed;
    },
  });

  const welcome = sites.length === 0 || connections.connections.length === 0;
  return (
    <main class="options">
      <header>
        <h1>NowBridge settings</h1>
        <p>Choose the ServiceNow instances and Mattermost servers NowBridge works with. It runs on these sites and nowhere else.</p>
      </header>
      {welcome && (
        <section class="welcome" aria-label="Welcome">
          <h2>Welcome to NowBridge</h2>
          <ol>
            <li>Add your ServiceNow instance.</li>
            <li>Add your Mattermost server.</li>
            <li>Pick how to sign in to each — Browser session works if you are already signed in — and press Connect.</li>
          </ol>
        </section>
      )}
      {loadError && (
        <p class="error" role="alert">
          {loadError}
        </p>
      )}
      <SiteSection
        {...section('servicenow')}
        title="ServiceNow"
        fieldLabel="Instance URL"
        addLabel="Add instance"
        placeholder="https://acme.service-now.com"
        hint="Instances on service-now.com work straight away; a custom domain asks your browser for access."
      />
      <SiteSection
        {...section('mattermost')}
        title="Mattermost"
        fieldLabel="Server URL"
        addLabel="Add server"
        placeholder="https://chat.example.com"
        hint="The address you open Mattermost at, including a path such as /mattermost if it has one."
      />
      <section class="site-section" aria-labelledby="previews-heading">
        <h2 id="previews-heading">Record previews in Mattermost</h2>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={prefs.detectNumbers}
            onChange={(e) => void savePreferences({ detectNumbers: e.currentTarget.checked }).then(setPrefs)}
          />
          Show cards for record numbers (like INC0010001), not only for ServiceNow links
        </label>
        <p class="hint">Numbers are looked up on your first ServiceNow instance. Cards are fetched with your own ServiceNow access, so each viewer sees only what they may read.</p>
      </section>
      <SearchTablesField prefs={prefs} onSaved={setPrefs} />
      <OpenRecordsField prefs={prefs} onSaved={setPrefs} />
      <WatchIntervalField prefs={prefs} onSaved={setPrefs} />
    </main>
  );
}
