import type { TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { PickerTarget } from '@/lib/mattermost/channels';

export { type PickerTarget, toPickerTarget } from '@/lib/mattermost/channels';

/**
 * The channel picker of the share dialog (issue 5): a WAI-ARIA combobox with a listbox popup. A pure view — the
 * integrator supplies recent targets and a `search` that goes through background messages; nothing here touches
 * browser.* or the network. Every remote string (channel, team, people names) is rendered as a text node or an
 * attribute value, never as HTML.
 */


export interface MattermostServerChoice {
  base: string;
  label: string;
}

export interface ChannelPickerProps {
  /** the last targets, shown first (under "Recent") while the input is empty */
  recent: PickerTarget[];
  /**
   * Called SEARCH_DEBOUNCE_MS after typing stops, with the trimmed text (`@name` passed through as typed). The
   * signal aborts when the text changes again, the server changes or the picker unmounts; results of an aborted
   * call are ignored even if it resolves.
   */
  search(term: string, signal: AbortSignal): Promise<PickerTarget[]>;
  value?: PickerTarget;
  /** a pick, or undefined when the user starts typing over a chosen target (so nothing is posted to a target
   * the input no longer shows) */
  onChange(target: PickerTarget | undefined): void;
  /** with more than one, a "Mattermost server" select comes first */
  servers?: MattermostServerChoice[];
  server?: string;
  onServerChange?(base: string): void;
}

export const SEARCH_DEBOUNCE_MS = 200;


/** One row per key: a channel (or person) found twice, e.g. a GM under every team, is listed once. */
const oncePerKey = (xs: PickerTarget[]) => xs.filter((t, i) => xs.findIndex((x) => x.key === t.key) === i);

const meta = (t: PickerTarget) => (t.team ? `${t.team} · ${t.typeLabel}` : t.typeLabel);

type Found =
  | { s: 'idle' | 'searching' | 'empty'; items: PickerTarget[] }
  | { s: 'error'; items: PickerTarget[]; error: string };
const IDLE: Found = { s: 'idle', items: [] };
const SEARCHING: Found = { s: 'searching', items: [] };

export function ChannelPicker(props: ChannelPickerProps) {
  const { recent, value, onChange, servers, server, onServerChange } = props;
  const id = useId();
  const optId = (i: number) => `${id}-o${i}`;
  const [text, setText] = useState(value?.label ?? '');
  /** what was typed since the last pick; empty shows the recent targets */
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [found, setFound] = useState<Found>(IDLE);
  const listRef = useRef<HTMLDivElement>(null);
  // a ref, so an inline `search` prop (new identity every render) does not restart the debounce
  const searchRef = useRef(props.search);
  searchRef.current = props.search;

  // adopt a target set from outside (the remembered one arriving after mount); a cleared value keeps the typing
  useEffect(() => {
    if (value) {
      setText(value.label);
      setTerm('');
    }
  }, [value?.key]);

  const q = term.trim();
  useEffect(() => {
    if (!q) return;
    setFound(SEARCHING);
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      // Promise.resolve().then: a search that throws synchronously still lands in the error state
      Promise.resolve()
        .then(() => searchRef.current(q, ctl.signal))
        .then(
          (all) => {
            if (ctl.signal.aborted) return;
            const items = oncePerKey(all);
            setFound({ s: items.length ? 'idle' : 'empty', items });
            // first match active, so typing a name then Enter picks it
            setActive(items.length ? 0 : -1);
          },
          (err: unknown) => {
            if (ctl.signal.aborted) return;
            const message = err instanceof Error && err.message ? err.message : '';
            setFound({ s: 'error', items: [], error: message || 'Could not search Mattermost' });
          },
        );
    }, SEARCH_DEBOUNCE_MS);
    // cleanup on the next term, server change or unmount: the pending call never starts, a running one aborts
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, server]);

  const items = q ? found.items : recent;
  const shown = open && items.length > 0;

  useEffect(() => {
    // optional call: not every DOM (happy-dom in tests) implements it
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [active, shown]);

  const pick = (t: PickerTarget) => {
    setText(t.label);
    setTerm('');
    setOpen(false);
    setActive(-1);
    onChange(t);
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLInputElement>) => {
    if (e.isComposing) return;
    const n = items.length;
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = open ? (active + 1) % n : 0;
        break;
      case 'ArrowUp':
        next = open && active > 0 ? active - 1 : n - 1;
        break;
      case 'Home':
      case 'End':
        if (!shown) return; // closed: the keys move the caret as usual
        next = e.key === 'Home' ? 0 : n - 1;
        break;
      case 'Enter': {
        // Ctrl/Cmd+Enter is the dialog's "post"; let it bubble
        const t = open && !e.ctrlKey && !e.metaKey ? items[active] : undefined;
        if (!t) return;
        e.preventDefault();
        pick(t);
        return;
      }
      case 'Escape':
        // first Esc closes the list and stops here; with the list closed it bubbles, so the dialog closes
        if (!open) return;
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        return;
      default:
        return;
    }
    e.preventDefault();
    setOpen(true);
    setActive(n ? next : -1);
  };

  const onInput = (e: { currentTarget: HTMLInputElement }) => {
    const v = e.currentTarget.value;
    setText(v);
    setTerm(v);
    setOpen(true);
    setActive(-1);
    setFound(v.trim() ? SEARCHING : IDLE);
    if (value) onChange(undefined);
  };

  const status = !open
    ? ''
    : !q
      ? recent.length
        ? ''
        : 'Type to search channels, or @name for people'
      : found.s === 'searching'
        ? 'Searching…'
        : found.s === 'empty'
          ? 'No channels or people match'
          : found.s === 'error'
            ? found.error
            : '';

  const options = items.map((t, i) => (
    <div
      key={t.key}
      id={optId(i)}
      role="option"
      aria-selected={i === active}
      aria-label={[t.label, t.team, t.typeLabel].filter(Boolean).join(', ')}
      class="nb-picker__option"
      onClick={() => pick(t)}
    >
      <span class="nb-picker__label">{t.label}</span>
      <span class="nb-picker__meta">{meta(t)}</span>
    </div>
  ));

  return (
    <div class="nb-picker">
      {servers && servers.length > 1 && (
        <div class="nb-share__field">
          <label class="nb-share__label" for={`${id}-s`}>
            Mattermost server
          </label>
          <select
            id={`${id}-s`}
            class="nb-share__input"
            value={server}
            onChange={(e) => {
              // another server's channels: the chosen target and the typed search no longer apply
              setText('');
              setTerm('');
              if (value) onChange(undefined);
              onServerChange?.(e.currentTarget.value);
            }}
          >
            {servers.map((s) => (
              <option key={s.base} value={s.base}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="nb-share__field">
        <label class="nb-share__label" for={`${id}-i`}>
          Channel
        </label>
        <div class="nb-picker__box">
          <input
            id={`${id}-i`}
            class="nb-share__input"
            type="text"
            role="combobox"
            autocomplete="off"
            spellcheck={false}
            placeholder="Search channels, or @name"
            aria-autocomplete="list"
            aria-expanded={shown}
            aria-controls={`${id}-l`}
            aria-activedescendant={shown && active >= 0 ? optId(active) : undefined}
            aria-describedby={value ? `${id}-d` : undefined}
            value={text}
            onInput={onInput}
            onKeyDown={onKeyDown}
            onClick={() => setOpen(true)}
            onBlur={() => setOpen(false)}
          />
          {/* mousedown default prevented: clicks on options or the scrollbar keep focus in the input, whose blur
              would otherwise close the list before the click lands */}
          <div class="nb-picker__popup" onMouseDown={(e) => e.preventDefault()}>
            <div ref={listRef} id={`${id}-l`} role="listbox" aria-label="Channels and people" class="nb-picker__list" hidden={!shown}>
              {q ? (
                options
              ) : (
                <div role="group" aria-labelledby={`${id}-g`}>
                  <div role="presentation" id={`${id}-g`} class="nb-picker__group">
                    Recent
                  </div>
                  {options}
                </div>
              )}
            </div>
            {/* always in the DOM (empty when idle) so screen readers announce changes */}
            <div role="status" class={`nb-picker__status${found.s === 'error' && q ? ' nb-picker__status--error' : ''}`}>
              {status}
            </div>
          </div>
        </div>
        <div id={`${id}-d`} class="nb-picker__hint">
          {value && meta(value)}
        </div>
      </div>
    </div>
  );
}
