// `npm run faults`: the fault table (issue 15). Runs e2e/faults.e2e.ts in real Chromium with the e2e build against
// the simulators (or, with --last, takes the rows of the last run, e.g. `npm test`'s), prints every cell — action ×
// fault → end state, time to it, writes, input kept — and puts the table in README.md between its markers.
// `npm run faults -- comment:,share:timeout` runs only those cells (NB_FAULTS_ONLY) and keeps the other rows.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CellResult } from '../e2e/faults/cell';
import { ensureSystemToolsOrExit } from './system-tools.mjs';

const RESULTS = '.output/faults/results.json';
const START = '<!-- faults:start -->';
const END = '<!-- faults:end -->';

const ACTIONS: Record<string, string> = {
  share: 'Share (Post to Mattermost)',
  comment: 'Comment (record panel)',
  state: 'State: resolve (record panel)',
  assign: 'Assign to me (record panel)',
  approve: 'Approval: reject with a reason',
  create: 'Create incident from a message',
  thread: 'Add thread to a record',
  command: '/servicenow share (message box)',
  card: 'Card under a post',
  hover: 'Hover card',
  search: 'Search (popup)',
  refresh: 'OAuth token refresh (popup search)',
  watch: 'Watch check',
  connect: 'Connect (options)',
  'mm-refresh': 'Mattermost OAuth token refresh (card)',
};
/** in the table's order (an object would put the numeric keys first) */
const FAULTS: [string, string][] = [
  ['none', 'none'],
  ['429', '429'],
  ['500', '500'],
  ['502', '502'],
  ['503', '503'],
  ['timeout', 'no answer'],
  ['reset', 'reset'],
  ['lost-answer', 'answer cut off'],
  ['html-login', 'HTML sign-in 200'],
  ['signed-out', '401 mid-request'],
  ['refresh-refused', 'refresh refused'],
  ['worker-killed', 'worker stopped'],
  ['server-restart', 'server restart'],
  ['access-revoked', 'site access withdrawn'],
  ['other-access-revoked', "other site's access withdrawn"],
  ['offline', 'offline'],
  ['slow', '10× slow'],
];
const faultLabel = (id: string) => FAULTS.find(([f]) => f === id)?.[1] ?? id;

const SHORT: Record<CellResult['state'], string> = {
  Done: 'Done',
  'Retrying…': 'Retrying',
  "Couldn't reach, Retry": 'Retry',
  'Needs sign-in, Reconnect': 'Sign in',
  'Needs site access, Allow': 'Allow access',
  'Not saved': 'Not saved',
  'Still busy': 'BUSY',
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function table(rows: CellResult[]): string[] {
  const faults = FAULTS.map(([f]) => f).filter((f) => rows.some((r) => r.fault === f));
  const out = [
    `| Action | ${faults.map(faultLabel).join(' | ')} | Writes per cell | Input kept |`,
    `| --- | ${faults.map(() => '---').join(' | ')} | --- | --- |`,
  ];
  for (const [id, label] of Object.entries(ACTIONS)) {
    const mine = rows.filter((r) => r.action === id);
    if (!mine.length) continue;
    const cells = faults.map((f) => {
      const r = mine.find((x) => x.fault === f);
      return r ? `${SHORT[r.state]} ${seconds(r.ms)}${r.afterRetry ? `, then ${SHORT[r.afterRetry]}` : ''}` : '—';
    });
    const write = mine.some((r) => r.writes > 0);
    const writes = write ? `${Math.max(...mine.map((r) => r.writesBeforeRetry))} before retry, ${Math.max(...mine.map((r) => r.writes))} in all` : 'read';
    const kept = mine.filter((r) => r.inputKept !== null);
    const inputs = kept.length ? (kept.every((r) => r.inputKept) ? `yes (${kept.length}/${kept.length})` : `NO (${kept.filter((r) => r.inputKept).length}/${kept.length})`) : '—';
    out.push(`| ${label} | ${cells.join(' | ')} | ${writes} | ${inputs} |`);
  }
  return out;
}

function main() {
  const last = process.argv.includes('--last');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  let ok = true;
  if (!last) {
    ensureSystemToolsOrExit();
    console.log('Building the extension…');
    spawnSync('npx', ['wxt', 'build', '--mode', 'e2e'], { stdio: 'ignore' });
    const env = { ...process.env, ...(only.length ? { NB_FAULTS_ONLY: only.join(',') } : {}) };
    ok = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', 'e2e/faults.e2e.ts'], { stdio: 'inherit', env }).status === 0;
  }
  if (!existsSync(RESULTS)) {
    console.error(`No results at ${RESULTS}: run \`npm run faults\` (or \`npm test\`) first.`);
    process.exit(1);
  }
  const rows = JSON.parse(readFileSync(RESULTS, 'utf8')) as CellResult[];
  for (const r of rows) {
    const kept = r.inputKept === null ? '' : r.inputKept ? ', input kept' : ', INPUT LOST';
    const then = r.afterRetry ? ` (the retry: ${r.afterRetry})` : '';
    console.log(`${ACTIONS[r.action] ?? r.action} × ${faultLabel(r.fault)}: ${r.state} in ${seconds(r.ms)} — “${r.text}”${then}; writes ${r.writesBeforeRetry} before retry, ${r.writes} in all${kept}`);
  }
  const lines = table(rows);
  console.log(`\n${lines.join('\n')}`);
  const readme = readFileSync('README.md', 'utf8');
  const at = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (at >= 0 && end > at) {
    const dated = `Last run ${new Date().toISOString().slice(0, 10)}, ${rows.length} cells:`;
    writeFileSync('README.md', `${readme.slice(0, at + START.length)}\n${dated}\n\n${lines.join('\n')}\n${readme.slice(end)}`);
    console.log('\nREADME.md updated.');
  }
  process.exit(ok ? 0 : 1);
}

main();
