/**
 * The Table API (ServiceNow docs, "Table API"): `/api/now[/v1|/v2]/table/{table}[/{sys_id}]` and `/api/now[/v1|/v2]/stats/{table}`
 * for an already-authenticated user (the front side does auth, faults and the request log).
 *
 * Order of evaluation for a list, as on a real instance: encoded query (+ name=value pairs) → sort →
 * X-Total-Count → offset/limit → row ACLs (so a page can be short) → field ACLs and display shapes.
 *
 * Choices where the reference is silent (all documented in respond.ts's SN_ERRORS too):
 * - X-HTTP-Method-Override is honoured on POST requests (the way clients tunnel PATCH/PUT/DELETE).
 * - A wrong method for a path (PATCH on a collection, POST on a record) answers 405 "Method not Supported".
 * - `sysparm_limit` that is missing, not a number or not positive means the default 10000.
 * - With sysparm_no_count=true there is no X-Total-Count, and the Link header has no `last` (it cannot be
 *   computed); `next` is offered while a page came back full before ACLs.
 * - A write that targets a record the user may not write gives 403 even when the user cannot read it; a
 *   record that does not exist gives 404.
 * - Data policies and aborting business rules (policies.ts) answer 403 "Operation Failed" with their detail and
 *   save nothing; field write ACLs drop a value silently and the write succeeds.
 */
import type { SimRequest } from '../server';
import type { SnRow, SnUser, TableApiHandler } from './types';
import { canCreate, canDelete, canUpdate } from './acl';
import { andConditions, parseEncodedQuery, runQuery, type Condition, type QueryFields, type QueryUser } from './query';
import { SN_ERRORS, sendSnError, sendSnJson } from './respond';
import { parseDisplayMode, shapeRow, validFields, type ShapeOptions } from './shape';
import type { SimStore } from './store';
import { WriteRefused } from './policies';

export { sendSnError, sendSnJson, snErrorBody, SN_ERRORS, SN_JSON } from './respond';

const ROUTE = /^\/api\/now\/(?:(v1|v2)\/)?(table|stats)\/([^/]+)(?:\/([^/]+))?\/?$/;
const DEFAULT_LIMIT = 10000;

type ErrorKey = keyof typeof SN_ERRORS;

function fail(r: SimRequest, status: number, key: ErrorKey, headers: Record<string, string> = {}): void {
  const [message, detail] = SN_ERRORS[key];
  sendSnError(r.res, status, message, detail, headers);
}

function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept
    .split(',')
    .map((p) => p.split(';')[0]!.trim().toLowerCase())
    .some((t) => t === 'application/json' || t === 'application/*' || t === '*/*');
}

