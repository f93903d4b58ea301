/**
 * NowBridge's share of a page's main-thread tasks, from a Chromium trace (Chrome DevTools Protocol `Tracing`).
 *
 * Every task the renderer's main thread runs is a `RunTask` event (category `toplevel`); the JavaScript in it shows
 * as `FunctionCall` / `EvaluateScript` / `TimerFire` / `FireAnimationFrame` / `EventDispatch` events (category
 * `devtools.timeline`) whose `args.data.url` names the script. A content script's functions carry its extension URL
 * (`chrome-extension://<id>/content-scripts/…`), so NowBridge's time in a task is the sum of the outermost
 * events from that URL, and a "NowBridge task" is one where it ran at all. Layout or style work NowBridge's code
 * forces while it runs is inside those events and counted as its own. The page's other work is reported
 * separately, so the figures say whose task was long.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface TaskFigures {
  /** main-thread tasks of the page's renderer in the window */
  tasks: number;
  /** tasks in which NowBridge's code ran, and its time in each (ms, wall clock), longest first; its scripts' start apart */
  nowbridge: number[];
  /**
   * The same tasks' NowBridge time on the main thread's own CPU clock (the trace's `tdur`), longest first. On a
   * loaded machine the operating system may take the thread off the CPU in the middle of a task; wall time then
   * counts that wait, thread time does not. A garbage collection or layout inside NowBridge's code counts in both.
   */
  nowbridgeCpu: number[];
  /**
   * The same, less the full garbage collections (MajorGC) V8 ran inside them: the page and its content scripts share
   * one heap, and a collection of it runs in whichever task's allocation reaches the limit — in a 10,000-post
   * channel, a page heap of some 36 MB.
   */
  nowbridgeOwn: number[];
  /** the page's own tasks (no NowBridge code in them): wall ms and thread ms summed, to show how loaded the machine was */
  pageWallMs: number;
  pageCpuMs: number;
  /** each time a NowBridge content script started in a page: compiling it and running its top level (ms of thread time) */
  starts: number[];
  /** the same starts by the wall clock */
  startsWall: number[];
  /** tasks over 50 ms whatever ran in them (the page's own long tasks included) */
  longTasks: number;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** thread (CPU) duration, µs */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; functionName?: string; lineNumber?: number } };
}

const CATEGORIES = ['toplevel', 'devtools.timeline', '__metadata'];
const JS_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.callFunction', 'RunMicrotasks']);

/** Starts a trace; `stop` ends it and measures the tasks of the renderer showing `origin`. */
export async function tracePageTasks(page: Page, extensionId: string, origin: string): Promise<{ stop(): Promise<TaskFigures> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordContinuously' }, transferMode: 'ReturnAsStream' });
  return {
    async stop() {
      const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream!)));
      await cdp.send('Tracing.end');
      const events = await readTrace(cdp, await done);
      await cdp.detach();
      return measure(events, `chrome-extension://${extensionId}/`, origin);
    },
  };
}

async function readTrace(cdp: CDPSession, handle: string): Promise<TraceEvent[]> {
  // Read and parsed in pieces: a long trace is more than one string should hold. The stream is one JSON object
  // `{"traceEvents":[{…},{…},…]}` with one event per line.
  const events: TraceEvent[] = [];
  let rest = '';
  const take = (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      // event lines only: the stream ends with `],"metadata":{…}}`, which is not one
      const s = line.trim().replace(/^\{"traceEvents":\[/, '').replace(/,$/, '');
      if (s.startsWith('{"') && s.endsWith('}') && s.includes('"ph":')) events.push(JSON.parse(s) as TraceEvent);
    }
  };
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle, size: 1 << 20 });
    take(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  take('\n');
  await cdp.send('IO.close', { handle });
  return events;
}

