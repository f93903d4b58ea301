import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_PREFERENCES, loadPreferences, type OpenRecordsIn } from '@/lib/preferences';

/**
 * The user's "Open records in" preference, read once from extension storage (the record panel is an extension
 * frame, so it may). `given` (tests, or a caller that already knows) skips the read. Until the read answers,
 * the default (classic) holds: a link is never missing, only, for a moment, the default one.
 */
export function useOpenRecordsIn(given?: OpenRecordsIn): OpenRecordsIn {
  const [stored, setStored] = useState<OpenRecordsIn>(DEFAULT_PREFERENCES.openRecordsIn);
  useEffect(() => {
    if (given) return;
    let live = true;
    loadPreferences().then(
      (p) => live && setStored(p.openRecordsIn),
      () => undefined,
    );
    return () => void (live = false);
  }, [given]);
  return given ?? stored;
}
