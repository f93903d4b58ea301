import { RECORD_CARD_HEIGHT } from '@/components/record-card';
import { fromUser } from '@/components/user-event';
import { postIdentity } from '../../mattermost/post-refs';
import { parseRecordUrl } from '../../servicenow/record-url';
import { defineFeature } from '../feature';
import { type MountedFrame, openFrame } from '../frame-host';
import { hostTheme } from '../host-theme';
import { openDialogFrame } from '../share-dialog-host';

const SHOW_AFTER_MS = 300;
const HIDE_AFTER_MS = 200;
const WIDTH = 420;

/**
 * The full card for a ServiceNow link in a post, after hovering it for 300 ms or when it gets keyboard focus —
 * real pointer and focus events only, so a page script can't make NowBridge read a record. The card is an
 * extension frame (components/frame/hover-frame.tsx): the page sees neither the record nor the description.
 * Esc or moving away closes it; moving onto the card keeps it open (its links are usable).
 */
export function hoverCards(signal: AbortSignal, server: string, instances: string[]): void {
  let showTimer: ReturnType<typeof setTimeout> | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let current: HTMLAnchorElement | undefined;
  let card: MountedFrame | undefined;

  const recordLink = (target: EventTarget | null) => {
    const a = (target as Element | null)?.closest?.('a.markdown__link[href]') as HTMLAnchorElement | null;
    if (!a || !a.closest('.post-message__text')) return undefined;
    const ref = parseRecordUrl(a.href, instances);
    const post = a.closest('.post');
    const postId = post && postIdentity(post)?.id;
    return ref && postId ? { a, ref, postId } : undefined;
  };

  const hide = () => {
    clearTimeout(showTimer);
    current = undefined;
    card?.close();
    card = undefined;
  };

  const show = async (a: HTMLAnchorElement, ref: NonNullable<ReturnType<typeof parseRecordUrl>>, postId: string) => {
    hide();
    current = a;
    const { origin: instance, ...rest } = ref;
    const spec = { server, postId, instance, ref: rest, theme: hostTheme() };
    const mounted = await openFrame(
      { kind: 'hover', ...spec },
      {
        // its title: the record panel for this same record (the background checks the post again on frame/open)
        onEvent: (e) => e.type === 'panel' && (hide(), void openDialogFrame({ kind: 'record', ...spec }, 'ServiceNow record', a)),
        placement: { kind: 'popover', anchor: a.getBoundingClientRect(), width: WIDTH, height: RECORD_CARD_HEIGHT.full },
        title: 'ServiceNow record',
        focus: false,
        returnFocus: a,
        onClose: () => {
          if (card === mounted) card = undefined;
        },
      },
    ).catch(() => undefined);
    if (!mounted) return;
    if (current !== a || signal.aborted) return mounted.close(); // moved on while it opened
    card = mounted;
    mounted.host.addEventListener('mouseenter', (e) => fromUser(e) && clearTimeout(hideTimer));
    mounted.host.addEventListener('mouseleave', (e) => fromUser(e) && (hideTimer = setTimeout(hide, HIDE_AFTER_MS)));
  };

  // Only the user's own pointer and keys: a page script must not make NowBridge read records for it.
  const arm = (e: Event, delay: number) => {
    if (!fromUser(e)) return;
    const found = recordLink(e.target);
    if (!found || found.a === current) return;
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    showTimer = setTimeout(() => void show(found.a, found.ref, found.postId), delay);
  };
  const disarm = (e: Event) => {
    if (!fromUser(e)) return;
    const related = (e as MouseEvent | FocusEvent).relatedTarget as Node | null;
    if (related && card && (related === card.host || card.host.contains(related))) return;
    if (!recordLink(e.target)) return;
    clearTimeout(showTimer);
    hideTimer = setTimeout(hide, HIDE_AFTER_MS);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && current && fromUser(e)) hide();
  };

  const opts = { capture: true, signal } as const;
  document.addEventListener('mouseover', (e) => arm(e, SHOW_AFTER_MS), opts);
  document.addEventListener('mouseout', disarm, opts);
  document.addEventListener('focusin', (e) => arm(e, 0), opts);
  document.addEventListener('focusout', disarm, opts);
  document.addEventListener('keydown', onKey, opts);
  signal.addEventListener('abort', hide);
}

export const feature = defineFeature({
  id: 'hover-cards',
  include: (ctx) => ctx.instances().length > 0,
  init: (signal, ctx) => hoverCards(signal, ctx.site, ctx.instances()),
});
