import { useState } from 'preact/hooks';
import type { Preferences } from '@/lib/preferences';
import { savePreferences } from '@/lib/preferences-store';

/**
 * "More tables to search": table names (custom task tables, say) the popup search covers besides the
 * built-in ones. Each costs one more request per search, so the list is short and explicit.
 */
export function SearchTablesField({ prefs, onSaved }: { prefs: Preferences; onSaved(p: Preferences): void }) {
  const [text, setText] = useState<string>();
  const value = text ?? prefs.searchTables.join(', ');
  const names = value.split(/[\s,]+/).filter(Boolean);
  const bad = names.filter((n) => !/^[a-z0-9_]{1,80}$/.test(n));
  const save = () => {
    if (bad.length) return;
    void savePreferences({ searchTables: names }).then((p) => {
      setText(undefined);
      onSaved(p);
    });
  };
  return (
    <section class="site-section" aria-labelledby="search-heading">
      <h2 id="search-heading">Search</h2>
      <label for="search-tables">More tables to search</label>
      <input
        id="search-tables"
        value={value}
        placeholder="u_custom_case, x_acme_request"
        aria-invalid={bad.length > 0}
        aria-describedby="search-tables-hint"
        onInput={(e) => setText(e.currentTarget.value)}
        onBlur={save}
        onKeyDown={(e) => e.key === 'Enter' && save()}
      />
      <p id="search-tables-hint" class={bad.length ? 'error' : 'hint'}>
        {bad.length
          ? `Not a table name: ${bad.join(', ')}. Use the table's name, such as u_custom_case.`
          : 'Incidents, problems, changes, requests, their tasks and knowledge are always searched. Names are comma-separated; each adds one request per search.'}
      </p>
    </section>
  );
}
