/**
 * Which ServiceNow record a URL points at (ServiceNow docs, "Enabling links to ServiceNow records" and "Navigate by portal URL"). Pure: no DOM or browser APIs.
 *
 * A URL is a record only if its origin is one of the configured instances AND its path has a
 * known record shape; a hostname suffix alone never counts (custom domains exist, and lookalike
 * hosts must not). Detection is a list of small named detectors, each carrying positive example
 * URLs beside it in the Refined GitHub style: the tests check each detector accepts its own
 * examples and rejects every other detector's, so the shapes stay disjoint as the list grows.
 */

import { RECORD_NUMBER } from './record';

export type RecordRef = { origin: string; table: string } & ({ sys_id: string } | { number: string });

/** What a detector finds; the origin is added by parseRecordUrl. */
export type Found = { table: string } & ({ sys_id: string } | { number: string });

export interface Detector {
  name: string;
  /** `depth` counts wrapper levels (nav_to, Next Experience) already unwrapped. */
  test: (u: URL, depth?: number) => Found | null;
  /**
   * Positive examples on https://acme.service-now.com, each with the expected result as
   * `table:sys_id` or `table:NUMBER` (a 32-hex value is a sys_id, anything else a number).
   */
  examples: ReadonlyArray<readonly [url: string, expect: string]>;
  // (Builds drop the examples — `import.meta.env.PROD` — so test URLs never ship in the content scripts.)
}

const SYS_ID = /^[0-9a-f]{32}$/i;
const TABLE = /^[a-z0-9_]+$/;
/** An article number in a KB parameter, optionally with a version: `KB0000005`, `KB0000005 V1.0`. */
const ARTICLE = /^([a-z]+\d+)(?:[\s+]+v\d+(?:\.\d+)*)?$/i;
/** Classic `.do` pages that take ids but are not a table's form. */
const NOT_FORMS = new Set(['nav_to', 'kb_view', 'sys_attachment', 'home', 'login', 'logout', 'navpage', 'welcome']);
/** Service Portal page ids that show a knowledge article (handled by the KB detectors). */
const KB_PAGES = new Set(['kb_article', 'kb_article_view']);
/** nav_to and the Next Experience wrapper may nest; real links nest at most twice. */
const MAX_DEPTH = 4;

/** Real sys_ids are lower-case hex. An upper-case one is the same record to ServiceNow's
 * case-insensitive lookup, so we accept it and lower-case it: one record, one cache key. */
export const isSysId = (s: string): boolean => SYS_ID.test(s);
export const isTableName = (s: string): boolean => TABLE.test(s);

const ref = (table: string, id: string | null | undefined): Found | null => {
  if (!id || !TABLE.test(table)) return null;
  return SYS_ID.test(id) ? { table, sys_id: id.toLowerCase() } : null;
};
const byNumber = (table: string, number: string | null | undefined): Found | null => {
  if (!number || !TABLE.test(table) || !RECORD_NUMBER.test(number)) return null;
  return { table, number: number.toUpperCase() };
};

/** `/incident.do` → `incident`; null for anything else. */
const formTable = (u: URL): string | null => {
  const m = /^\/([a-z0-9_]+)\.do$/.exec(u.pathname);
  if (!m || NOT_FORMS.has(m[1]!) || m[1]!.endsWith('_list')) return null; // `_list.do` = a list page
  return m[1]!;
};

/** `/sp`, `/esc`, `/csm`, `/my_portal` (optionally with a trailing slash): a portal root. */
const portalRoot = (u: URL): boolean => /^\/[a-z0-9_-]+\/?$/i.test(u.pathname) && !u.pathname.includes('.');

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Decodes a wrapped target until a `?` shows (one still holding a raw `?` is already a URL), at most 3 times. */
function decodedTarget(target: string): string {
  let s = target;
  for (let i = 0; i < 3 && !s.includes('?'); i++) {
    const d = safeDecode(s);
    if (d === null || d === s) break;
    s = d;
  }
  return s;
}

/**
 * A wrapped target (`incident.do%3Fsys_id%3D…`, maybe double-encoded) → a URL on the same origin.
 * Decodes until a `?` shows (a target still holding raw `?` is already a URL); refuses other origins.
 */
