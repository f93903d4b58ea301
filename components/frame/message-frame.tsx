import { useEffect, useRef, useState } from 'preact/hooks';
import type { Response } from '@/lib/messages';
import type { PostAction } from '@/lib/messages/message-actions';
import { send } from '@/lib/send';
import { AddToRecord } from '../add-to-record';
import { CreateIncident, shortFrom } from '../create-incident';
import { SearchPanel } from '../search/search-panel';
import { fromUser } from '../user-event';
import type { Emit, FrameViewProps } from './frame-app';

type Context = Response<'message/context'>;

const ITEMS: readonly [PostAction, string][] = [
  ['create', 'Create incident from message'],
  ['add-message', 'Add message to a record'],
  ['add-thread', 'Add thread to a record'],
  ['search', 'Search ServiceNow for this'],
];

/** The hover strip button's menu: ↑/↓ (and Home/End) move, Enter or a click chooses, Esc closes. */
export function ActionsMenu({ emit }: { emit: Emit }) {
  const ref = useRef<HTMLUListElement>(null);
  const items = () => [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  useEffect(() => items()[0]?.focus(), []);
  const onKeyDown = (e: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : undefined;
    if (to !== undefined) {
      e.preventDefault();
      all[(to + all.length) % all.length]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      emit({ type: 'close', refocus: true });
    }
  };
  return (
    <ul ref={ref} class="nb-menu" role="menu" aria-label="ServiceNow actions" onKeyDown={onKeyDown}>
      {ITEMS.map(([action, label]) => (
        <li
          key={action}
          role="menuitem"
          tabIndex={-1}
          class="nb-menu__item"
          onClick={(e) => fromUser(e) && emit({ type: 'action', action })}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), fromUser(e) && emit({ type: 'action', action }))}
        >
          {label}
        </li>
      ))}
    </ul>
  );
}

/** The dialog's backdrop: a click on it closes, as on the share dialog. */
export function Overlay({ close, children, search }: { close(): void; children: preact.ComponentChildren; search?: boolean }) {
  return (
    <div class={`nb-frame-overlay${search ? ' nb-frame-overlay--search' : ''}`} onMouseDown={(e) => e.target === e.currentTarget && close()}>
      {children}
    </div>
  );
}

/** The search over Mattermost, starting from a text: a result's Enter or click puts its link into the message box. */
export function SearchDialog({ emit, close, initialText }: { emit: Emit; close(): void; initialText: string }) {
  const insert = async (r: { markdown: string }) => emit({ type: 'insert', text: r.markdown });
  return (
    <Overlay close={close} search>
      <div role="dialog" aria-modal="true" aria-label="Search ServiceNow">
        <SearchPanel
          send={send}
          initialText={initialText}
          hint="Enter inserts the link · Esc closes"
          actions={{
            choose: insert,
            insert,
            copy: (r) => navigator.clipboard.writeText(r.markdown),
            close,
            settings: () => void send({ type: 'ui/open-settings' }).catch(() => undefined),
          }}
        />
      </div>
    </Overlay>
  );
}

/**
 * A Mattermost post's ServiceNow actions (lib/content/mattermost/post-actions.ts opens it): the actions menu, or
 * one action as a dialog. The post is read from Mattermost as the user (message/context), never from the page.
 */
export function MessageFrame({ spec, emit }: FrameViewProps<'message'>) {
  const close = () => emit({ type: 'close', refocus: true });
  const [context, setContext] = useState<Context>();
  const [error, setError] = useState('');
  const needsPost = spec.action === 'create' || spec.action === 'search';
  useEffect(() => {
    if (!needsPost) return;
    // the thread too for Create: the user may put it in the description
    send({ type: 'message/context', server: spec.server, postId: spec.postId, scope: spec.action === 'create' ? 'thread' : 'message' }).then(setContext, (err: Error) => setError(err.message));
  }, []);

  if (spec.action === 'menu') return <ActionsMenu emit={emit} />;
  if (spec.action === 'add-message' || spec.action === 'add-thread') {
    return (
      <Overlay close={close}>
        <AddToRecord send={send} server={spec.server} postId={spec.postId} scope={spec.action === 'add-thread' ? 'thread' : 'message'} onClose={close} />
      </Overlay>
    );
  }
  if (!context) {
    return (
      <Overlay close={close}>
        <div class="nb-share" role="dialog" aria-modal="true" aria-label={spec.action === 'create' ? 'Create incident' : 'Search ServiceNow'} onKeyDown={(e) => e.key === 'Escape' && close()}>
          <p role={error ? 'alert' : 'status'}>{error || 'Reading the message…'}</p>
          {error && (
            <button type="button" class="nb-share__btn" onClick={close}>
              Close
            </button>
          )}
        </div>
      </Overlay>
    );
  }
  const { post } = context;
  if (spec.action === 'search') return <SearchDialog emit={emit} close={close} initialText={shortFrom(post.message).slice(0, 100)} />;
  return (
    <Overlay close={close}>
      <CreateIncident
        send={send}
        server={spec.server}
        postId={post.id}
        where={{ postId: post.id }}
        shortDescription={shortFrom(post.message)}
        description={`${post.message.trim()}\n\n— From Mattermost: ${post.permalink}`}
        thread={context.count > 1 ? { count: context.count, text: context.entries.join('\n\n') } : undefined}
        onClose={close}
      />
    </Overlay>
  );
}
