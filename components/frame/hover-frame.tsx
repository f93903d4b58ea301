import { useEffect, useState } from 'preact/hooks';
import type { Response } from '@/lib/messages';
import { send } from '@/lib/send';
import { dmOpener, PersonLinks } from '../person-links';
import { RecordCard } from '../record-card';
import { WatchToggle } from '../watch-toggle';
import type { FrameViewProps } from './frame-app';
import { AllowAccess } from '../allow-access';

type CardData = Response<'record/full'>;

/** A read that failed before the background could answer (it was stopped, or refused): the card names it, with Retry. */
export const failedCard = (message: string): CardData => ({ lookup: { ok: false, reason: 'error', message }, accent: '#80868B', fields: [], tableLabel: '' });

/**
 * The full card for a ServiceNow link in a Mattermost post, read as the viewer (the hover fields come from the table's
 * spec); Esc closes it. Its title, a button "Open <NUMBER> panel", asks the content script to swap it for the record
 * panel: a frame can't open frames, and the event names no record, so the panel is for this card's own (checked) one.
 * Watch / Watching beside the people (watch-toggle.tsx). A read that failed says why on the card, with Retry (a new
 * read: the background keeps only good ones), or Reconnect / Connect, which open NowBridge's settings.
 */
export function HoverFrame({ spec, emit, preloaded }: FrameViewProps<'hover'>) {
  const [data, setData] = useState<CardData | undefined>(preloaded.card);
  const read = () => {
    setData(undefined);
    send({ type: 'record/full', instance: spec.instance, ref: spec.ref }).then(setData, (err: Error) => setData(failedCard(err.message)));
  };
  useEffect(() => {
    if (!preloaded.card) read();
  }, []);
  const openSettings = () => void send({ type: 'ui/open-settings' }).catch(() => undefined);
  return (
    <div class="nb-frame-hover" onKeyDown={(e) => e.key === 'Escape' && emit({ type: 'close', refocus: true })}>
      <RecordCard
        lookup={data?.lookup}
        variant="full"
        accent={data?.accent ?? '#80868B'}
        fields={data ? data.fields.slice(0, 6) : []}
        tableLabel={data?.tableLabel}
        excerpt={{ field: 'description' }}
        onTitle={() => emit({ type: 'panel' })}
        onRetry={read}
        onReconnect={openSettings}
        onConnect={openSettings}
      />
      {data && !data.lookup.ok && <AllowAccess message={data.lookup.message} />}
      {data?.lookup.ok && <PersonLinks record={data.lookup.record} open={dmOpener(send, spec.instance, { server: spec.server, emit })} />}
      {data?.lookup.ok && <WatchToggle instance={spec.instance} record={data.lookup.record} send={send} />}
    </div>
  );
}