function unwrap(target: string, base: URL): URL | null {
  const s = decodedTarget(target);
  // `//host/…` and `\\host` are other hosts to a browser; an absolute URL must stay on the instance.
  if (!s || s.startsWith('//') || s.startsWith('\\')) return null;
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(s);
  let inner: URL;
  try {
    inner = absolute ? new URL(s) : new URL(s.startsWith('/') ? s : `/${s}`, base.origin);
  } catch {
    return null;
  }
  return inner.origin.toLowerCase() === base.origin.toLowerCase() ? inner : null;
}

/** Runs every detector on a URL already known to be on a configured instance. */
function detect(u: URL, depth = 0): Found | null {
  if (depth > MAX_DEPTH) return null;
  for (const d of detectors) {
    const found = d.test(u, depth);
    if (found) return found;
  }
  return null;
}

/** Workspace path segments after the workspace root: `record/<t>/<id>[/sub/record/<t2>/<id2>…][/params/…]`. */
function workspaceRecord(segments: string[], sub: boolean): Found | null {
  if (segments[0] !== 'record') return null;
  // Only what precedes `/params/` is the record path; params carry tab indexes and the like.
  const end = segments.indexOf('params');
  const path = end === -1 ? segments : segments.slice(0, end);
  const subs = path.reduce<number[]>((acc, s, i) => (s === 'sub' && path[i + 1] === 'record' ? [...acc, i] : acc), []);
  if (sub !== subs.length > 0) return null;
  // The last `sub/record/<t>/<id>` is the record on screen.
  const at = sub ? subs[subs.length - 1]! + 1 : 0;
  if (path.length !== at + 3) return null;
  return ref(safeDecode(path[at + 1]!) ?? '', safeDecode(path[at + 2]!));
}

const segmentsAfter = (u: URL, prefix: RegExp): string[] | null => {
  const m = prefix.exec(u.pathname);
  return m ? u.pathname.slice(m[0].length).split('/').filter(Boolean) : null;
};

/**
 * The segments from the first `record` on, for `/now/<ws…>/record/…` or `/x/<scope>/<ws…>/record/…`;
 * null for other paths and for the Next Experience shell `/now/nav/ui/…` (a wrapper, not a workspace).
 */
