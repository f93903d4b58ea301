/**
 * Popup and in-page search of ServiceNow records, as the user (ServiceNow docs, "Encoded query strings"; ServiceNow docs, "Table API" on `task`).
 *
 * Free text costs one request through `task` (every enabled task table at once; sys_class_name names each
 * row's table) plus one on kb_knowledge, plus one per user-added table that is not a task class. A typed number
 * adds one exact lookup, shown first. Answers are kept 30 s; a newer search from the same view aborts the
 * older one's requests (the Table client cancels a shared read only when its last caller leaves).
 */
import { HttpError } from '../http';
import { sysparmFields, type Numbering } from '../servicenow/catalogue';
import type { SnRecord } from '../servicenow/record';
import { buildNumberMatcher } from '../servicenow/record-number';
import { fetchRecord, fetchRecords, toRecord } from '../servicenow/records';
import type { TableClient } from '../servicenow/table-client';
import { tableSpec } from '../servicenow/tables';
import { markdownLink } from '../search/markdown-link';
import { KB, knowledgeQuery, type SearchFilters, searchesKnowledge, tableQuery, taskClasses, taskQuery, understand } from '../search/query';
import type { SearchCursor, SearchPage, SearchRequest, SearchResult } from '../search/types';
import type { Clients } from './clients';
import type { RecentRecords } from './recent-records';

export const CACHE_MS = 30_000;
export const PAGE_SIZE = 20;
const MINE_SIZE = 10;

export interface SearchServiceDeps {
  clients: Pick<Clients, 'servicenow'>;
  numbering: { get(instance: string): Promise<Numbering> };
  recent: RecentRecords;
  /** tables the user added: task classes join the `task` request, others get their own */
  extraTables?: () => Promise<{ task: string[]; other: string[] }>;
  now?: () => number;
}

/**
 * Read through `task`, a class's own states have no task-level label (problem's 103 reads "103": sim/servicenow/choices.ts seeds the same trap); a bare
 * code says nothing to the user, so it is left out rather than shown.
 */
const label = (v: { value: string; display: string } | undefined) => (!v || (v.display === v.value && /^-?\d+$/.test(v.value)) ? '' : v.display);

export function toResult(r: SnRecord): SearchResult {
  return {
    instance: r.instance,
    table: r.table,
    tableLabel: r.fields.sys_class_name?.display || tableSpec(r.table).label,
    sys_id: r.sys_id,
    number: r.number,
    shortDescription: r.shortDescription,
    url: r.url,
    state: label(r.state),
    priority: r.priority?.display ?? '',
    priorityValue: r.priority?.value ?? '',
    updatedAt: r.updatedAt,
    markdown: markdownLink(r.number, r.shortDescription, r.url),
  };
}

/** A search key that ignores the order of chips. */
const keyOf = (kind: string, req: object) => `${kind} ${JSON.stringify(req, (_, v: unknown) => (Array.isArray(v) ? [...v].sort() : v))}`;

