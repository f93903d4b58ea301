/**
 * ONE MutationObserver per document for every NowBridge feature (issue 10), instead of one per feature plus
 * timers. Features subscribe; the observer batches what happened per animation frame and runs the
 * subscribers' work time-sliced, so no NowBridge task holds the main thread longer than `budgetMs` (8 ms).
 *
 * - The MutationObserver callback only queues records: no DOM reads there.
 * - Once per frame (or after 100 ms in a background tab, where frames never come), the queued records go to
 *   every subscriber. A plain function subscriber is called once for the batch (cheap checks: "is my button
 *   still there?"). A Watcher turns records into work items (`map`, a `closest()` or two each), then
 *   `run`s the items in chunks sized to fit what is left of the slice, from its measured cost per item.
 * - Between slices the loop yields to the page (`scheduler.yield` where the browser has it, else a
 *   MessageChannel hop), so input and rendering go first.
 * - One subscriber throwing never stops another: its error is reported (once) and the rest run.
 * - Observes `childList`+`subtree` on `<html>` (whole lists and bodies are replaced; Mattermost's virtualised
 *   list is, on every channel switch: webapp/channels/src/components/post_view/post_list_virtualized/post_list_virtualized.tsx),
 *   plus `characterData`, because an edited Mattermost post may only patch its text node. Attributes are not
 *   observed: hover and focus toggle classes constantly.
 * - Shadow roots are invisible to a document observer; `watch(root)` adds one to the same observer (the
 *   ServiceNow workspace finder does, see when-present.ts).
 */

/** A feature's interest in DOM changes, when it has per-item work worth slicing (posts, say). */
export interface Watcher<T> {
  /** Files one mutation record's work items with `add` (duplicates within a batch are dropped). Keep it cheap. */
  map(record: MutationRecord, add: (item: T) => void): void;
  /** Items already in the page when subscribing (the initial scan), added in the first frame. */
  initial?(add: (item: T) => void): void;
  /** Does the work for a chunk of items. Chunks are sized so that a slice stays within the budget. */
  run(items: T[]): void;
  /** After the last chunk, once everything queued so far has run. */
  done?(): void;
  /** At least what one item costs, in ms. Unknown: chunks start at 1 item and at most double while measuring. */
  costMs?: number;
}

/** Called once per batch of DOM changes; must be cheap (a few queries). */
export type BatchListener = () => void;

export interface DomObserver {
  /** Until `signal` aborts. `onError` reports a throwing subscriber (default: console.error). */
  subscribe<T>(sub: BatchListener | Watcher<T>, signal: AbortSignal, onError?: (err: unknown) => void): void;
  /** Also observe inside this (open shadow) root; once per root. */
  watch(root: Node): void;
}

export interface DomObserverOptions {
  root?: Document;
  /** no task longer than this, in ms */
  budgetMs?: number;
  /** runs the batch; defaults to the next animation frame, or 100 ms in a hidden tab */
  schedule?: (cb: () => void) => void;
  /** yields to the page between slices */
  yieldToHost?: () => Promise<void>;
  now?: () => number;
}

export const BUDGET_MS = 8;
/** A slice aims below the budget: the chunk size is an estimate, and dispatching costs a little too. */
const SLICE_SHARE = 0.75;
/** How many records `map` handles between two looks at the clock. */
const MAP_STRIDE = 32;

const OPTIONS: MutationObserverInit = { childList: true, subtree: true, characterData: true };

function frameOrTimeout(cb: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cb();
  };
  requestAnimationFrame(run);
  setTimeout(run, 100);
}

