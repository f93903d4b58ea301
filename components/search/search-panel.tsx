import type { TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { SearchResult } from '@/lib/search/types';
import { InstanceSelect } from '../instance-select';
import { optionId, SearchResults } from './search-results';
import { ConnectionState, ErrorState, NoResults, Skeleton, WaitingState } from './search-states';
import { type Filters, groupResults, type Instance, type SearchSend, useSearch } from './use-search';

/** Table chips: the tables people search most; the instance names the rest in the results. */
export const TABLE_CHIPS = [
  { table: 'incident', label: 'Incidents' },
  { table: 'problem', label: 'Problems' },
  { table: 'change_request', label: 'Changes' },
  { table: 'sc_req_item', label: 'Requested items' },
  { table: 'kb_knowledge', label: 'Knowledge' },
] as const;

export interface SearchActions {
  /** Enter (and a click) */
  choose(r: SearchResult): void | Promise<void>;
  /** Ctrl/Cmd+Enter */
  share?(r: SearchResult): void;
  /** Ctrl/Cmd+C on a result */
  copy?(r: SearchResult): Promise<void>;
  /** Alt+Enter, when there is a Mattermost composer to insert into */
  insert?(r: SearchResult): Promise<void>;
  /** Shift+Enter (and Shift+click): the record panel */
  panel?(r: SearchResult): void;
  /** Ctrl/Cmd+Shift+Enter: watch the record (lib/background/watch-service.ts) */
  watch?(r: SearchResult): Promise<void>;
  /** Escape (in-page) */
  close?(): void;
  settings(): void;
}

/**
 * Search ServiceNow, keyboard first: type, ↑/↓, then Enter, Ctrl/Cmd+Enter, Ctrl/Cmd+C or Alt+Enter. Used by
 * the popup and by the in-page search beside Mattermost's composer; what each key does comes from `actions`.
 */
export function SearchPanel({ send, actions, hint, initialText = '' }: { send: SearchSend; actions: SearchActions; hint: string; initialText?: string }) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [instances, setInstances] = useState<Instance[]>();
  const [instance, setInstance] = useState<string>();
  const [loadError, setLoadError] = useState('');
  const [text, setText] = useState(initialText);
  const [filters, setFilters] = useState<Filters>({});
  const [active, setActive] = useState(0);
  const [notice, setNotice] = useState('');
  const input = useRef<HTMLInputElement>(null);

  const loadInstances = () =>
    send({ type: 'search/instances' }).then(
      (r) => {
        setInstances(r.instances);
        setInstance((cur) => cur ?? (r.instances.find((i) => i.state === 'connected') ?? r.instances[0])?.base);
      },
      (err: Error) => setLoadError(err.message),
    );
  useEffect(() => {
    void loadInstances();
    input.current?.focus();
  }, []);

  const current = instances?.find((i) => i.base === instance);
  const connected = current?.state === 'connected';
  const { state, pending, retry, loadMore } = useSearch(send, connected ? instance : undefined, text, filters);
  const groups = useMemo(() => groupResults(state), [state]);
  const flat = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  useEffect(() => setActive(0), [text, JSON.stringify(filters), instance, state.status]);
  const selected = flat[Math.min(active, flat.length - 1)];

  const toggle = (key: 'mine' | 'groups' | 'open') => setFilters((f) => ({ ...f, [key]: !f[key] }));
  const toggleTable = (table: string) =>
    setFilters((f) => {
      const tables = f.tables?.includes(table) ? f.tables.filter((t) => t !== table) : [...(f.tables ?? []), table];
      return { ...f, tables };
    });

  const run = async (what: string, fn: (() => void | Promise<void>) | undefined) => {
    if (!fn) return;
    try {
      await fn();
      if (what) setNotice(what);
    } catch (err) {
      setNotice(err instanceof Error ? err.message : String(err));
    }
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLInputElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (flat.length) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : flat.length - 1)) % flat.length);
    } else if (e.key === 'Enter' && selected) {
      e.preventDefault();
      if (e.altKey) void run('Inserted the link into the message.', actions.insert && (() => actions.insert!(selected)));
      else if (mod && e.shiftKey) void run(`Watching ${selected.number}: its changes show in Activity.`, actions.watch && (() => actions.watch!(selected)));
      else if (mod) actions.share?.(selected);
      else if (e.shiftKey && actions.panel) actions.panel(selected);
      else void run('', () => actions.choose(selected));
    } else if (mod && e.key.toLowerCase() === 'c' && selected && e.currentTarget.selectionStart === e.currentTarget.selectionEnd) {
      // With text selected in the box, Ctrl+C copies that text as usual.
      e.preventDefault();
      void run(`Copied a link to ${selected.number}.`, actions.copy && (() => actions.copy!(selected)));
    } else if (e.key === 'Escape' && actions.close) {
      e.preventDefault();
      actions.close();
    }
  };

  const listId = `${id}-results`;
  const showList = state.status === 'home' || (state.status === 'results' && flat.length > 0);
  return (
    <section class="nb-search" aria-label="Search ServiceNow">
      <div class="nb-bar">
        <input
          ref={input}
          type="search"
          role="combobox"
          aria-label="Search ServiceNow"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && selected ? optionId(listId, flat.indexOf(selected)) : undefined}
          placeholder="Number or words"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellcheck={false}
        />
        <InstanceSelect instances={instances} value={instance} onChange={setInstance} />
      </div>
      <div class="nb-filters" role="group" aria-label="Filters">
        {(
          [
            ['mine', 'Mine'],
            ['groups', 'My groups'],
            ['open', 'Open'],
          ] as const
        ).map(([key, label]) => (
          <button key={key} type="button" class="nb-btn" aria-pressed={!!filters[key]} onClick={() => toggle(key)}>
            {label}
          </button>
        ))}
        
        {TABLE_CHIPS.map((c) => (
          <button key={c.table} type="button" class="nb-btn" aria-pressed={!!filters.tables?.includes(c.table)} onClick={() => toggleTable(c.table)}>
            {c.label}
          </button>
        ))}
      </div>
      <div class="nb-body" aria-busy={connected && pending}>
        {loadError ? (
          <ErrorState message={loadError} onRetry={() => { setLoadError(''); void loadInstances(); }} onSettings={actions.settings} />
        ) : !instances ? (
          <Skeleton />
        ) : !connected ? (
          <ConnectionState instance={current} onSettings={actions.settings} />
        ) : state.status === 'loading' ? (
          <Skeleton />
        ) : state.status === 'error' ? (
          <ErrorState message={state.message} onRetry={retry} onSettings={actions.settings} />
        ) : state.status === 'waiting' ? (
          <WaitingState at={state.at} instance={current?.label ?? 'ServiceNow'} />
        ) : state.status === 'results' && !flat.length ? (
          <NoResults text={text.trim()} />
        ) : (
          <>
            <SearchResults id={listId} groups={groups} active={flat.indexOf(selected!)} label="Results" onPick={(r, shift) => (shift && actions.panel ? actions.panel(r) : void run('', () => actions.choose(r)))} onHover={setActive} />
            {state.status === 'results' && (
              <div class="nb-more nb-small">
                <span>
                  Showing {flat.length} of {Math.max(state.page.total, flat.length)}
                </span>
                {state.page.cursor && (
                  <button type="button" class="nb-btn" onClick={loadMore} disabled={state.more === 'loading'}>
                    {state.more === 'loading' ? 'Loading…' : 'Load more'}
                  </button>
                )}
                {state.more !== 'idle' && state.more !== 'loading' && <span role="alert">{state.more}</span>}
              </div>
            )}
          </>
        )}
      </div>
      <p class="nb-small">{hint}</p>
      <p class="nb-small" role="status" aria-live="polite">
        {notice}
      </p>
    </section>
  );
}
