/**
 * The dates and classifications the record panel's summary shows (issue 12), filled in after everything else is
 * generated and derived only from what is already there (no random draws), so the rest of the seed stays the same:
 * - incident `sla_due`: opened + a resolution target by priority (8 h, 24 h, 3 d, 5 d, 5 d: the shape of typical
 *   priority SLA definitions); other tasks leave the legacy field empty, as most instances do;
 * - sc_req_item `due_date`: opened + the catalog item's delivery time (out of box "2 Days"); its request and its
 *   catalog tasks are due when their latest item is;
 * - problem `category` (the incident list) and `resolved_at` (Resolved / Closed problems);
 * - change_request `category`; change_task `planned_start_date` / `planned_end_date` inside the change's window.
 */
import type { SnRow } from './types';
import { snDateTime } from './dates';

const HOUR = 3_600_000;
const RESOLVE_WITHIN: Record<string, number> = { '1': 8 * HOUR, '2': 24 * HOUR, '3': 72 * HOUR, '4': 120 * HOUR, '5': 120 * HOUR };
const DELIVERY = 48 * HOUR;

const ms = (v: string | undefined) => (v ? Date.parse(`${v.replace(' ', 'T')}Z`) : NaN);
/** A stable pick from a row's own sys_id. */
const pickBy = <T>(row: SnRow, xs: readonly T[]): T => xs[parseInt((row.sys_id ?? '0').slice(-2), 16) % xs.length]!;

/** The choice lists these fields need, as [table, element, value, label] (out-of-box labels). */
export const PANEL_CHOICES: ReadonlyArray<readonly [string, string, string, string]> = [
  ['problem', 'category', 'inquiry', 'Inquiry / Help'],
  ['problem', 'category', 'software', 'Software'],
  ['problem', 'category', 'hardware', 'Hardware'],
  ['problem', 'category', 'network', 'Network'],
  ['problem', 'category', 'database', 'Database'],
  ['change_request', 'category', 'hardware', 'Hardware'],
  ['change_request', 'category', 'software', 'Software'],
  ['change_request', 'category', 'service', 'Service'],
  ['change_request', 'category', 'network', 'Network'],
  ['change_request', 'category', 'other', 'Other'],
];

export function seedPanelDates(rows: Record<string, SnRow[]>): void {
  const all = (t: string) => rows[t] ?? [];
  for (const t of Object.keys(rows)) for (const r of rows[t]!) if ('opened_at' in r) r.sla_due ??= '';
  for (const r of all('incident')) {
    const opened = ms(r.opened_at);
    r.sla_due = Number.isFinite(opened) ? snDateTime(opened + (RESOLVE_WITHIN[r.priority ?? ''] ?? RESOLVE_WITHIN['3']!)) : '';
  }
  const itemDue = new Map<string, string>();
  for (const r of all('sc_req_item')) {
    r.due_date = snDateTime(ms(r.opened_at) + DELIVERY);
    itemDue.set(r.sys_id!, r.due_date);
  }
  const requestDue = new Map<string, string>();
  for (const r of all('sc_req_item')) if (r.request && (requestDue.get(r.request) ?? '') < r.due_date!) requestDue.set(r.request, r.due_date!);
  for (const r of all('sc_request')) r.due_date = requestDue.get(r.sys_id!) ?? snDateTime(ms(r.opened_at) + DELIVERY);
  for (const r of all('sc_task')) r.due_date = itemDue.get(r.request_item ?? '') ?? '';
  for (const r of all('problem')) {
    r.category = pickBy(r, ['software', 'hardware', 'network', 'database']);
    r.resolved_at = r.state === '106' || r.state === '107' ? r.sys_updated_on! : '';
  }
  const changes = new Map(all('change_request').map((c) => [c.sys_id!, c]));
  for (const r of all('change_request')) r.category = pickBy(r, ['hardware', 'software', 'service', 'network', 'other']);
  for (const r of all('change_task')) {
    const parent = changes.get(r.change_request ?? '');
    r.planned_start_date = parent?.start_date ?? '';
    r.planned_end_date = parent?.end_date ?? '';
  }
}
