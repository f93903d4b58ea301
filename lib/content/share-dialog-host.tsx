import cardCss from '@/components/record-card.css?inline';
import dialogCss from '@/components/share-dialog.css?inline';
import { ShareFlow } from '@/components/share-flow';
import type { ShareSubjectMessage } from '../messages';
import { send } from './send';
import { shadowMount } from './shadow-mount';

const OVERLAY_CSS = `:host{all:initial}.nb-overlay{position:fixed;inset:0;z-index:2147483647;display:flex;align-items:flex-start;justify-content:center;padding:48px 16px;overflow:auto;background:rgba(0,0,0,.35)}`;

let open: { close(): void; host: HTMLElement } | undefined;

/**
 * Opens the share dialog over the page, and gives focus back where it was on close. One at a time: while one is
 * open (perhaps with a message typed), a second request just brings it back into focus and loses nothing.
 */
export function openShareDialog(subject: ShareSubjectMessage): void {
  if (open?.host.isConnected) {
    open.host.shadowRoot?.querySelector<HTMLElement>('[role="combobox"], textarea, button')?.focus();
    return;
  }
  const before = document.activeElement as HTMLElement | null;
  const close = () => {
    mounted.unmount();
    open = undefined;
    before?.focus?.();
  };
  const mounted = shadowMount(
    'nowbridge-share-dialog',
    `${OVERLAY_CSS}\n${cardCss}\n${dialogCss}`,
    <div
      class="nb-overlay"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <ShareFlow subject={subject} send={send} onClose={close} />
    </div>,
  );
  document.documentElement.append(mounted.host);
  open = { close, host: mounted.host };
}
