// The two programs outside npm that the simulators, the browser tests, the demo and the benchmarks need:
// Chromium (Playwright drives the system browser; nothing is downloaded) and openssl (sim/tls.ts makes a fresh
// test certificate). One resolver for every entry point, so a fresh Debian machine with only Node works:
// found on the machine → used; missing, as root with apt-get → installed from Debian; otherwise one sentence
// saying what to install. Plain .mjs so scripts/test-all.mjs (plain node) and the TypeScript callers share it.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Chromium is looked for, in order, after CHROME_PATH: the names Debian, Ubuntu and Google ship. */
export const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome'];
/** Debian's own path, for a PATH that lacks /usr/bin (e.g. a trimmed CI environment). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * What to do, from what the machine has. Pure: every fact about the machine comes in through `probe`.
 * @param {import('./system-tools.d.mts').Probe} probe
 * @param {readonly import('./system-tools.d.mts').Tool[]} need
 * @returns {import('./system-tools.d.mts').Plan}
 */
export function planSystemTools(probe, need = ['chromium', 'openssl']) {
  const chromePath = probe.env.CHROME_PATH;
  if (need.includes('chromium') && chromePath && !probe.isExecutable(chromePath)) {
    // The user chose a browser: installing another one behind their back would hide the typo.
    return { action: 'stop', message: `CHROME_PATH is ${chromePath}, which is not an executable file: point it at a Chromium binary, or unset it to use the system's chromium.` };
  }
  const chromium = need.includes('chromium') ? findChromium(probe) : undefined;
  const missing = need.filter((tool) => (tool === 'chromium' ? !chromium : !probe.onPath(tool)));
  if (missing.length === 0) return { action: 'ready', chromium };
  if (probe.isRoot && probe.onPath('apt-get')) return { action: 'install', packages: missing };
  const what = missing.join(' and ');
  const orChromePath = missing.includes('chromium') ? ' (or set CHROME_PATH to a Chromium or Chrome binary)' : '';
  return {
    action: 'stop',
    message: `NowBridge's simulators, browser tests and demo need ${what}: install ${missing.length > 1 ? 'them' : 'it'} (on Debian or Ubuntu: sudo apt-get install -y ${missing.join(' ')})${orChromePath}.`,
  };
}

/** @param {import('./system-tools.d.mts').Probe} probe */
function findChromium(probe) {
  if (probe.env.CHROME_PATH) return probe.env.CHROME_PATH;
  for (const command of CHROMIUM_COMMANDS) {
    const path = probe.onPath(command);
    if (path) return path;
  }
  return probe.isExecutable(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** This machine, as planSystemTools sees it. */
export function machineProbe(env = process.env) {
  return {
    env,
    isExecutable,
    /** @param {string} command */
    onPath: (command) => (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, command)).find(isExecutable),
    isRoot: process.getuid?.() === 0,
  };
}

/** apt-get, non-interactive; its progress stays quiet, its errors show. */
function aptInstall(/** @type {string[]} */ packages) {
  const r = spawnSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${packages.join(' ')}`], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return r.status === 0;
}

/** @type {Map<string, string | undefined>} */
const ensured = new Map();

/**
 * Makes sure the tools in `need` are there, installing them from Debian when it can, or throws one sentence
 * saying what to install. Returns Chromium's path (when needed) and exports it as CHROME_PATH, so child
 * processes (vitest's e2e workers under `npm test`) use the same browser without looking again.
 * @param {import('./system-tools.d.mts').EnsureOptions} [options]
 * @returns {{ chromium: string | undefined }}
 */
export function ensureSystemTools(options = {}) {
  const need = options.need ?? ['chromium', 'openssl'];
  const key = need.join(',');
  if (!options.probe && ensured.has(key)) return { chromium: ensured.get(key) };
  const probe = options.probe ?? machineProbe();
  const install = options.install ?? aptInstall;
  const log = options.log ?? ((line) => console.log(line));
  let plan = planSystemTools(probe, need);
  if (plan.action === 'install') {
    log(`Installing ${plan.packages.join(' and ')} from Debian (apt-get install -y ${plan.packages.join(' ')})…`);
    if (!install(plan.packages)) throw new Error(`apt-get could not install ${plan.packages.join(' ')}: install ${plan.packages.length > 1 ? 'them' : 'it'} by hand, or set CHROME_PATH to a Chromium binary.`);
    plan = planSystemTools(probe, need);
    if (plan.action === 'install') throw new Error(`apt-get installed ${plan.packages.join(' ')} but ${plan.packages.join(' and ')} is still not on PATH: set CHROME_PATH to a Chromium binary.`);
  }
  if (plan.action === 'stop') throw new Error(plan.message);
  if (plan.chromium) probe.env.CHROME_PATH = plan.chromium;
  if (!options.probe) ensured.set(key, plan.chromium);
  return { chromium: plan.chromium };
}

/**
 * ensureSystemTools for a command-line entry point: when it cannot go on, prints just the sentence (no stack:
 * it is advice, not a bug), then `lastLine` if given (test-all's summary), and exits 1.
 * @param {string} [lastLine]
 */
export function ensureSystemToolsOrExit(lastLine) {
  try {
    return ensureSystemTools();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    if (lastLine) console.log(lastLine);
    process.exit(1);
  }
}
