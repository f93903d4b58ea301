/**
 * The fault table (issue 15): every action × every fault, in real Chromium against the simulators. Each cell is a
 * test (e2e/faults/cell.ts says what it checks); the rows go to .output/faults/results.json for `npm run faults`,
 * which prints the table README shows.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { HOSTS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { signInAndConnect } from './sims';
import { runCell, type ActionDef, type CellResult } from './faults/cell';
import { FAULTS, slowMs } from './faults/fault-kinds';
import { card, connect, hover, mmRefresh, refresh, search, watchCheck } from './faults/read-actions';
import { addThread, approve, assign, comment, createIncident, share, slashShare, state } from './faults/write-actions';

const ACTIONS: ActionDef[] = [share, comment, state, assign, approve, createIncident, addThread, slashShare, card, hover, search, refresh, watchCheck, connect, mmRefresh];
const only = process.env.NB_FAULTS_ONLY?.split(',');

useSimsAndBrowser(() => signInAndConnect(browser, sims, { servicenow: [`https://${HOSTS.servicenow}`], mattermost: [`https://${HOSTS.mattermost}`] }));

const rows: CellResult[] = [];
const OUT = '.output/faults/results.json';

afterAll(() => {
  mkdirSync('.output/faults', { recursive: true });
  // cells run alone (NB_FAULTS_ONLY) add to the last full run's rows instead of replacing them
  const kept: CellResult[] = only && existsSync(OUT) ? (JSON.parse(readFileSync(OUT, 'utf8')) as CellResult[]) : [];
  const key = (r: CellResult) => `${r.action} ${r.fault}`;
  const fresh = new Set(rows.map(key));
  writeFileSync(OUT, JSON.stringify([...kept.filter((r) => !fresh.has(key(r))), ...rows], null, 1));
});

for (const action of ACTIONS) {
  const faults = FAULTS.filter(
    (fault) => (!only || only.some((o) => `${action.id}:${fault.id}`.startsWith(o) || o === fault.id)) && (!fault.appliesTo || fault.appliesTo(action)),
  );
  // cells run alone (NB_FAULTS_ONLY): the other actions have none
  if (!faults.length) continue;
  describe(action.label, () => {
    for (const fault of faults) {
      test(`${fault.label}`, async () => {
        const row = await runCell({ sims, browser }, action, fault);
        rows.push(row);
        if (fault.id === 'none') slowMs.set(action.id, Math.max(500, 9 * row.ms));
        expect(browser.errors).toEqual([]);
      }, fault.boundMs + 60_000);
    }
    if (action.kind === 'write') {
      test('afterwards, no cell’s write has landed a second time', () => {
        for (const r of rows.filter((x) => x.action === action.id)) expect(action.writes({ sims, browser }, r.input), `${r.fault}`).toBe(1);
      });
    }
  });
}
