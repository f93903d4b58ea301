import { recordOnPage } from '../../servicenow/page-record';
import { defineFeature, type FeatureContext } from '../feature';
import { send } from '../../send';

/** At most one look per this many ms: on a workspace a look queries every shadow root. */
const THROTTLE_MS = 500;

/**
 * Tells the background which record this page shows, for the search's "Recently viewed". Only the table and
 * sys_id leave the page; the popup reads the record again, as the user, when it lists it.
 */
export function recordVisits(signal: AbortSignal, ctx: Pick<FeatureContext, 'site' | 'observe'>): void {
  const instance = ctx.site;
  let last = '';
  let lookedAt = -Infinity;
  let later: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    lookedAt = performance.now();
    const r = recordOnPage(document, location, [instance]);
    if (!r?.sys_id) return;
    const key = `${r.table}/${r.sys_id}`;
    if (key === last) return;
    last = key;
    void send({ type: 'search/visited', instance, table: r.table, sys_id: r.sys_id }).catch(() => undefined);
  };
  // Forms render late: look again when the DOM changes (in-page navigation restarts the feature), at most
  // every THROTTLE_MS, with one last look after a burst. A page that stays still costs nothing.
  const onChange = () => {
    if (last || later) return; // this page's record is reported; or a look is due anyway
    const wait = lookedAt + THROTTLE_MS - performance.now();
    if (wait <= 0) return check();
    later = setTimeout(() => {
      later = undefined;
      if (!signal.aborted) check();
    }, wait);
  };
  check();
  ctx.observe(onChange);
  signal.addEventListener('abort', () => clearTimeout(later));
}

export const feature = defineFeature({
  id: 'record-visits',
  perPage: true,
  init: recordVisits,
});
