/**
 * `/<table>_list.do?sysparm_query=…`: a classic list whose rows link to the form. Rows come from the data
 * side's query engine through `ListRows`, already filtered by the row ACL.
 */
import type { SnStore, SnUser } from '../types';
import { escapeHtml, htmlDocument } from './html';
import { tableLabel } from './record';

/** sys_ids matching the encoded query that `user` may read, in query order, at most `limit`. */
export type ListRows = (table: string, encodedQuery: string, user: SnUser, limit: number) => string[];

const COLUMNS = ['number', 'short_description', 'state', 'priority', 'assigned_to', 'sys_updated_on'];

const CSS = `
.list_nav{display:flex;align-items:center;gap:12px;padding:10px 16px;background:#fff;border-bottom:1px solid #d8d8d8}
.list_nav h1{margin:0;font-size:17px}
table.list_table{border-collapse:collapse;width:calc(100% - 32px);margin:16px;background:#fff}
.list_table th,.list_table td{border-bottom:1px solid #e3e3e3;padding:6px 10px;text-align:left;vertical-align:top}
.list_table th{background:#f7f7f7;font-weight:600}
`;

export function listHtml(store: SnStore, user: SnUser, table: string, q: URLSearchParams, rows: ListRows, g_ck: string): string {
  const query = q.get('sysparm_query') ?? '';
  const limit = Math.min(Math.max(Number(q.get('sysparm_limit') ?? 20) || 20, 1), 100);
  const ids = rows(table, query, user, limit);
  const body = ids
    .map((id) => {
      const rec = store.readDisplay(table, id, user);
      if (!rec) return '';
      const cells = COLUMNS.map((c, i) => {
        const text = escapeHtml(rec[c]?.display_value ?? '');
        return i === 0
          ? `<td><a class="linked formlink" href="/${escapeHtml(table)}.do?sys_id=${escapeHtml(id)}">${text || escapeHtml(id)}</a></td>`
          : `<td>${text}</td>`;
      }).join('');
      return `<tr class="list_row" id="row_${escapeHtml(table)}_${escapeHtml(id)}" sys_id="${escapeHtml(id)}">${cells}</tr>`;
    })
    .join('\n');
  const html = `<input type="hidden" id="sysparm_ck" name="sysparm_ck" value="${escapeHtml(g_ck)}">
<div class="list_nav"><h1>${escapeHtml(tableLabel(table))}s</h1><span class="list_filter">${escapeHtml(query || 'All')}</span></div>
<table class="list_table data_list_table" id="${escapeHtml(table)}_table" data-list_id="${escapeHtml(table)}">
<thead><tr>${COLUMNS.map((c) => `<th name="${c}">${escapeHtml(c.replace(/_/g, ' '))}</th>`).join('')}</tr></thead>
<tbody class="list2_body">
${body}
</tbody>
</table>`;
  return htmlDocument({ title: `${tableLabel(table)}s | ServiceNow`, body: html, css: CSS, g_ck, bodyClass: 'list_body' });
}
