import { send } from '@/lib/send';
import { trapFocus } from '../focus-trap';
import { SearchPanel } from '../search/search-panel';
import type { FrameViewProps } from './frame-app';

/**
 * The popup's search over a Mattermost page: Enter (or a click) hands the record's Markdown link to the content
 * script, which puts it where the user was typing; Esc or the backdrop closes it.
 */
export function SearchFrame({ emit }: FrameViewProps<'search'>) {
  const close = () => emit({ type: 'close', refocus: true });
  const insert = async (markdown: string) => emit({ type: 'insert', text: markdown });
  return (
    <div
      class="nb-frame-overlay nb-frame-overlay--search"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <div role="dialog" aria-modal="true" aria-label="Search ServiceNow" onKeyDown={(e) => e.key === 'Tab' && trapFocus(e, e.currentTarget)}>
        <SearchPanel
          send={send}
          hint="Enter inserts the link · Ctrl/⌘+Shift+Enter watches · Esc closes"
          actions={{
            choose: (r) => insert(r.markdown),
            insert: (r) => insert(r.markdown),
            copy: (r) => navigator.clipboard.writeText(r.markdown),
            watch: async (r) => void (await send({ type: 'watch/add-record', instance: r.instance, table: r.table, sys_id: r.sys_id })),
            close,
            settings: () => void send({ type: 'ui/open-settings' }).catch(() => undefined),
          }}
        />
      </div>
    </div>
  );
}
