import { useEffect, useRef, useState } from 'preact/hooks';
import type { Request, Response } from '@/lib/messages';
import type { SearchResult } from '@/lib/search/types';
import { retryAfterOf } from '@/lib/send';

/** lib/send.ts's `send`, or a test's stand-in for it. */
export type SearchSend = <T extends Request['type']>(request: Extract<Request, { type: T }>) => Promise<Response<T>>;

export type Instance = Response<'search/instances'>['instances'][number];
export type Page = Response<'search/query'>;
export type Home = Response<'search/home'>;

export type Filters = Extract<Request, { type: 'search/query' }>['filters'];

export const DEBOUNCE_MS = 150;
/** A limit ending later than this is an error with Retry: nobody keeps a popup open for it. */
export const WAIT_AT_MOST_MS = 60_000;

export type SearchState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  /** ServiceNow is rate-limiting: the same search runs again by itself at `at` (epoch ms) */
  | { status: 'waiting'; at: number }
  | { status: 'home'; home: Home }
  | { status: 'results'; page: Page; more: 'idle' | 'loading' | string };

/** A group of the results listbox: a table's records, or "Recently viewed" and "Assigned to me". */
export interface Group {
  label: string;
  items: SearchResult[];
}

/** Results grouped by table in order of first appearance (newest first); the exact number match leads. */
export function groupResults(state: SearchState): Group[] {
  if (state.status === 'home') {
    return [
      { label: 'Recently viewed', items: state.home.recent },
      { label: 'Assigned to me', items: state.home.mine.filter((m) => !state.home.recent.some((r) => r.sys_id === m.sys_id)) },
    ].filter((g) => g.items.length);
  }
  if (state.status !== 'results') return [];
  const groups = new Map<string, SearchResult[]>();
  const all = [...(state.page.exact ? [state.page.exact] : []), ...state.page.results];
  for (const r of all) groups.set(r.tableLabel, [...(groups.get(r.tableLabel) ?? []), r]);
  return [...groups].map(([label, items]) => ({ label, items }));
}

/**
 * The search as the user types: 150 ms after the last key one question goes to the background, and an
 * answer to an older question is dropped (the background also aborts its requests). An empty box shows
 * recently viewed records and the user's own.
 */
export function useSearch(send: SearchSend, instance: string | undefined, text: string, filters: Filters) {
  const [state, setState] = useState<SearchState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const seq = useRef(0);
  const filterKey = JSON.stringify(filters);
  const key = JSON.stringify([instance, text, filterKey]);
  /** the question the shown state answers: anything else means a newer one is on its way */
  const [answered, setAnswered] = useState('');

  useEffect(() => {
    if (!instance) return;
    const mine = ++seq.current;
    const current = () => mine === seq.current;
    const empty = !text.trim() && !filters.mine && !filters.groups && !filters.open && !filters.tables?.length;
    let again: ReturnType<typeof setTimeout> | undefined;
    const fail = (err: unknown) => {
      if (!current()) return;
      setAnswered(key);
      const wait = retryAfterOf(err);
      if (wait === undefined || wait > WAIT_AT_MOST_MS) return setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
      // the instance said when: say it, and ask again then (the background holds every request until that moment)
      setState({ status: 'waiting', at: Date.now() + wait });
      again = setTimeout(() => current() && setAttempt((a) => a + 1), wait);
    };
    setState((s) => (s.status === 'results' || s.status === 'home' ? s : { status: 'loading' }));
    const timer = setTimeout(
      () => {
        if (!current()) return;
        setState({ status: 'loading' });
        if (empty) {
          send({ type: 'search/home', instance }).then((home) => current() && (setAnswered(key), setState({ status: 'home', home })), fail);
        } else {
          send({ type: 'search/query', instance, text: text.slice(0, 200), filters }).then(
            (page) => current() && (setAnswered(key), setState({ status: 'results', page, more: 'idle' })),
            fail,
          );
        }
      },
      empty ? 0 : DEBOUNCE_MS,
    );
    return () => {
      clearTimeout(timer);
      clearTimeout(again);
    };
  }, [instance, text, filterKey, attempt]);

  const loadMore = () => {
    if (state.status !== 'results' || !state.page.cursor || !instance) return;
    const mine = seq.current;
    const base = state.page;
    setState({ ...state, more: 'loading' });
    send({ type: 'search/query', instance, text: text.slice(0, 200), filters, cursor: base.cursor }).then(
      (next) => mine === seq.current && setState({ status: 'results', more: 'idle', page: { ...next, exact: base.exact, results: [...base.results, ...next.results], total: base.total } }),
      (err: unknown) => mine === seq.current && setState({ status: 'results', page: base, more: err instanceof Error ? err.message : String(err) }),
    );
  };

  return { state, pending: answered !== key, retry: () => setAttempt((a) => a + 1), loadMore };
}
