import { recordOnPage } from '../../servicenow/page-record';
import { send } from '../send';

/**
 * Tells the background which record this page shows, for the search's "Recently viewed". Only the table and
 * sys_id leave the page; the popup reads the record again, as the user, when it lists it.
 */
export function recordVisits(signal: AbortSignal, instance: string): void {
  let last = '';
  const check = () => {
    const r = recordOnPage(document, location, [instance]);
    if (!r?.sys_id) return;
    const key = `${r.table}/${r.sys_id}`;
    if (key === last) return;
    last = key;
    void send({ type: 'search/visited', instance, table: r.table, sys_id: r.sys_id }).catch(() => undefined);
  };
  // Forms render late and workspaces navigate in-page: look again every second (a string compare when idle).
  check();
  const timer = setInterval(check, 1000);
  signal.addEventListener('abort', () => clearInterval(timer));
}
