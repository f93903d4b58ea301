import { OPEN_RECORDS_IN, type OpenRecordsIn, type Preferences } from '@/lib/preferences';
import { savePreferences } from '@/lib/preferences-store';

const LABEL: Record<OpenRecordsIn, string> = { classic: 'Classic UI', workspace: 'Workspace' };

/**
 * "Open records in": where the record panel's "Open in ServiceNow" goes. A radio group, so the choice is one
 * keystroke and says what it is; saved at once, as the other preferences are.
 */
export function OpenRecordsField({ prefs, onSaved }: { prefs: Preferences; onSaved(p: Preferences): void }) {
  return (
    <section class="site-section" aria-labelledby="open-records-heading">
      <h2 id="open-records-heading">Opening records</h2>
      <fieldset class="methods" aria-describedby="open-records-hint">
        <legend>Open records in</legend>
        {OPEN_RECORDS_IN.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="open-records-in"
              value={v}
              checked={prefs.openRecordsIn === v}
              onChange={() => void savePreferences({ openRecordsIn: v }).then(onSaved)}
            />
            {LABEL[v]}
          </label>
        ))}
      </fieldset>
      <p id="open-records-hint" class="hint">
        Workspace opens incidents, problems, changes, requests and their tasks in Service Operations Workspace; knowledge and other
        tables open in the classic form.
      </p>
    </section>
  );
}
