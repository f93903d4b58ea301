/**
 * Turning a nav_to `uri` or a Next Experience `/target/<…>` segment into the same-origin path the inner
 * frame loads. The inner `?`/`&` may be raw, encoded or double-encoded (ServiceNow docs, "Enabling links to ServiceNow records" and "Navigate by portal URL"), and the target must
 * never leave the instance (an open redirect in the frame would be a phishing aid).
 */

const ENCODED_IN_PATH = /%(3F|3D|26|25|2F)/i;

export function decodeTarget(raw: string): string {
  let s = raw;
  for (let i = 0; i < 3 && ENCODED_IN_PATH.test(s.split('?')[0]!); i++) {
    try {
      s = decodeURIComponent(s);
    } catch {
      break;
    }
  }
  return s;
}

/**
 * A local path for the frame. `knownTables` lets the old Mattermost app's `/<table>?sys_id=…` (no `.do`)
 * still land on the form.
 */
export function localTarget(raw: string | null | undefined, knownTables: readonly string[]): string {
  if (!raw) return '/home.do';
  let s = decodeTarget(raw.trim()).replace(/^[/\\]+/, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return '/home.do';
  const q = s.indexOf('?');
  const path = q < 0 ? s : s.slice(0, q);
  if (knownTables.includes(path)) s = `${path}.do${q < 0 ? '' : s.slice(q)}`;
  return `/${s}`;
}

/** nav_to.do with a raw inner `&`: the browser split the target's own parameters off; join them back. */
export function navToTarget(search: URLSearchParams, knownTables: readonly string[]): string {
  const base = localTarget(search.get('uri'), knownTables);
  const rest = [...search.entries()].filter(([k]) => k !== 'uri');
  if (!rest.length) return base;
  const tail = rest.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${base}${base.includes('?') ? '&' : '?'}${tail}`;
}
