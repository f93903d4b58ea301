import type { TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { SEARCH_DEBOUNCE_MS } from './channel-picker';

export interface Person {
  sys_id: string;
  name: string;
  detail?: string;
}

export interface PeopleComboboxProps {
  label: string;
  /** the name shown while nothing is being typed */
  value: string;
  /** called SEARCH_DEBOUNCE_MS after typing stops; the signal aborts when the text changes again or on unmount */
  search(query: string, signal: AbortSignal): Promise<Person[]>;
  onPick(person: Person): void;
}

type Found = { s: 'idle' | 'searching' | 'empty' | 'error'; items: Person[]; error?: string };

/**
 * A ServiceNow user or group picker: the WAI-ARIA combobox pattern (role combobox, aria-expanded, aria-controls,
 * aria-activedescendant; a listbox of options; arrows move, Enter picks, Escape closes the list first). Names are
 * remote text and render as text. The channel picker (channel-picker.tsx) is the same pattern for Mattermost.
 */
export function PeopleCombobox({ label, value, search, onPick }: PeopleComboboxProps) {
  const id = useId();
  const [text, setText] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [found, setFound] = useState<Found>({ s: 'idle', items: [] });
  const searchRef = useRef(search);
  searchRef.current = search;
  const q = (text ?? '').trim();

  useEffect(() => {
    if (text === undefined) return;
    const ctl = new AbortController();
    setFound({ s: 'searching', items: [] });
    const timer = setTimeout(() => {
      Promise.resolve()
        .then(() => searchRef.current(q, ctl.signal))
        .then(
          (items) => {
            if (ctl.signal.aborted) return;
            setFound({ s: items.length ? 'idle' : 'empty', items });
            setActive(items.length ? 0 : -1);
          },
          (err: unknown) => {
            if (!ctl.signal.aborted) setFound({ s: 'error', items: [], error: (err instanceof Error && err.message) || 'Could not search ServiceNow' });
          },
        );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, text === undefined]);

  const items = found.items;
  const expanded = open && items.length > 0;
  const pick = (p: Person) => {
    setText(undefined);
    setOpen(false);
    setActive(-1);
    onPick(p);
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLInputElement>) => {
    if (e.isComposing) return;
    const n = items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (text === undefined) setText('');
      setOpen(true);
      if (n) setActive(e.key === 'ArrowDown' ? (expanded ? (active + 1) % n : 0) : expanded && active > 0 ? active - 1 : n - 1);
    } else if (e.key === 'Enter' && expanded && items[active] && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      pick(items[active]!);
    } else if (e.key === 'Escape' && (open || text !== undefined)) {
      // first Escape closes the list and restores the chosen name; the next one reaches the panel (closes it)
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setText(undefined);
    }
  };

  const status = !open ? '' : found.s === 'searching' ? 'Searching…' : found.s === 'empty' ? 'No match' : found.s === 'error' ? (found.error ?? '') : '';
  return (
    <div class="nb-share__field nb-picker">
      <label class="nb-share__label" for={`${id}-i`}>
        {label}
      </label>
      <div class="nb-picker__box">
        <input
          id={`${id}-i`}
          class="nb-share__input"
          type="text"
          role="combobox"
          autocomplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-l`}
          aria-activedescendant={expanded && active >= 0 ? `${id}-o${active}` : undefined}
          value={text ?? value}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <div class="nb-picker__popup">
          <div id={`${id}-l`} class="nb-picker__list" role="listbox" aria-label={label} hidden={!expanded}>
            {items.map((p, i) => (
              <div
                key={p.sys_id}
                id={`${id}-o${i}`}
                role="option"
                aria-selected={i === active}
                class="nb-picker__option"
                // mousedown, not click: the input's blur would close the list before the click lands
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(p);
                }}
              >
                <span class="nb-picker__label">{p.name}</span>
                {p.detail && <span class="nb-picker__meta">{p.detail}</span>}
              </div>
            ))}
          </div>
          <div class="nb-picker__status" aria-live="polite">
            {status}
          </div>
        </div>
      </div>
    </div>
  );
}