/** The page's renderer main thread: where the page's own scripts (`origin`) ran, its CrRendererMain thread. */
export function measure(events: TraceEvent[], extensionUrl: string, origin: string): TaskFigures {
  const pids = new Set(events.filter((e) => JS_EVENTS.has(e.name) && e.args?.data?.url?.startsWith(origin)).map((e) => e.pid));
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && pids.has(e.pid)).map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const fromUs = (e: TraceEvent) => !!e.args?.data?.url?.startsWith(extensionUrl);
  // A content script's start is one EvaluateScript of the whole bundle, as the page loads: it cannot be sliced,
  // only made smaller, so it is counted on its own.
  const evaluated = onMain.filter((e) => e.name === 'EvaluateScript' && fromUs(e));
  const starts = evaluated.map((e) => (e.tdur ?? e.dur ?? 0) / 1000);
  const startsWall = evaluated.map((e) => (e.dur ?? 0) / 1000);
  const ours = onMain.filter((e) => JS_EVENTS.has(e.name) && e.name !== 'EvaluateScript' && fromUs(e));
  const nowbridge: number[] = [];
  const nowbridgeCpu: number[] = [];
  const nowbridgeOwn: number[] = [];
  const majorGcs = onMain.filter((e) => e.name === 'MajorGC');
  let g = 0;
  let pageWallMs = 0;
  let pageCpuMs = 0;
  let longTasks = 0;
  let i = 0;
  for (const t of tasks) {
    const end = t.ts + (t.dur ?? 0);
    if ((t.dur ?? 0) > 50_000) longTasks++;
    let ms = 0;
    let cpu = 0;
    let gc = 0;
    let covered = -1;
    while (i < ours.length && ours[i]!.ts < t.ts) i++;
    for (let j = i; j < ours.length && ours[j]!.ts < end; j++) {
      const e = ours[j]!;
      if (e.ts < covered) continue; // inside an outer NowBridge event already counted
      ms += (e.dur ?? 0) / 1000;
      // (never more than the wall time: the thread clock in a trace can jump, and no thread runs longer than it took)
      cpu += Math.min(e.tdur ?? Infinity, e.dur ?? 0) / 1000;
      covered = e.ts + (e.dur ?? 0);
      while (g < majorGcs.length && majorGcs[g]!.ts < e.ts) g++;
      for (let k = g; k < majorGcs.length && majorGcs[k]!.ts < covered; k++) gc += (majorGcs[k]!.tdur ?? majorGcs[k]!.dur ?? 0) / 1000;
    }
    if (ms > 0) {
      nowbridge.push(ms);
      nowbridgeCpu.push(cpu);
      nowbridgeOwn.push(Math.max(0, cpu - gc));
    } else {
      pageWallMs += (t.dur ?? 0) / 1000;
      pageCpuMs += (t.tdur ?? t.dur ?? 0) / 1000;
    }
  }
  if (process.env.BENCH_TRACE) {
    // what the longest NowBridge events spent their time on (a garbage collection, a forced layout, its own code)
    const byWall = [...ours].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 5);
    const byThread = [...ours].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 5);
    for (const e of new Set([...byWall, ...byThread])) {
      const inside = onMain.filter((x) => x !== e && x.ts >= e.ts && x.ts < e.ts + (e.dur ?? 0)).sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
      console.error(`  ${((e.dur ?? 0) / 1000).toFixed(1)} ms (thread ${((e.tdur ?? 0) / 1000).toFixed(1)}) ${e.name} ${e.args?.data?.functionName ?? ''}:${e.args?.data?.lineNumber ?? ''}: ${inside.slice(0, 4).map((x) => `${x.name} ${((x.dur ?? 0) / 1000).toFixed(1)}`).join(', ')}`);
    }
  }
  const desc = (xs: number[]) => xs.sort((a, b) => b - a);
  return { tasks: tasks.length, nowbridge: desc(nowbridge), nowbridgeCpu: desc(nowbridgeCpu), nowbridgeOwn: desc(nowbridgeOwn), pageWallMs, pageCpuMs, starts, startsWall, longTasks };
}
