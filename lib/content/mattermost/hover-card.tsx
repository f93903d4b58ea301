import { render } from 'preact';
import { RecordCard, RECORD_CARD_HEIGHT } from '@/components/record-card';
import { parseRecordUrl } from '../../servicenow/record-url';
import { HOST_ATTR } from '../../servicenow/button-slot';
import { send } from '../send';
import { POST_CARDS_CSS, type CardData } from './post-cards';

const SHOW_AFTER_MS = 300;
const HIDE_AFTER_MS = 200;
const WIDTH = 420;
/** Beyond the card's fields, the hover card says how the record is classified and when it was opened. */
const EXTRA = [
  { name: 'category', title: 'Category' },
  { name: 'opened_at', title: 'Opened' },
];

/**
 * The full card for a ServiceNow link in a post, after hovering it for 300 ms or when it gets keyboard focus.
 * Esc or moving away closes it; moving into the card keeps it open (its links and buttons are usable).
 */
export function hoverCards(signal: AbortSignal, instances: string[]): void {
  const host = document.createElement('nowbridge-hover-card');
  host.setAttribute(HOST_ATTR, '');
  // The host hangs off <html>, outside Mattermost's styled tree: give it the app's font.
  host.style.cssText = `position:fixed;z-index:2147483646;width:${WIDTH}px;display:none;font-family:'Open Sans',system-ui,-apple-system,'Segoe UI',Roboto,sans-serif`;
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = POST_CARDS_CSS;
  const mount = document.createElement('div');
  mount.setAttribute('role', 'tooltip');
  root.append(style, mount);
  document.documentElement.append(host);

  let showTimer: ReturnType<typeof setTimeout> | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let current: HTMLAnchorElement | undefined;

  const recordLink = (target: EventTarget | null) => {
    const a = (target as Element | null)?.closest?.('a.markdown__link[href]') as HTMLAnchorElement | null;
    if (!a || !a.closest('.post-message__text')) return undefined;
    const ref = parseRecordUrl(a.href, instances);
    return ref ? { a, ref } : undefined;
  };

  const hide = () => {
    clearTimeout(showTimer);
    current = undefined;
    host.style.display = 'none';
    render(null, mount);
  };

  const show = (a: HTMLAnchorElement, ref: NonNullable<ReturnType<typeof parseRecordUrl>>) => {
    current = a;
    const { origin: instance, ...rest } = ref;
    const rect = a.getBoundingClientRect();
    const top = rect.bottom + 6 + RECORD_CARD_HEIGHT.full > innerHeight ? Math.max(8, rect.top - 6 - RECORD_CARD_HEIGHT.full) : rect.bottom + 6;
    host.style.left = `${Math.max(8, Math.min(rect.left, innerWidth - WIDTH - 8))}px`;
    host.style.top = `${top}px`;
    host.style.display = 'block';
    const draw = (data?: CardData) =>
      render(
        <RecordCard
          lookup={data?.lookup}
          variant="full"
          accent={data?.accent ?? '#80868B'}
          fields={data ? [...data.fields, ...EXTRA].slice(0, 6) : []}
          tableLabel={data?.tableLabel}
          excerpt={{ field: 'description' }}
        />,
        mount,
      );
    draw();
    void send({ type: 'record/full', instance, ref: rest }).then(
      (data) => {
        if (current === a) draw(data);
      },
      (err: Error) => {
        if (current === a) draw({ lookup: { ok: false, reason: 'error', message: err.message }, accent: '#80868B', fields: [], tableLabel: '' });
      },
    );
  };

  const arm = (e: Event, delay: number) => {
    if (!e.isTrusted) return; // a page script's synthetic mouseover/focusin reads nothing from ServiceNow
    const found = recordLink(e.target);
    if (!found || found.a === current) return;
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    showTimer = setTimeout(() => show(found.a, found.ref), delay);
  };
  const disarm = (e: Event) => {
    const related = (e as MouseEvent | FocusEvent).relatedTarget as Node | null;
    if (related && (host.contains(related) || related === host)) return;
    if (!recordLink(e.target)) return;
    clearTimeout(showTimer);
    hideTimer = setTimeout(hide, HIDE_AFTER_MS);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && current) hide();
  };

  const opts = { capture: true, signal } as const;
  document.addEventListener('mouseover', (e) => arm(e, SHOW_AFTER_MS), opts);
  document.addEventListener('mouseout', disarm, opts);
  document.addEventListener('focusin', (e) => arm(e, 0), opts);
  document.addEventListener('focusout', disarm, opts);
  document.addEventListener('keydown', onKey, opts);
  host.addEventListener('mouseenter', () => clearTimeout(hideTimer), { signal });
  host.addEventListener('mouseleave', () => (hideTimer = setTimeout(hide, HIDE_AFTER_MS)), { signal });
  signal.addEventListener('abort', () => {
    hide();
    host.remove();
  });
}
