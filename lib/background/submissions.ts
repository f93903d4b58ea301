/**
 * At most once per submission, whatever the retries or restarts. A form gives each submission an id and sends the
 * same id again when the user retries. Here:
 * - a retry while the first attempt is in flight, or after it succeeded, gets the first attempt's answer;
 * - a retry after a failure runs again, told when the first attempt started, so it first looks for what that attempt
 *   may have written (its answer may be what was lost) — record-work.ts, approvals.ts, record-edits.ts,
 *   incident-service.ts each know how to look;
 * - the same holds after the browser stopped the worker mid-write: the ledger (storage.session: kept across worker
 *   restarts, gone with the browser session, never readable by content scripts) remembers that an attempt started,
 *   and the new worker treats the retry as one after a failure.
 */
export interface SubmissionLedger {
  /** when an attempt of this submission started in this browser session, if one did */
  started(key: string): Promise<number | undefined>;
  start(key: string, at: number): Promise<void>;
  /** a clear "nothing was written": the next attempt is a first one again */
  forget(key: string): Promise<void>;
}

/** How long a submission is remembered: a retry inside this window gets the same answer (or the look-up first). */
export const REMEMBER_MS = 10 * 60_000;

export interface SubmissionOptions<A> {
  /** names the ledger's keys: ids are per form, not global */
  kind: string;
  ledger?: SubmissionLedger | undefined;
  now?: () => number;
  /** an answer that wrote nothing (a refusal, a conflict): the same submission may be sent anew */
  wroteNothing?(answer: A): boolean;
}

export function createSubmissions<A>(o: SubmissionOptions<A>) {
  const now = o.now ?? Date.now;
  const memory = new Map<number, { at: number; answer: Promise<A>; failed: boolean }>();

  return {
    /** `attempt(earlier)`: `earlier` is when a first attempt started that may have written, if there was one */
    run(id: number, attempt: (earlier: number | undefined) => Promise<A>): Promise<A> {
      for (const [k, s] of memory) if (now() - s.at > REMEMBER_MS) memory.delete(k);
      const known = memory.get(id);
      if (known && !known.failed) return known.answer;
      const key = `${o.kind}:${id}`;
      const entry = { at: known?.at ?? now(), answer: undefined as unknown as Promise<A>, failed: false };
      entry.answer = (async () => {
        const before = known ? known.at : await o.ledger?.started(key);
        if (before === undefined) await o.ledger?.start(key, entry.at);
        else entry.at = before;
        return attempt(before);
      })();
      memory.set(id, entry);
      entry.answer.then(
        (a) => {
          if (!o.wroteNothing?.(a)) return;
          if (memory.get(id) === entry) memory.delete(id);
          void o.ledger?.forget(key);
        },
        () => void (entry.failed = true),
      );
      return entry.answer;
    },
  };
}
