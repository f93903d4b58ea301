// Mozilla's add-on linter (what addons.mozilla.org runs on upload) over the Firefox build. Errors fail.
// Warnings fail too, unless they are the known ones from libraries, counted per file, so a new one of ours
// (an innerHTML, an eval) in a file that already has a library's cannot hide behind it.
import { spawnSync } from 'node:child_process';

const dir = process.argv[2] ?? '.output/firefox-mv2';

/** code + file (content hash dropped) → how many the libraries account for, and why */
const KNOWN = {
  // Preact's diff sets innerHTML only for dangerouslySetInnerHTML, which NowBridge never uses. (The ServiceNow
  // content script has no Preact any more: its button is plain DOM, lib/content/page-button.ts.) The chunk all
  // pages share, which holds Preact, is named after Preact's jsx-runtime module.
  'UNSAFE_VAR_ASSIGNMENT content-scripts/mattermost.js': 1,
  'UNSAFE_VAR_ASSIGNMENT chunks/jsxRuntime.module.js': 1,
  // zod 4 probes `Function('')` once to decide whether it may compile parsers; the extension CSP says no. Zod is
  // in the background and in the chunk the popup, options and share window share (they read settings with it);
  // the in-page frames have none (answers are checked in the background: lib/send.ts).
  'DANGEROUS_EVAL background.js': 1,
  'DANGEROUS_EVAL chunks/share.js': 1,
};

// AMO requires data_collection_permissions of new add-ons; the linter checks it only when asked (web-ext asks too).
const r = spawnSync('npx', ['addons-linter', dir, '--output', 'json', '--boring', '--enable-data-collection-permissions'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(`addons-linter gave no report:\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}

const key = (m) => `${m.code} ${(m.file ?? '').replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js')}`;
const counts = new Map();
for (const m of report.warnings) counts.set(key(m), (counts.get(key(m)) ?? 0) + 1);

let bad = 0;
let known = 0;
for (const m of report.errors) {
  bad++;
  console.log(`error    ${m.code} ${m.file ?? ''}:${m.line ?? ''} ${m.message}`);
}
for (const [k, n] of counts) {
  const allowed = KNOWN[k] ?? 0;
  known += Math.min(n, allowed);
  const note = allowed ? `(known from a library: ${allowed})` : '';
  if (n > allowed) bad++;
  console.log(`${n > allowed ? 'warning ' : 'known   '} ${k} ×${n} ${note}`);
}
console.log(`addons-linter: ${report.summary.errors} errors, ${report.summary.warnings} warnings (${known} known), ${report.summary.notices} notices`);
process.exit(bad > 0 ? 1 : 0);