function workspaceSegments(u: URL): string[] | null {
  const s = segmentsAfter(u, /^\/(?:now|x\/[a-z0-9_-]+)\//i);
  if (!s || /^\/now\/nav\/ui\//i.test(u.pathname)) return null;
  const at = s.indexOf('record');
  // at least one workspace name segment, each a plain name
  if (at < 1 || !s.slice(0, at).every((x) => /^[a-z0-9_-]+$/i.test(x))) return null;
  return s.slice(at);
}

const A = 'https://acme.service-now.com';
const INC = '9d385017c611228701d22104cc95c371';
const CHG = '46e9b4afa9fe198101026e122b85f442';
const RITM = 'aeed229047801200e0ef563dbb9a71c2';
const KB = '3b0fccee0a0a0b9b00d1e1a5e2e6d58c';
const CTASK = 'b2c3d4e5f60718293a4b5c6d7e8f90a1';

export const detectors: readonly Detector[] = [
  {
    name: 'classicForm',
    test: (u) => {
      const table = formTable(u);
      return table ? ref(table, u.searchParams.get('sys_id')) : null;
    },
    examples: import.meta.env.PROD ? [] : [
      [`${A}/incident.do?sys_id=${INC}`, `incident:${INC}`],
      [`${A}/incident.do?sys_id=${INC}&sysparm_view=ess&sysparm_stack=incident_list.do`, `incident:${INC}`],
      [`${A}/incident.do?sysparm_view=&sysparm_record_target=incident&sys_id=${INC}`, `incident:${INC}`],
      [`${A}/change_request.do?sys_id=${CHG}#activity`, `change_request:${CHG}`],
      [`${A}/sc_req_item.do?sys_id=${RITM.toUpperCase()}`, `sc_req_item:${RITM}`],
      [`${A}/x_acme_app_ticket.do?sys_id=${INC}`, `x_acme_app_ticket:${INC}`],
      // A knowledge record's classic form is just a form of kb_knowledge.
      [`${A}/kb_knowledge.do?sys_id=${KB}`, `kb_knowledge:${KB}`],
    ],
  },
  {
    name: 'classicByNumber',
    test: (u) => {
      const table = formTable(u);
      if (!table || u.searchParams.has('sys_id')) return null;
      // searchParams decodes `number%3DINC…` too. Only a single `number=` condition names one record.
      const m = /^number=([^\s^]+)$/.exec(u.searchParams.get('sysparm_query') ?? '');
      return m ? byNumber(table, m[1]) : null;
    },
    examples: import.meta.env.PROD ? [] : [
      [`${A}/incident.do?sysparm_query=number=INC0010001`, 'incident:INC0010001'],
      [`${A}/incident.do?sysparm_query=number%3DINC0010001`, 'incident:INC0010001'],
      [`${A}/change_request.do?sysparm_view=&sysparm_query=number%3dCHG0030001`, 'change_request:CHG0030001'],
      [`${A}/incident.do?sysparm_query=number=inc0010002`, 'incident:INC0010002'],
      // any sys_number prefix: an administrator's TK-
      [`${A}/x_acme_ticket.do?sysparm_query=number=TK-0010001`, 'x_acme_ticket:TK-0010001'],
    ],
  },
  {
    name: 'navTo',
    test: (u, depth = 0) => {
      if (u.pathname !== '/nav_to.do') return null;
      // Take everything after `uri=`: with a raw inner `?`, its own `&params` are split off as
      // top-level parameters, and belong to the target.
      const m = /(?:^\?|&)uri=(.*)$/s.exec(u.search);
      if (!m) return null;
      const inner = unwrap(m[1]!, u);
      if (!inner) return null;
      const found = detect(inner, depth + 1);
      if (found) return found;
      // An old Mattermost app emitted `uri=/incident?sys_id=…` (no `.do`): read it as the form.
      // Portal URLs carry `id=`, so they are never taken for a table.
      const legacy = /^\/([a-z0-9_]+)$/.exec(inner.pathname);
      if (legacy && !inner.searchParams.has('id')) {
        return detect(new URL(`/${legacy[1]}.do${inner.search}`, inner.origin), depth + 1);
      }
      return null;
    },
    examples: import.meta.env.PROD ? [] : [
      [`${A}/nav_to.do?uri=incident.do?sys_id=${INC}`, `incident:${INC}`],
      [`${A}/nav_to.do?uri=incident.do%3Fsys_id=${INC}%26sysparm_stack=incident_list.do%3Fsysparm_query=active=true`, `incident:${INC}`],
      [`${A}/nav_to.do?uri=incident.do%3Fsys_id%3D${INC}%26sysparm_view%3Dess`, `incident:${INC}`],
      [`${A}/nav_to.do?uri=incident.do?sys_id=${INC}&sysparm_stack=incident_list.do`, `incident:${INC}`],
      [`${A}/nav_to.do?uri=%2Fchange_request.do%253Fsys_id%253D${CHG}`, `change_request:${CHG}`],
      [`${A}/nav_to.do?uri=/incident?sys_id=${INC}`, `incident:${INC}`],
      [`${A}/nav_to.do?uri=%2Fincident%3Fsys_id%3D${INC}`, `incident:${INC}`],
      [`${A}/nav_to.do?uri=incident.do%3Fsysparm_query%3Dnumber%3DINC0010001`, 'incident:INC0010001'],
      [`${A}/nav_to.do?uri=kb_view.do%3Fsysparm_article%3DKB0010001`, 'kb_knowledge:KB0010001'],
      [`${A}/nav_to.do?sysparm_userpref_module=abc&uri=sc_req_item.do%3Fsys_id%3D${RITM}`, `sc_req_item:${RITM}`],
      [`${A}/nav_to.do?uri=%2Fsp%3Fid%3Dticket%26table%3Dincident%26sys_id%3D${INC}`, `incident:${INC}`],
    ],
  },
  {
    name: 'nextExperienceClassic',
    test: (u, depth = 0) => {
      const m = /^\/now\/nav\/ui\/classic\/params\/target\/(.+)$/.exec(u.pathname);
      if (!m) return null;
      let target = decodedTarget(m[1]!);
      // A target left partly raw puts its query on the outer URL.
      if (u.search) target += (target.includes('?') ? '&' : '?') + u.search.slice(1);
      const inner = unwrap(target, u);
      return inner ? detect(inner, depth + 1) : null;
    },
    examples: import.meta.env.PROD ? [] : [
      [`${A}/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${INC}`, `incident:${INC}`],
      [`${A}/now/nav/ui/classic/params/target/incident.do%253Fsys_id%253D${INC}%2526sysparm_view%253Dess`, `incident:${INC}`],
      [`${A}/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${INC}%26sysparm_stack%3Dincident_list.do%253Fsysparm_query%253Dactive%253Dtrue`, `incident:${INC}`],
      [`${A}/now/nav/ui/classic/params/target/kb%3Fid%3Dkb_article_view%26sysparm_article%3DKB0010001`, 'kb_knowledge:KB0010001'],
      [`${A}/now/nav/ui/classic/params/target/change_request.do?sys_id=${CHG}`, `change_request:${CHG}`],
      [`${A}/now/nav/ui/classic/params/target/nav_to.do%3Furi%3Dincident.do%253Fsys_id%253D${INC}`, `incident:${INC}`],
      [`${A}/now/nav/ui/classic/params/target/incident.do%3Fsysparm_query%3Dnumber%253DINC0010001`, 'incident:INC0010001'],
    ],
  },
  {
    // Every workspace: `/now/<ws…>/record/…` (sow, workspace/agent, cwf/<ws>, hr, …) and custom /
    // App Engine workspaces `/x/<scope>/<ws>/record/…` (platform-contracts B.11; SN Utils treats
    // `/now/` and `/x/` alike). One detector, so a new workspace name needs no code.
    name: 'workspace',
    test: (u) => {
      const s = workspaceSegments(u);
      return s ? workspaceRecord(s, false) : null;
    },
    examples: import.meta.env.PROD ? [] : [
      [`${A}/now/sow/record/incident/${INC}`, `incident:${INC}`],
      [`${A}/now/sow/record/incident/${INC}/params/selected-tab-index/1`, `incident:${INC}`],
      [`${A}/now/sow/record/change_request/${CHG}/`, `change_request:${CHG}`],
      [`${A}/now/workspace/agent/record/incident/${INC}`, `incident:${INC}`],
      [`${A}/now/workspace/agent/record/sc_req_item/${RITM}/params/extra-params/x`, `sc_req_item:${RITM}`],
      [`${A}/now/cwf/agent/record/incident/${INC}`, `incident:${INC}`],
      [`${A}/now/cwf/hrworkspace/record/change_request/${CHG}?x=1`, `change_request:${CHG}`],
      [`${A}/now/hr/record/sn_hr_core_case/${INC}`, `sn_hr_core_case:${INC}`],
      [`${A}/now/hr/agent/nested/record/incident/${INC}`, `incident:${INC}`],
      // a real custom-workspace link shape (lseg.service-now.com/x/lsegp/cto/record/…)
      [`${A}/x/lsegp/cto/record/x_lsegp_eag_governance_item/${INC}`, `x_lsegp_eag_governance_item:${INC}`],
    ],
  },
  {
    name: 'workspaceSubRecord',
    test: (u) => {
      const s = workspaceSegments(u);
      return s ? workspaceRecord(s, true) : null;
    },
    examples: import.meta.env.PROD ? [] : [
      [`${A}/now/sow/record/change_request/${CHG}/sub/record/change_task/${CTASK}`, `change_task:${CTASK}`],
      [`${A}/now/workspace/agent/record/incident/${INC}/sub/record/change_request/${CHG}/params/tab/2`, `change_request:${CHG}`],
      [`${A}/now/cwf/agent/record/incident/${INC}/sub/record/change_request/${CHG}/sub/record/change_task/${CTASK}`, `change_task:${CTASK}`],
      [`${A}/x/acme/ops/record/incident/${INC}/sub/record/change_task/${CTASK}`, `change_task:${CTASK}`],
    ],
  },
  {
    name: 'servicePortal',
    test: (u) => {
      if (!portalRoot(u)) return null;
      const p = u.searchParams;
      // Any page id with table + sys_id shows that record (ticket, form, standard_ticket,
      // csm_ticket, custom pages); without both, a portal page is not one record.
      const id = p.get('id');
      if (!id || KB_PAGES.has(id)) return null;
      return ref(p.get('table') ?? '', p.get('sys_id'));
    },
    examples: import.meta.env.PROD ? [] : [
      [`${A}/sp?id=ticket&table=incident&sys_id=${INC}`, `incident:${INC}`],
      [`${A}/sp?sys_id=${INC}&table=incident&id=ticket`, `incident:${INC}`],
      [`${A}/sp?id=form&table=incident&sys_id=${INC}&view=portal`, `incident:${INC}`],
      [`${A}/sp?id=standard_ticket&table=sc_req_item&sys_id=${RITM}`, `sc_req_item:${RITM}`],
      [`${A}/esc?id=ticket&is_new_order=true&table=sc_req_item&sys_id=${RITM}`, `sc_req_item:${RITM}`],
      [`${A}/csm?id=csm_ticket&table=sn_customerservice_case&sys_id=${INC}`, `sn_customerservice_case:${INC}`],
      [`${A}/acme_portal/?id=ticket&table=incident&sys_id=${INC}#comments`, `incident:${INC}`],
    ],
  },
  {
    name: 'kbView',
    test: (u) => {
      if (u.pathname !== '/kb_view.do') return null;
      const p = u.searchParams;
      const n = ARTICLE.exec(p.get('sysparm_article') ?? '');
      return n ? byNumber('kb_knowledge', n[1]) : ref('kb_knowledge', p.get('sys_kb_id'));
    },
    examples: import.meta.env.PROD ? [] : [
      [`${A}/kb_view.do?sysparm_article=KB0010001`, 'kb_knowledge:KB0010001'],
      [`${A}/kb_view.do?sys_kb_id=${KB}`, `kb_knowledge:${KB}`],
    ],
  },
  {
    name: 'kbPortal',
    test: (u) => {
      // /sp, /kb, /esc, … and the SEO form /kb/en/<slug>.
      if (!portalRoot(u) && !/^\/kb\/[a-z]{2}(?:[-_][a-z]{2})?\/[^/]+\/?$/i.test(u.pathname)) return null;
      const p = u.searchParams;
      if (!KB_PAGES.has(p.get('id') ?? '')) return null;
      const article = ARTICLE.exec(p.get('sysparm_article') ?? '');
      if (article) return byNumber('kb_knowledge', article[1]);
      // `sys_id` takes a sys_id or, per the docs, an article number with an optional version.
      // `sys_kb_id` is the commonest real shape (support.servicenow.com/kb?id=kb_article_view&sys_kb_id=…).
      const kbId = p.get('sys_kb_id');
      if (kbId && SYS_ID.test(kbId)) return ref('kb_knowledge', kbId);
      const id = p.get('sys_id') ?? '';
      const asNumber = ARTICLE.exec(id);
      return asNumber && !SYS_ID.test(id) ? byNumber('kb_knowledge', asNumber[1]) : ref('kb_knowledge', id);
    },
    examples: import.meta.env.PROD ? [] : [
      [`${A}/sp?id=kb_article&sysparm_article=KB0010001`, 'kb_knowledge:KB0010001'],
      [`${A}/sp?id=kb_article&sys_id=${KB}`, `kb_knowledge:${KB}`],
      [`${A}/sp?id=kb_article&sys_id=KB0000005`, 'kb_knowledge:KB0000005'],
      [`${A}/sp?id=kb_article&sys_id=KB0000005%20V1.0`, 'kb_knowledge:KB0000005'],
      [`${A}/kb?id=kb_article_view&sysparm_article=KB0010001`, 'kb_knowledge:KB0010001'],
      [`${A}/kb/en/how-to-reset-vpn?id=kb_article_view&sysparm_article=KB0010001`, 'kb_knowledge:KB0010001'],
      [`${A}/esc?sysparm_article=KB0010001&id=kb_article_view&sys_kb_id=x`, 'kb_knowledge:KB0010001'],
      [`${A}/kb?id=kb_article_view&sys_kb_id=${KB}`, `kb_knowledge:${KB}`],
      [`${A}/sp?id=kb_article_view&sys_kb_id=${KB}`, `kb_knowledge:${KB}`],
      [`${A}/csm?id=kb_article_view&sys_kb_id=${KB}&sysparm_article=KB0010001`, 'kb_knowledge:KB0010001'],
    ],
  },
];

/** `HTTPS://ACME.service-now.com:443/` → `https://acme.service-now.com`; null if not an http(s) URL. */
export function normalizeOrigin(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * The record a URL shows, or null. `instanceOrigins` are the configured ServiceNow instances; the
 * URL's origin must be one of them (compared normalised: lower-case, default port dropped).
 */
export function parseRecordUrl(url: string | URL, instanceOrigins: readonly string[]): RecordRef | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const origin = u.origin.toLowerCase();
  if (!instanceOrigins.some((o) => normalizeOrigin(o) === origin)) return null;
  const found = detect(u);
  return found ? { origin, ...found } : null;
}

/**
 * The link to share: `nav_to.do` opens the record inside whatever UI the reader's instance uses
 * (classic or Next Experience), and survives login redirects.
 */
export function canonicalRecordUrl(r: RecordRef): string {
  const query = 'sys_id' in r ? `sys_id%3D${r.sys_id}` : `sysparm_query%3Dnumber%3D${encodeURIComponent(r.number)}`;
  return `${r.origin}/nav_to.do?uri=${r.table}.do%3F${query}`;
}
