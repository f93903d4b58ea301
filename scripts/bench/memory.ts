/**
 * Memory and CPU of what NowBridge runs, for the benchmarks: a page's JavaScript heap (its content scripts share
 * the page's V8 isolate, so their part is the difference from a control browser without NowBridge), the
 * background worker's heap (Chrome DevTools Protocol, through the worker's own target), and the extension
 * process from /proc (Linux).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';

interface HeapUsage {
  usedSize: number;
  embedderHeapUsedSize?: number;
}
/** V8's heap plus the DOM's (Oilpan, "embedder") after a full collection, MB. */
const mb = (h: HeapUsage) => (h.usedSize + (h.embedderHeapUsedSize ?? 0)) / 2 ** 20;

/**
 * The heap of a page's renderer isolate (the page and every content script in it), after garbage collection. The
 * console messages the protocol client keeps for the page are dropped first: the test driver holds every console
 * call (with its arguments and stack) while it is attached, which no user's browser does — and the e2e build logs a
 * line per batch of posts (record-cards.tsx), thousands over a long scroll.
 */
export async function pageHeapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Runtime.discardConsoleEntries');
    await cdp.send('HeapProfiler.collectGarbage');
    return mb((await cdp.send('Runtime.getHeapUsage')) as HeapUsage);
  } finally {
    await cdp.detach();
  }
}

/**
 * The background service worker's heap after garbage collection. Playwright opens protocol sessions for pages
 * only, so this attaches to the worker's target from a page's session (workerSession).
 */
export async function workerHeapMb(page: Page, workerUrl: string): Promise<number> {
  const worker = await workerSession(page, workerUrl);
  try {
    await worker.call('HeapProfiler.collectGarbage');
    return mb((await worker.call('Runtime.getHeapUsage')) as HeapUsage);
  } finally {
    await worker.detach();
  }
}

/**
 * A protocol session with the background service worker, for heap figures and CPU profiles: Playwright opens
 * sessions for pages only, so this attaches to the worker's target from a page's session in the protocol's
 * non-flat mode (`Target.sendMessageToTarget`), which Chromium still serves. `detach` ends both sessions.
 */
export async function workerSession(page: Page, workerUrl: string): Promise<{ call(method: string, params?: object): Promise<unknown>; detach(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url === workerUrl);
    if (!target) throw new Error(`no service worker target ${workerUrl}`);
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    return {
      call: sendVia(cdp, sessionId),
      detach: async () => {
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
        await cdp.detach();
      },
    };
  } catch (err) {
    await cdp.detach();
    throw err;
  }
}

function sendVia(cdp: CDPSession, sessionId: string) {
  let id = 0;
  return (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const mine = ++id;
      const onMessage = (e: { sessionId: string; message: string }) => {
        const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
        if (e.sessionId !== sessionId || m.id !== mine) return;
        cdp.off('Target.receivedMessageFromTarget', onMessage);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result);
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method, params }) });
    });
}

/**
 * The Chromium process that runs extensions (its command line says --extension-process) of the browser with this
 * profile directory (ExtensionBrowser.profile): other browsers may be running on the machine, each with its own.
 */
export function extensionProcess(profile: string): number {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const ours = ps.split('\n').filter((l) => {
    const args = l.trim().split(/\s+/);
    return args.includes('--extension-process') && args.includes(`--user-data-dir=${profile}`);
  });
  if (ours.length !== 1) throw new Error(`${ours.length} extension processes for the profile ${profile}`);
  return Number(ours[0]!.trim().split(/\s+/)[0]);
}

/** utime + stime of a process, ms (Linux: clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process, MB. */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}
