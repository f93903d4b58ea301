import { ShareFlow } from '@/components/share-flow';
import { fromUser } from '@/components/user-event';
import type { ShareSubjectMessage } from '../messages';
import { send } from './send';
import { shadowMount } from './shadow-mount';

const OVERLAY_CSS = `:host{all:initial}.nb-overlay{position:fixed;inset:0;z-index:2147483647;display:flex;align-items:flex-start;justify-content:center;padding:48px 16px;overflow:auto;background:rgba(0,0,0,.35)}`;

let open: { close(): void; host: HTMLElement } | undefined;
let opening = false;
let sheet: Promise<string> | undefined;

/** The dialog's stylesheet comes from the background, which keeps it out of the content scripts' size budget. */
function dialogStyles(): Promise<string> {
  sheet ??= send({ type: 'ui/styles', sheet: 'share' }).then(
    (r) => r.css,
    () => {
      sheet = undefined; // unstyled still works; ask again next time
      return '';
    },
  );
  return sheet;
}

/**
 * Opens the share dialog over the page, and gives focus back where it was on close. One at a time: while one is
 * open (perhaps with a message typed), a second request just brings it back into focus and loses nothing.
 */
export async function openShareDialog(subject: ShareSubjectMessage): Promise<void> {
  if (open?.host.isConnected) {
    open.host.shadowRoot?.querySelector<HTMLElement>('[role="combobox"], textarea, button')?.focus();
    return;
  }
  if (opening) return;
  const before = document.activeElement as HTMLElement | null;
  opening = true;
  const css = await dialogStyles().finally(() => {
    opening = false;
  });
  const close = () => {
    mounted.unmount();
    open = undefined;
    before?.focus?.();
  };
  const mounted = shadowMount(
    'nowbridge-share-dialog',
    `${OVERLAY_CSS}\n${css}`,
    <div
      class="nb-overlay"
      onMouseDown={(e) => {
        if (fromUser(e) && e.target === e.currentTarget) close();
      }}
    >
      <ShareFlow subject={subject} send={send} onClose={close} />
    </div>,
  );
  document.documentElement.append(mounted.host);
  open = { close, host: mounted.host };
}
