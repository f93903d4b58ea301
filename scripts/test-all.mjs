// `npm test`: typecheck, production builds (Chrome and Firefox) with manifest, add-on linter and size checks, unit
// tests, then e2e tests in real Chromium. Ends with one plain line that sums every check and test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureSystemToolsOrExit } from './system-tools.mjs';

const out = '.test-results';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, cmd, args) {
  console.log(`\n=== ${label}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

/** A step that is one check: it passes or fails as a whole. */
function check(label, cmd, args) {
  if (run(label, cmd, args)) passed++;
  else {
    failed++;
    console.log(`✗ ${label} failed`);
  }
}

/** A vitest run: its tests count one by one, from its JSON report. */
function suite(label, args, report) {
  const ok = run(label, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (!existsSync(report)) {
    failed++;
    console.log(`✗ ${label} produced no report`);
    return;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A suite that failed to load reports no failed test: count it, so red never reads green.
  if (!ok && r.numFailedTests === 0) {
    failed++;
    console.log(`✗ ${label} failed outside any test`);
  }
}

// Chromium and openssl first, once: installed from Debian if need be, and CHROME_PATH exported to every child.
ensureSystemToolsOrExit('\n0 passed, 1 failed');

check('typecheck', 'npx', ['tsc', '--noEmit']);
check('build chrome + firefox', 'npm', ['run', '--silent', 'build']);
check('manifests', 'node', ['scripts/check-manifests.mjs']);
check('firefox add-on linter', 'node', ['scripts/lint-firefox.mjs', '.output/firefox-mv2']);
check('size budgets', 'node', ['scripts/check-size.mjs', '.output/chrome-mv3']);
suite('unit tests', [], `${out}/unit.json`);
if (run('e2e build', 'npx', ['wxt', 'build', '--mode', 'e2e'])) {
  suite('e2e tests', ['--config', 'vitest.e2e.config.ts'], `${out}/e2e.json`);
} else failed++;

console.log('');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