type Scheduler = { yield?: () => Promise<void> };
export function yieldToHost(): Promise<void> {
  const s = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

interface Sub {
  fn?: BatchListener;
  w?: Watcher<unknown>;
  report(err: unknown): void;
  dirty: boolean;
  initial: boolean;
  records: MutationRecord[];
  ri: number;
  queue: unknown[];
  qi: number;
  queued: Set<unknown>;
  ran: boolean;
  /** measured ms per item (NaN until measured) */
  perItem: number;
  /** how many items were measured */
  measured: number;
  add(item: unknown): void;
}

export function createDomObserver(opts: DomObserverOptions = {}): DomObserver {
  const doc = opts.root ?? document;
  const budget = opts.budgetMs ?? BUDGET_MS;
  const sliceMs = budget * SLICE_SHARE;
  const schedule = opts.schedule ?? frameOrTimeout;
  const yieldTo = opts.yieldToHost ?? yieldToHost;
  const now = opts.now ?? (() => performance.now());
  // The global constructor in the extension (a Firefox content script must not build observers from the
  // page's window); a foreign document's own one only when a test passes another window's document.
  const Observer = doc !== globalThis.document ? (doc.defaultView?.MutationObserver ?? MutationObserver) : MutationObserver;

  const subs = new Set<Sub>();
  let pending: MutationRecord[] = [];
  let framed = false;
  let pumping = false;
  let watched = new WeakSet<Node>();
  let observer: MutationObserver | undefined;

  const connect = () => {
    if (observer) return;
    observer = new Observer((records) => {
      for (let i = 0; i < records.length; i++) pending.push(records[i]!);
      request();
    });
    observer.observe(doc.documentElement, OPTIONS);
  };
  const disconnect = () => {
    observer?.disconnect();
    observer = undefined;
    watched = new WeakSet();
    pending = [];
  };

  function request(): void {
    if (framed) return;
    framed = true;
    schedule(frame);
  }

  function frame(): void {
    framed = false;
    const records = pending;
    pending = [];
    for (const s of subs) {
      if (s.fn) s.dirty ||= records.length > 0;
      else for (let i = 0; i < records.length; i++) s.records.push(records[i]!);
    }
    void pump();
  }

  const call = (s: Sub, f: () => void) => {
    try {
      f();
    } catch (err) {
      s.report(err);
    }
  };

  const hasWork = (s: Sub) => s.dirty || s.initial || s.ri < s.records.length || s.qi < s.queue.length;

  /** Works on one subscriber until it is done or the slice's deadline passes; `fresh`: nothing ran yet this slice. */
  function step(s: Sub, deadline: number, fresh: boolean): void {
    if (s.fn) {
      s.dirty = s.initial = false;
      call(s, s.fn);
      return;
    }
    const w = s.w!;
    if (s.initial) {
      s.initial = false;
      if (w.initial) call(s, () => w.initial!(s.add));
    }
    while (s.ri < s.records.length) {
      if (s.ri % MAP_STRIDE === 0 && now() >= deadline && !fresh) return;
      fresh = false;
      const rec = s.records[s.ri++]!;
      call(s, () => w.map(rec, s.add));
    }
    s.records = [];
    s.ri = 0;
    while (s.qi < s.queue.length) {
      const t = now();
      // A declared cost is a floor. Without one, trust the measurement only as far as it goes: at most twice as
      // many items as were measured so far (one cheap item says little about the next hundred).
      const measured = Number.isNaN(s.perItem) ? 0 : s.perItem;
      const est = w.costMs !== undefined ? Math.max(w.costMs, measured) : measured;
      // A chunk fills at most half of what is left, so one twice as slow as estimated still ends in time.
      let n = est > 0 ? Math.floor((deadline - t) / est / 2) : Infinity;
      if (w.costMs === undefined) n = Math.min(n, Math.max(1, s.measured * 2));
      if (n < 1) {
        if (!fresh) return;
        n = 1; // a slice always makes progress
      }
      fresh = false;
      const chunk = s.queue.slice(s.qi, s.qi + n);
      s.qi += chunk.length;
      for (const x of chunk) s.queued.delete(x);
      s.ran = true;
      call(s, () => w.run(chunk));
      // Quick to rise, slow to fall: one slow chunk (a GC pause) shrinks the next few, not every chunk after.
      const per = (now() - t) / chunk.length;
      s.perItem = Number.isNaN(s.perItem) ? per : Math.max(per, s.perItem * 0.8);
      s.measured += chunk.length;
      if (now() >= deadline) return;
    }
    s.queue = [];
    s.qi = 0;
    if (s.ran) {
      s.ran = false;
      if (w.done) call(s, w.done);
    }
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        const deadline = now() + sliceMs;
        let fresh = true;
        for (const s of subs) {
          if (!hasWork(s)) continue;
          if (!fresh && now() >= deadline) break;
          step(s, deadline, fresh);
          fresh = false;
        }
        if (![...subs].some(hasWork)) return;
        await yieldTo();
      }
    } finally {
      pumping = false;
    }
  }

  return {
    subscribe(sub, signal, onError) {
      if (signal.aborted) return;
      let reported = false;
      const s: Sub = {
        ...(typeof sub === 'function' ? { fn: sub } : { w: sub as Watcher<unknown> }),
        report(err) {
          if (reported) return;
          reported = true;
          (onError ?? ((e) => console.error('NowBridge: a DOM observer subscriber failed', e)))(err);
        },
        dirty: false,
        initial: true,
        records: [],
        ri: 0,
        queue: [],
        qi: 0,
        queued: new Set(),
        ran: false,
        perItem: NaN,
        measured: 0,
        add(item) {
          if (s.queued.has(item)) return;
          s.queued.add(item);
          s.queue.push(item);
        },
      };
      subs.add(s);
      connect();
      request(); // the initial call or scan, in the next frame
      signal.addEventListener(
        'abort',
        () => {
          subs.delete(s);
          if (!subs.size) disconnect();
        },
        { once: true },
      );
    },
    watch(root) {
      if (!observer || watched.has(root)) return;
      watched.add(root);
      observer.observe(root, OPTIONS);
    },
  };
}

const shared = new WeakMap<Document, DomObserver>();

/** The document's one observer, made on first use. */
export function sharedObserver(doc: Document = document): DomObserver {
  let o = shared.get(doc);
  if (!o) shared.set(doc, (o = createDomObserver({ root: doc })));
  return o;
}