function isJsonContentType(ct: string | undefined): boolean {
  return (ct ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** The query engine's view of one table in the store. */
export function queryFields(store: SimStore, table: string): QueryFields<SnRow> {
  return {
    has: (p) => store.resolve(table, undefined, p) !== undefined,
    value: (row, p) => store.resolve(table, row, p)?.value ?? '',
    display: (row, p) => store.display(table, row, p),
    // references sort by the referenced record's display value, as the platform's ORDERBY does
    sortKey: (row, p) => {
      const res = store.resolve(table, row, p);
      return res?.def.type === 'reference' ? store.display(table, row, p) : (res?.value ?? '');
    },
    text: (row) => store.text(table, row),
  };
}

/** the calling user as javascript: query values see it */
function queryUser(store: SimStore, user: SnUser): QueryUser {
  const time_zone = store.get('sys_user', user.sys_id)?.time_zone ?? '';
  return { sys_id: user.sys_id, user_name: user.user_name, groups: store.groupsOf(user.sys_id), time_zone };
}

/** name=value query parameters (anything not sysparm_*) become ANDed `=` conditions that may use display values. */
function pairConditions(url: URL): Condition[] {
  const out: Condition[] = [];
  for (const [k, v] of url.searchParams) {
    if (k.startsWith('sysparm_')) continue;
    out.push({ kind: 'field', field: k, op: '=', value: v, orDisplay: true });
  }
  return out;
}

function intParam(v: string | null, fallback: number, min: number): number {
  if (v === null || !/^-?\d+$/.test(v.trim())) return fallback;
  const n = Number(v);
  return n < min ? fallback : n;
}

function linkHeader(r: SimRequest, offset: number, limit: number, total: number | undefined, fullPage: boolean): string {
  const base = `${r.publicOrigin}${r.url.pathname}`;
  const make = (off: number, rel: string) => {
    const parts: string[] = [];
    for (const [k, v] of r.url.searchParams) {
      if (k !== 'sysparm_offset' && k !== 'sysparm_limit') parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    }
    parts.push(`sysparm_offset=${off}`, `sysparm_limit=${limit}`);
    return `<${base}?${parts.join('&')}>;rel="${rel}"`;
  };
  const links = [make(0, 'first')];
  if (offset > 0) links.push(make(Math.max(0, offset - limit), 'prev'));
  const hasNext = total === undefined ? fullPage : offset + limit < total;
  if (hasNext) links.push(make(offset + limit, 'next'));
  if (total !== undefined) links.push(make(total > 0 ? Math.floor((total - 1) / limit) * limit : 0, 'last'));
  return links.join(',');
}

function shapeOptions(r: SimRequest, store: SimStore, table: string): ShapeOptions {
  const q = r.url.searchParams;
  const fields = validFields(store, table, q.get('sysparm_fields'));
  return {
    mode: parseDisplayMode(q.get('sysparm_display_value')),
    excludeLink: (q.get('sysparm_exclude_reference_link') ?? '').toLowerCase() === 'true',
    origin: r.publicOrigin,
    ...(fields ? { fields } : {}),
  };
}

/** Parses a write body: one JSON object; for an array only its first element counts (ServiceNow docs, "Table API"). */
function parseBody(body: string): Record<string, unknown> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (Array.isArray(v)) v = v[0];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Runs a write; a data policy or business rule refusing it is the platform's 403 "Operation Failed" with its detail. */
function refusing<T>(r: SimRequest, write: () => T): T | undefined {
  try {
    return write();
  } catch (err) {
    if (!(err instanceof WriteRefused)) throw err;
    sendSnError(r.res, 403, 'Operation Failed', err.detail);
    return undefined;
  }
}

export function createTableApi(store: SimStore): TableApiHandler {
  function list(r: SimRequest, user: SnUser, table: string, version: string | undefined) {
    const q = r.url.searchParams;
    const query = andConditions(parseEncodedQuery(q.get('sysparm_query') ?? ''), pairConditions(r.url));
    const matched = runQuery(store.scan(table), query, queryFields(store, table), queryUser(store, user));
    const offset = intParam(q.get('sysparm_offset'), 0, 0);
    const limit = intParam(q.get('sysparm_limit'), DEFAULT_LIMIT, 1);
    const page = matched.slice(offset, offset + limit);
    const opts = shapeOptions(r, store, table);
    const result = page.filter((row) => store.canRead(table, row, user)).map((row) => shapeRow(store, table, row, user, opts));
    const noCount = (q.get('sysparm_no_count') ?? '').toLowerCase() === 'true';
    const headers: Record<string, string> = {};
    if (!noCount) headers['X-Total-Count'] = String(matched.length);
    if ((q.get('sysparm_suppress_pagination_header') ?? '').toLowerCase() !== 'true') {
      headers.Link = linkHeader(r, offset, limit, noCount ? undefined : matched.length, page.length === limit);
    }
    if (result.length === 0 && version === 'v1') return fail(r, 404, 'emptyListV1', headers);
    sendSnJson(r.res, 200, { result }, headers);
  }

  function getOne(r: SimRequest, user: SnUser, table: string, id: string) {
    const row = store.get(table, id);
    if (!row || !store.canRead(table, row, user)) return fail(r, 404, 'notFound');
    sendSnJson(r.res, 200, { result: shapeRow(store, table, row, user, shapeOptions(r, store, table)) });
  }

  function create(r: SimRequest, user: SnUser, table: string) {
    const body = parseBody(r.body);
    if (!body) return fail(r, 400, 'badBody');
    if (!canCreate(table, user)) return fail(r, 403, 'insertDenied');
    const inputDisplay = (r.url.searchParams.get('sysparm_input_display_value') ?? '').toLowerCase() === 'true';
    const row = refusing(r, () => store.insert(table, body, user, { inputDisplay }));
    if (!row) return;
    sendSnJson(r.res, 201, { result: shapeRow(store, table, row, user, shapeOptions(r, store, table)) }, {
      Location: `${r.publicOrigin}/api/now/table/${table}/${row.sys_id}`,
    });
  }

  function update(r: SimRequest, user: SnUser, table: string, id: string) {
    const row = store.get(table, id);
    if (!row) return fail(r, 404, 'notFound');
    const body = parseBody(r.body);
    if (!body) return fail(r, 400, 'badBody');
    if (!canUpdate(store, table, row, user)) return fail(r, 403, 'updateDenied');
    const inputDisplay = (r.url.searchParams.get('sysparm_input_display_value') ?? '').toLowerCase() === 'true';
    const updated = refusing(r, () => store.update(table, id, body, user, { inputDisplay })!);
    if (!updated) return;
    sendSnJson(r.res, 200, { result: shapeRow(store, table, updated, user, shapeOptions(r, store, table)) });
  }

  function remove(r: SimRequest, user: SnUser, table: string, id: string) {
    const row = store.get(table, id);
    if (!row) return fail(r, 404, 'notFound');
    if (!canDelete(user)) return fail(r, 403, 'deleteDenied');
    store.remove(id);
    r.res.writeHead(204).end();
  }

  function stats(r: SimRequest, user: SnUser, table: string) {
    const q = r.url.searchParams;
    const stats: Record<string, string> = {};
    if ((q.get('sysparm_count') ?? '').toLowerCase() === 'true') {
      const matched = runQuery(store.scan(table), q.get('sysparm_query') ?? '', queryFields(store, table), queryUser(store, user));
      stats.count = String(matched.length);
    }
    sendSnJson(r.res, 200, { result: { stats } });
  }

  return (r, user) => {
    const m = ROUTE.exec(r.url.pathname);
    if (!m) return fail(r, 400, 'badPath');
    const [, version, kind, rawTable, rawId] = m;
    const override = r.req.headers['x-http-method-override'];
    const method = (r.method === 'POST' && typeof override === 'string' && override ? override : r.method).toUpperCase();
    if (!acceptsJson(r.req.headers.accept)) return fail(r, 400, 'badAccept');
    if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && !isJsonContentType(r.req.headers['content-type'])) {
      return fail(r, 400, 'badContentType');
    }
    const table = decodeURIComponent(rawTable!);
    if (!store.def(table)) return sendSnError(r.res, 400, `Invalid table ${table}`, null);
    const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    if (kind === 'stats') return id === undefined && method === 'GET' ? stats(r, user, table) : fail(r, 405, 'badMethod');
    if (id === undefined) {
      if (method === 'GET') return list(r, user, table, version);
      if (method === 'POST') return create(r, user, table);
      return fail(r, 405, 'badMethod');
    }
    if (method === 'GET') return getOne(r, user, table, id);
    if (method === 'PATCH' || method === 'PUT') return update(r, user, table, id);
    if (method === 'DELETE') return remove(r, user, table, id);
    return fail(r, 405, 'badMethod');
  };
}
