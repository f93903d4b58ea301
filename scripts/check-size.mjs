// Fails when a content script or an extension page grows past its gzip budget (size-budgets.json).
// A page's size is its HTML plus every script and stylesheet it loads, shared chunks included.
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? '.output/chrome-mv3';
const budgets = JSON.parse(readFileSync(new URL('../size-budgets.json', import.meta.url), 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;

/** HTML plus the scripts and styles it references, following static imports between chunks. */
function pageFiles(html) {
  const files = new Set([html]);
  const queue = [...readFileSync(join(dir, html), 'utf8').matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  while (queue.length) {
    const f = queue.shift();
    if (files.has(f) || !existsSync(join(dir, f))) continue;
    files.add(f);
    if (f.endsWith('.js')) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/(?:from|import)\s*["']([^"']+\.js)["']/g)) {
        queue.push(join(dirname(f), m[1]).replace(/^\.\//, ''));
      }
    }
  }
  return [...files];
}

let failed = 0;
for (const [name, budget] of Object.entries(budgets)) {
  if (name.startsWith('//')) continue;
  const files = name.endsWith('.js') ? [name] : pageFiles(`${name}.html`);
  const size = files.reduce((sum, f) => sum + gz(f), 0);
  const ok = size <= budget;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(32)} ${(size / 1024).toFixed(1).padStart(6)} KB gzip of ${(budget / 1024).toFixed(0)} KB${files.length > 1 ? ` (${files.length} files)` : ''}`);
}
if (failed) {
  console.error(`${failed} size budget(s) exceeded`);
  process.exit(1);
}
