import { type Preferences, WATCH_MINUTES, type WatchMinutes } from '@/lib/preferences';
import { savePreferences } from '@/lib/preferences-store';

const label = (m: WatchMinutes) => (m < 1 ? '30 seconds' : m === 1 ? '1 minute' : `${m} minutes`);

/**
 * "Check watched records every": the watch alarm's period (lib/background/watch-alarms.ts). Each check is one
 * ServiceNow request per instance, however much is watched; saved at once, as the other preferences are.
 */
export function WatchIntervalField({ prefs, onSaved }: { prefs: Preferences; onSaved(p: Preferences): void }) {
  return (
    <section class="site-section" aria-labelledby="watch-heading">
      <h2 id="watch-heading">Watching</h2>
      <label for="watch-minutes">Check watched records and queues every</label>{' '}
      <select id="watch-minutes" aria-describedby="watch-hint" value={String(prefs.watchMinutes)} onChange={(e) => void savePreferences({ watchMinutes: Number(e.currentTarget.value) as WatchMinutes }).then(onSaved)}>
        {WATCH_MINUTES.map((m) => (
          <option key={m} value={String(m)}>
            {label(m)}
          </option>
        ))}
      </select>
      <p id="watch-hint" class="hint">
        One request per ServiceNow instance per check, however many records you watch; every 5 minutes while the computer is idle. Nothing is checked
        while the browser is closed.
      </p>
    </section>
  );
}