export function createSearchService(deps: SearchServiceDeps) {
  const now = deps.now ?? Date.now;
  /** instances whose kb_knowledge refused 123TEXTQUERY321: LIKE from then on */
  const noKeyword = new Set<string>();
  const cache = new Map<string, { at: number; value: unknown }>();
  const running = new Map<string, AbortController>();
  /** bumped on every visit, so the cached home view shows a record the user just opened */
  let recentVersion = 0;

  const clientFor = deps.clients.servicenow;

  /** Cached for 30 s; `channel` (one per view) aborts the view's previous search when a new one starts. */
  async function cached<T>(key: string, channel: string | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && now() - hit.at < CACHE_MS) return hit.value as T;
    const controller = new AbortController();
    if (channel) {
      running.get(channel)?.abort(new DOMException('A newer search replaced this one.', 'AbortError'));
      running.set(channel, controller);
    }
    try {
      const value = await run(controller.signal);
      cache.set(key, { at: now(), value });
      if (cache.size > 200) cache.delete(cache.keys().next().value!);
      return value;
    } finally {
      if (channel && running.get(channel) === controller) running.delete(channel);
    }
  }

  async function source(client: TableClient, table: string, query: string, offset: number, signal: AbortSignal) {
    // retries: 0 — a rate limit comes back at once, and the search view says when it searches again (use-search.ts)
    const page = await client.list(table, { query, fields: sysparmFields(table, 'search'), limit: PAGE_SIZE, offset, signal, retries: 0 });
    return { table, rows: page.rows.map((row) => toResult(toRecord(client.base, table, row))), total: page.total ?? page.rows.length, next: page.nextOffset };
  }

  async function knowledge(client: TableClient, text: string, f: SearchFilters, offset: number, signal: AbortSignal) {
    const keyword = !!text && !noKeyword.has(client.base);
    try {
      return await source(client, KB, knowledgeQuery(text, f, keyword), offset, signal);
    } catch (err) {
      // An instance without the text index (or without the right to use it) refuses the keyword query.
      if (!keyword || signal.aborted || !(err instanceof HttpError) || err.kind === 'unauthorized') throw err;
      noKeyword.add(client.base);
      return source(client, KB, knowledgeQuery(text, f, false), offset, signal);
    }
  }

  type Extra = { task: string[]; other: string[] };
  async function runSearch(req: SearchRequest, extra: Extra, signal: AbortSignal): Promise<SearchPage> {
    const client = await clientFor(req.instance);
    const numbering = await deps.numbering.get(req.instance);
    const q = understand(req.text, buildNumberMatcher(numbering.prefixes, { minDigits: numbering.minDigits }));
    const text = q.kind === 'empty' ? '' : q.text;
    const f = req.filters;
    const first = !req.cursor;
    const from = (name: string) => (first ? 0 : req.cursor?.[name]);
    const jobs: Promise<Awaited<ReturnType<typeof source>>>[] = [];
    const classes = taskClasses(f, extra.task);
    if (classes.length && from('task') !== undefined) jobs.push(source(client, 'task', taskQuery(text, f, classes), from('task')!, signal));
    if (searchesKnowledge(f) && from(KB) !== undefined) jobs.push(knowledge(client, text, f, from(KB)!, signal));
    for (const t of extra.other) {
      if ((!f.tables?.length || f.tables.includes(t)) && from(t) !== undefined) jobs.push(source(client, t, tableQuery(text, f), from(t)!, signal));
    }
    const exactJob = first && q.kind === 'number' ? fetchRecord(client, { table: q.table, number: q.number }, 'search', signal) : undefined;
    const [pages, exact] = await Promise.all([Promise.all(jobs), exactJob]);
    const cursor: SearchCursor = {};
    for (const p of pages) if (p.next !== undefined) cursor[p.table] = p.next;
    const exactResult = exact?.ok ? toResult(exact.record) : undefined;
    const results = pages
      .flatMap((p) => p.rows)
      .filter((r) => !(exactResult && r.sys_id === exactResult.sys_id))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    if (exact && !exact.ok && exact.reason === 'needs-sign-in') throw new HttpError('unauthorized', exact.message);
    return {
      ...(exactResult ? { exact: exactResult } : {}),
      results,
      total: pages.reduce((n, p) => n + p.total, 0),
      ...(Object.keys(cursor).length ? { cursor } : {}),
    };
  }

  return {
    async search(req: SearchRequest, channel?: string): Promise<SearchPage> {
      const extra = (await deps.extraTables?.()) ?? { task: [], other: [] };
      return cached(keyOf('search', { ...req, extra }), channel, (signal) => runSearch(req, extra, signal));
    },

    /** The empty query: recently viewed records, and the open ones assigned to me. */
    home(instance: string, channel?: string): Promise<{ recent: SearchResult[]; mine: SearchResult[] }> {
      return cached(keyOf('home', { instance, at: recentVersion }), channel, async (signal) => {
        const client = await clientFor(instance);
        void deps.numbering.get(instance); // warm the prefixes before the user types a number
        const refs = (await deps.recent.list(instance)).slice(0, deps.recent.max);
        const mineQuery = taskQuery('', { mine: true, open: true }, taskClasses({}, ((await deps.extraTables?.()) ?? { task: [] }).task));
        const [found, mine] = await Promise.all([
          refs.length ? fetchRecords(client, refs.map((r) => ({ table: r.table, sys_id: r.sys_id })), 'search', signal) : new Map(),
          client.list('task', { query: mineQuery, fields: sysparmFields('task', 'search'), limit: MINE_SIZE, signal }),
        ]);
        const recent = refs.flatMap((r) => {
          const l = found.get(`${r.table}/${r.sys_id}`);
          return l?.ok ? [toResult(l.record)] : [];
        });
        return { recent, mine: mine.rows.map((row) => toResult(toRecord(client.base, 'task', row))) };
      });
    },

    async visited(instance: string, table: string, sys_id: string): Promise<void> {
      await deps.recent.add({ instance, table, sys_id });
      recentVersion++;
    },

    forget(instance: string): void {
      noKeyword.delete(instance);
      for (const k of [...cache.keys()]) if (k.includes(JSON.stringify(instance))) cache.delete(k);
      void deps.recent.forget(instance);
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
