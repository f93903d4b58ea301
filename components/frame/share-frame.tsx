import { send } from '@/lib/send';
import { ShareFlow } from '../share-flow';
import type { FrameViewProps } from './frame-app';

/** The share dialog over the page: a click on the backdrop or Esc closes it, and focus goes back where it was. */
export function ShareFrame({ spec, emit, preloaded }: FrameViewProps<'share'>) {
  const close = () => emit({ type: 'close', refocus: true });
  return (
    <div
      class="nb-frame-overlay"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <ShareFlow subject={spec.subject} send={send} onClose={close} preloaded={preloaded} />
    </div>
  );
}
