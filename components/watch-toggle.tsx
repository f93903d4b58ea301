import { useEffect, useState } from 'preact/hooks';
import type { Request, Response } from '@/lib/messages';
import { fromUser } from './user-event';

/** the part of lib/send.ts the toggle uses (tests pass their own) */
export type WatchSend = <T extends 'watch/record' | 'watch/add-record' | 'watch/remove'>(request: Extract<Request, { type: T }>) => Promise<Response<T>>;

/**
 * "Watch" / "Watching" for one record (a toggle button: aria-pressed), in the record panel's header: NowBridge then
 * tells the user who changes what on it (lib/background/watch-service.ts). Runs in an extension page or frame only.
 */
export function WatchToggle({ instance, record, send }: { instance: string; record: { table: string; sys_id: string; number: string }; send: WatchSend }) {
  const [watchId, setWatchId] = useState<string | null>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    send({ type: 'watch/record', instance, sys_id: record.sys_id }).then(
      (a) => setWatchId(a.watch?.id ?? null),
      () => setWatchId(null),
    );
  }, [instance, record.sys_id]);

  const toggle = async () => {
    if (busy || watchId === undefined) return;
    setBusy(true);
    setError('');
    try {
      if (watchId) {
        await send({ type: 'watch/remove', id: watchId });
        setWatchId(null);
      } else {
        setWatchId((await send({ type: 'watch/add-record', instance, table: record.table, sys_id: record.sys_id })).watch.id);
      }
    } catch (err) {
      setError((err instanceof Error && err.message) || 'NowBridge could not change the watch.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <span class="nb-watch-toggle">
      <button
        type="button"
        class="nb-share__btn"
        aria-pressed={!!watchId}
        aria-disabled={busy || watchId === undefined}
        title={watchId ? `Stop watching ${record.number}` : `Be told when ${record.number} changes`}
        onClick={(e) => fromUser(e) && void toggle()}
      >
        {watchId ? 'Watching' : 'Watch'}
      </button>
      {error && (
        <span class="nb-share__error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
