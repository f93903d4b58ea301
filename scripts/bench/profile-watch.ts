// Where a quiet watch check's CPU goes: CPU profiles (Chrome DevTools Protocol Profiler) of the background worker
// (through its own target: memory.ts workerSession) and of the open popup's Activity view, over quiet checks of 500
// watched records, as `npm run bench -- watch` makes them. Prints each side's top functions by self time and writes
// the .cpuprofile files (for DevTools) to the directory given (default /tmp). Run after `npm run build:e2e`
// (an unminified build reads better): `npx tsx scripts/bench/profile-watch.ts [dir]`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension } from '../../e2e/browser';
import { signInAndConnect, startSims } from '../../e2e/sims';
import { testTls } from '../../e2e/world';
import { HOSTS } from '../../sim/fixtures';
import { cpuMs, extensionProcess, workerSession } from './memory';
import { setWatches, watchableTasks } from './watch';

const CHECKS = 10;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name, file, line), ms, and the total, from a profile's samples. */
function selfTimes(p: Profile): { total: number; rows: [string, number][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') return;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return { total, rows: [...self].sort((a, b) => b[1] - a[1]) };
}

/** Inclusive time of functions whose names match, ms (each sample counted once per name). */
function inclusive(p: Profile, names: RegExp): [string, number][] {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n)!.callFrame;
      const key = `${f.functionName} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      if (names.test(f.functionName) && !seen.has(key)) {
        seen.add(key);
        out.set(key, (out.get(key) ?? 0) + dt);
      }
    }
  });
  return [...out].sort((a, b) => b[1] - a[1]);
}

async function main() {
  const dir = process.argv[2] ?? '/tmp';
  const sims = await startSims();
  const browser = await launchWithExtension({ hosts: sims.hosts, spki: testTls().spki });
  try {
    await signInAndConnect(browser, sims, { servicenow: [`https://${HOSTS.servicenow}`], mattermost: [`https://${HOSTS.mattermost}`] });
    const page = await browser.openExtensionPage('popup.html?view=activity');
    await page.getByRole('region', { name: 'Activity' }).waitFor();
    await setWatches(page, watchableTasks(sims, 500));
    const check = () => page.evaluate(() => chrome.runtime.sendMessage({ type: 'watch/check' }));
    await check();
    await check();
    const worker = await workerSession(page, browser.worker.url());
    const popup = await page.context().newCDPSession(page);
    for (const call of [worker.call, (m: string, p?: object) => popup.send(m as 'Profiler.enable', p)]) {
      await call('Profiler.enable');
      await call('Profiler.setSamplingInterval', { interval: 100 });
      await call('Profiler.start');
    }
    const pid = extensionProcess(browser.profile);
    const cpu0 = cpuMs(pid);
    const t0 = Date.now();
    for (let i = 0; i < CHECKS; i++) {
      sims.sn.control.advanceClock(60);
      await check();
      await page.waitForTimeout(100); // the popup's re-read after the check's broadcast
    }
    const cpu = (cpuMs(pid) - cpu0) / CHECKS;
    const wall = (Date.now() - t0) / CHECKS;
    const w = ((await worker.call('Profiler.stop')) as { profile: Profile }).profile;
    const p = ((await popup.send('Profiler.stop')) as { profile: Profile }).profile;
    await worker.detach();
    writeFileSync(join(dir, 'worker.cpuprofile'), JSON.stringify(w));
    writeFileSync(join(dir, 'popup.cpuprofile'), JSON.stringify(p));
    console.log(`extension process CPU ${cpu.toFixed(1)} ms per check (incl. 100 ms idle wait each; wall ${wall.toFixed(0)} ms)`);
    for (const [name, prof] of [['worker', w], ['popup', p]] as const) {
      const { total, rows } = selfTimes(prof);
      console.log(`\n== ${name}: ${(total / CHECKS).toFixed(1)} ms JS per check; top self time per check:`);
      for (const [k, ms] of rows.slice(0, 25)) console.log(`  ${(ms / CHECKS).toFixed(2).padStart(7)} ms  ${k}`);
      const inc = inclusive(prof, new RegExp(process.env.FNS ?? '^(checkAll|pollInstance|list|watches|snapshots|parse|safeParse|load|render|diff|setInstance|getMany|structuredClone|route|ActivityView|WatchItem|WatchFeedField)$'));
      console.log(`  -- inclusive per check:`);
      for (const [k, ms] of inc.slice(0, 25)) console.log(`  ${(ms / CHECKS).toFixed(2).padStart(7)} ms  ${k}`);
    }
  } finally {
    await browser.close();
    await sims.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
