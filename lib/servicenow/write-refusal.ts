/**
 * Why ServiceNow refused a write, from the 403's `detail` (records-and-watch-contracts.md A.4):
 * - `Data Policy Exception: … The following fields are mandatory: Resolution code, Close notes` names field
 *   *labels* (not names), for a form to highlight;
 * - `ACL Exception Update Failed due to security constraints`: no right to change the record;
 * - anything else (a business rule's abort, whose exact text is not documented) is shown verbatim.
 */
import { HttpError } from '../http';
import { TableApiError } from './table-client';

export type WriteRefusal =
  | { kind: 'mandatory'; labels: string[]; detail: string }
  | { kind: 'acl'; detail: string }
  | { kind: 'rule'; detail: string };

/** The refusal behind a 403 from the Table API; undefined for any other failure. */
export function writeRefusal(err: unknown): WriteRefusal | undefined {
  if (!(err instanceof HttpError) || err.status !== 403) return undefined;
  const detail = err instanceof TableApiError ? err.detail.trim() : '';
  if (/^ACL Exception\b/i.test(detail)) return { kind: 'acl', detail };
  if (/^Data Policy Exception\b/i.test(detail)) {
    const listed = /mandatory:\s*([^\n]+)/i.exec(detail);
    // the legacy form says "Data Policy Exception: Short description is mandatory"
    const single = /^Data Policy Exception:\s*(.+?) is mandatory\b/i.exec(detail);
    const labels = (listed?.[1] ?? single?.[1] ?? '').split(',').map((l) => l.trim()).filter(Boolean);
    return { kind: 'mandatory', labels, detail };
  }
  return { kind: 'rule', detail };
}
