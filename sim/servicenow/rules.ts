/**
 * The few out-of-box business rules the simulator runs on every insert and update, so written records keep
 * the same invariants as seeded ones (and as on a real instance).
 */
import type { SnRow } from './types';

/** Incident priority lookup: impact × urgency (1 High … 3 Low) → priority 1 … 5. */
export function priorityOf(impact: string, urgency: string): string {
  const i = Number(impact);
  const u = Number(urgency);
  if (!(i >= 1 && i <= 3 && u >= 1 && u <= 3)) return '5';
  return String(Math.min(5, i + u - 1));
}

/** States after which a record is no longer active, per table. */
const INACTIVE_STATES: Record<string, readonly string[]> = {
  incident: ['7', '8'],
  problem: ['107'],
  problem_task: ['157'],
  change_request: ['3', '4'],
};
const TASK_INACTIVE = ['3', '4', '7'];

export function isActiveState(table: string, state: string): boolean {
  return !(INACTIVE_STATES[table] ?? TASK_INACTIVE).includes(state);
}

/** Applies the derived fields after a write: priority on incidents, active from state, incident_state mirror. */
export function applyRules(table: string, row: SnRow, changed: ReadonlySet<string>): void {
  if (table === 'incident' && (changed.has('impact') || changed.has('urgency'))) {
    row.priority = priorityOf(row.impact ?? '3', row.urgency ?? '3');
  }
  if (changed.has('state') && row.state !== undefined && row.active !== undefined) {
    row.active = String(isActiveState(table, row.state));
    if (table === 'incident') row.incident_state = row.state;
  }
}

/** A task's aggregate approval from its approvers' states: any rejection wins, then all approved, else requested. */
export function approvalOf(states: readonly string[]): string {
  const live = states.filter((s) => s !== 'cancelled' && s !== 'not_required' && s !== 'no_longer_required');
  if (live.includes('rejected')) return 'rejected';
  if (live.length && live.every((s) => s === 'approved')) return 'approved';
  return live.length ? 'requested' : 'not requested';
}
