import { useState } from 'preact/hooks';
import { send } from '@/lib/send';
import { ShareFlow } from '../share-flow';
import type { FrameViewProps } from './frame-app';
import { RecordFrame } from './record-frame';

/**
 * The share dialog over the page: a click on the backdrop or Esc closes it, and focus goes back where it was.
 * A shared record's "Work on record" shows its record panel in this same frame; the dialog stays mounted behind
 * it (channel and message as typed), and the panel's Close or Esc comes back to it.
 */
export function ShareFrame({ spec, emit, preloaded }: FrameViewProps<'share'>) {
  const [working, setWorking] = useState(false);
  const close = () => emit({ type: 'close', refocus: true });
  const { subject } = spec;
  const back = () => {
    setWorking(false);
    setTimeout(() => document.querySelector<HTMLElement>('[role="combobox"]')?.focus());
  };
  return (
    <>
      <div
        class="nb-frame-overlay"
        hidden={working}
        onMouseDown={(e) => {
          if (e.target === e.currentTarget) close();
        }}
      >
        <ShareFlow subject={subject} send={send} onClose={close} preloaded={preloaded} onWorkOn={subject.kind === 'record' ? () => setWorking(true) : undefined} />
      </div>
      {working && subject.kind === 'record' && (
        <RecordFrame spec={{ instance: subject.instance, ref: subject.ref }} emit={(e) => e.type === 'close' && back()} preloaded={{}} />
      )}
    </>
  );
}
