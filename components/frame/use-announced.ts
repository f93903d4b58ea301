import { useEffect, useRef } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { type RecordKeyRef, refKey } from '@/lib/servicenow/record';

/** The background's announcement that records' cards changed (lib/background/revalidated.ts): `${instance} ${refKey}` each. */
export function announcedKeys(message: unknown): string[] | undefined {
  const m = message as { type?: unknown; keys?: unknown } | null;
  if (m?.type !== 'nowbridge/cards-revalidated' || !Array.isArray(m.keys)) return undefined;
  return m.keys.filter((k): k is string => typeof k === 'string');
}

/**
 * Calls `onChange` when the background announces that one of these references of a record changed (a write from
 * any tab, or a stale card re-read): the caller asks again, and gets it from the background's cache, so an open
 * panel in every tab follows the one read the write already paid for. Extension pages (frames, the popup) get the
 * announcement as a runtime broadcast; content scripts get it per tab.
 */
export function useAnnounced(instance: string, refs: readonly (RecordKeyRef | undefined)[], onChange: () => void): void {
  const latest = useRef({ refs, onChange });
  latest.current = { refs, onChange };
  useEffect(() => {
    const base = instance.replace(/\/+$/, '');
    const listener = (message: unknown) => {
      const keys = announcedKeys(message);
      if (!keys) return undefined;
      const mine = new Set(latest.current.refs.flatMap((r) => (r ? [`${base} ${refKey(r)}`] : [])));
      if (keys.some((k) => mine.has(k))) latest.current.onChange();
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [instance]);
}
