import type { SearchResult } from '@/lib/search/types';
import { relativeTime } from '../relative-time';
import type { Group } from './use-search';

export const optionId = (prefix: string, i: number) => `${prefix}-opt-${i}`;


/**
 * The results listbox, grouped by table. Focus stays in the search box (aria-activedescendant), so typing,
 * moving and acting never leave the keyboard. Every text is rendered as text.
 */
export function SearchResults(props: {
  id: string;
  groups: Group[];
  active: number;
  label: string;
  /** `shift`: Shift+click (the record panel, where there is one) */
  onPick(r: SearchResult, shift: boolean): void;
  onHover(i: number): void;
}) {
  let i = -1;
  return (
    <div role="listbox" id={props.id} aria-label={props.label}>
      {props.groups.map((g) => (
        <div role="group" aria-label={g.label} key={g.label} >
          <div class="nb-group-label" aria-hidden="true">
            {g.label}
          </div>
          {g.items.map((r) => {
            const n = ++i;
            return (
              <div
                role="option"
                id={optionId(props.id, n)}
                key={`${r.table}/${r.sys_id}`}
                aria-selected={n === props.active}
                class={/^[123]$/.test(r.priorityValue) ? `nb-opt p${r.priorityValue}` : 'nb-opt'}
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => props.onHover(n)}
                onClick={(e) => props.onPick(r, e.shiftKey)}
              >
                <span class="nb-num">{r.number}</span>
                <span class="nb-short">{r.shortDescription}</span>
                <span class="nb-meta">
                  {[r.state, r.priority, r.updatedAt ? `updated ${relativeTime(r.updatedAt)}` : ''].filter(Boolean).join(' · ')}
                </span>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
