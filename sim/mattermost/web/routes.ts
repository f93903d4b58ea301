/**
 * Web-app URL shapes (Mattermost's `webapp/channels/src/components/channel_layout/center_channel/center_channel.tsx`), parsed apart from any store so the router and the
 * page script's soft navigation agree on them. Every route sits under the site's subpath.
 */
export type WebRoute =
  | { kind: 'root' }
  | { kind: 'channel'; team: string; channel: string; postId?: string }
  | { kind: 'dm'; team: string; username: string; postId?: string }
  | { kind: 'gm'; team: string; name: string; postId?: string }
  | { kind: 'permalink'; team: string; postId: string }
  /** the simulator's own page traffic, kept under /__sim/ so API call counts can filter it */
  | { kind: 'sim'; rest: string };

const RESERVED = new Set(['api', 'oauth', 'login', 'logout', 'signup_user_complete', 'static', 'plugins', 'hooks', 'admin_console', '.well-known']);
const SEG = '([^/]+)';
const POST = '(?:/([a-z0-9]{26}))?';
const TEAM = '([a-z0-9][a-z0-9_-]*)';

/** The route for a request path, or undefined when the path is not a web-app page. */
export function parseWebPath(pathname: string, subpath: string): WebRoute | undefined {
  if (subpath && pathname !== subpath && !pathname.startsWith(`${subpath}/`)) return undefined;
  let p = pathname.slice(subpath.length) || '/';
  if (p === '/') return { kind: 'root' };
  if (p.startsWith('/__sim/')) return { kind: 'sim', rest: p.slice('/__sim/'.length) };
  p = p.replace(/\/$/, '');
  // top-level server paths are never team names (the server reserves them)
  if (RESERVED.has(p.split('/')[1] ?? '')) return undefined;
  let m: RegExpExecArray | null;
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if ((m = new RegExp(`^/${TEAM}/channels/${SEG}${POST}$`).exec(p))) {
    return { kind: 'channel', team: m[1]!, channel: dec(m[2]!), ...(m[3] ? { postId: m[3] } : {}) };
  }
  if ((m = new RegExp(`^/${TEAM}/messages/@${SEG}${POST}$`).exec(p))) {
    return { kind: 'dm', team: m[1]!, username: dec(m[2]!), ...(m[3] ? { postId: m[3] } : {}) };
  }
  if ((m = new RegExp(`^/${TEAM}/messages/([0-9a-f]{40})${POST}$`).exec(p))) {
    return { kind: 'gm', team: m[1]!, name: m[2]!, ...(m[3] ? { postId: m[3] } : {}) };
  }
  if ((m = new RegExp(`^/${TEAM}/pl/([a-z0-9]{26})$`).exec(p))) {
    return { kind: 'permalink', team: m[1]!, postId: m[2]! };
  }
  return undefined;
}
