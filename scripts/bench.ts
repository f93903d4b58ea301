// `npm run bench`: the figures the issues ask for, measured in real Chromium with the built extension against
// the simulators, each printed beside its target; the results are written to BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { launchWithExtension } from '../e2e/browser';
import { ensureSystemToolsOrExit } from './system-tools.mjs';
import { signInAndConnect, startSims } from '../e2e/sims';
import { testTls } from '../e2e/world';
import { HOSTS } from '../sim/fixtures';
import type { BenchContext, BenchRow } from './bench/types';
import { benchSearch } from './bench/search';
import { benchShare } from './bench/share';
import { benchUnfurl } from './bench/unfurl';
import { benchPanel } from './bench/panel';
import { benchWatch } from './bench/watch';
import { benchLoad } from './bench/load';
import { benchLimitedSearch } from './bench/limited-search';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;

async function main() {
  if (process.argv[2] === 'faults') process.exit(faultTable());
  ensureSystemToolsOrExit(); // before the build: a fresh machine learns at once what it lacks, or gets it
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { stdio: 'ignore' });
  const sims = await startSims();
  const ctx: BenchContext = {
    sims,
    launch: () => launchWithExtension({ hosts: sims.hosts, spki: testTls().spki }),
    connect: (browser) => signInAndConnect(browser, sims, { servicenow: [SN], mattermost: [MM] }),
  };

  // `npm run bench -- share` runs one section (and leaves BENCHMARKS.md alone); `-- faults` only the fault table.
  const only = process.argv[2];
  const all: { key: string; title: string; run(c: BenchContext): Promise<BenchRow[]> }[] = [
    { key: 'unfurl', title: 'Record cards in Mattermost (issue 6)', run: benchUnfurl },
    { key: 'search', title: 'Popup search (issue 7)', run: benchSearch },
    { key: 'share', title: 'Share dialog in an extension frame (issue 10)', run: benchShare },
    { key: 'panel', title: 'Record panel (issue 12)', run: benchPanel },
    { key: 'watch', title: 'Watching records and queues (issue 14)', run: benchWatch },
    { key: 'load', title: 'Under load (issue 15)', run: benchLoad },
    { key: 'limited', title: 'Search during a rate limit (issue 15)', run: benchLimitedSearch },
  ];
  const sections: { title: string; rows: BenchRow[] }[] = [];
  try {
    for (const s of all.filter((x) => !only || x.key === only)) sections.push({ title: s.title, rows: await s.run(ctx) });
  } finally {
    await sims.stop();
  }

  const lines: string[] = [];
  let failed = 0;
  for (const { title, rows } of sections) {
    lines.push(`## ${title}`, '', '| Figure | Measured | Target | Ratio | Naive baseline | |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      const ok = r.value <= r.target;
      if (!ok) failed++;
      const ratio = r.target === 0 ? (r.value === 0 ? '—' : '∞') : (r.value / r.target).toFixed(2);
      lines.push(`| ${r.name}${r.note ? ` (${r.note})` : ''} | ${r.value} ${r.unit} | ≤ ${r.target} ${r.unit} | ${ratio} | ${r.baseline ?? ''} | ${ok ? 'meets' : 'MISSES'} |`);
      console.log(`${ok ? 'ok  ' : 'MISS'} ${r.name}: ${r.value} ${r.unit} (target ≤ ${r.target}, ratio ${ratio}${r.baseline !== undefined ? `, naive ${r.baseline}` : ''})${r.note ? ` — ${r.note}` : ''}`);
    }
    lines.push('');
  }
  const header = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: headless Debian Chromium with the e2e build, against the local`,
    'simulators on loopback (2 cores, 24 GiB). Every figure is printed beside its target; lower is better.',
    '',
  ];
  if (!only) writeFileSync('BENCHMARKS.md', [...header, ...lines].join('\n'));
  // one section run alone replaces its own section (or is added), saying when and how it was measured
  else if (sections[0]) writeFileSync('BENCHMARKS.md', withSection(readFileSync('BENCHMARKS.md', 'utf8'), sections[0].title, lines, only));
  console.log(`\n${only ? 'Ran one section' : 'Wrote BENCHMARKS.md'}${failed ? ` — ${failed} figure(s) miss their target` : ''}`);
  // the whole bench ends with the fault table (scripts/faults.ts): every action × every fault, into README
  const faults = only ? 0 : faultTable();
  process.exit(failed || faults ? 1 : 0);
}

/** `md` with the section titled `title` replaced by `lines` (a `## title` block), or with them added at the end. */
export function withSection(md: string, title: string, lines: string[], key: string): string {
  const [heading, ...table] = lines;
  const block = [heading, '', `Measured by \`npm run bench -- ${key}\` on ${new Date().toISOString().slice(0, 10)} (the section alone; the others are from their own runs).`, ...table].join('\n');
  const start = md.indexOf(`## ${title}\n`);
  if (start < 0) return `${md.trimEnd()}\n\n${block}`;
  const next = md.indexOf('\n## ', start + 1);
  return md.slice(0, start) + block + (next < 0 ? '\n' : md.slice(next));
}

/** Runs `npm run faults` (scripts/faults.ts); its exit status. */
function faultTable(): number {
  console.log('\nThe fault table (npm run faults)…');
  return spawnSync('npx', ['tsx', 'scripts/faults.ts'], { stdio: 'inherit' }).status ?? 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
