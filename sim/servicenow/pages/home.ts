/**
 * `/`, `/navpage.do`, `/home.do`: a landing page linking the well-known records in every URL shape, which
 * makes the demo (and manual poking) one click away from each surface.
 */
import { SN_RECORDS } from '../../fixtures';
import type { SnStore, SnUser } from '../types';
import { banner, escapeHtml, htmlDocument } from './html';
import { tableLabel } from './record';

const CSS = `
.home{max-width:1000px;margin:20px auto;background:#fff;border:1px solid #d8d8d8;border-radius:4px;padding:20px 28px}
.home h1{margin-top:0;font-size:22px}
.home table{border-collapse:collapse;width:100%}
.home td,.home th{padding:6px 8px;border-bottom:1px solid #eee;text-align:left}
.home .shapes a{margin-right:10px;white-space:nowrap}
`;

export function homeHtml(store: SnStore, user: SnUser, g_ck: string): string {
  const rows = Object.values(SN_RECORDS)
    .map((r) => {
      const rec = store.readDisplay(r.table, r.sys_id, user);
      if (!rec) return '';
      const form = `${r.table}.do?sys_id=${r.sys_id}`;
      const links: [string, string][] = [
        ['Form', `/${form}`],
        ['nav_to', `/nav_to.do?uri=${encodeURIComponent(form)}`],
        ['Next Experience', `/now/nav/ui/classic/params/target/${encodeURIComponent(form)}`],
        ...(r.table === 'kb_knowledge'
          ? ([['Article', `/kb_view.do?sysparm_article=${r.number}`], ['Portal', `/sp?id=kb_article&sysparm_article=${r.number}`]] as [string, string][])
          : ([['Workspace', `/now/sow/record/${r.table}/${r.sys_id}`], ['Portal', `/sp?id=ticket&table=${r.table}&sys_id=${r.sys_id}`]] as [string, string][])),
      ];
      return `<tr><td>${escapeHtml(tableLabel(r.table))}</td><td><a href="/${escapeHtml(form)}">${escapeHtml(rec.number?.display_value ?? r.number)}</a></td><td>${escapeHtml(
        (rec.short_description?.display_value ?? '').slice(0, 200),
      )}</td><td class="shapes">${links.map(([t, h]) => `<a href="${escapeHtml(h)}">${t}</a>`).join('')}</td></tr>`;
    })
    .join('\n');
  const body = `${banner(user.name)}
<input type="hidden" id="sysparm_ck" name="sysparm_ck" value="${escapeHtml(g_ck)}">
<div class="home" id="homepage">
<h1>Welcome, ${escapeHtml(user.name)}</h1>
<p><a href="/incident_list.do?sysparm_query=active%3Dtrue%5EORDERBYDESCsys_updated_on">Open incidents</a> · <a href="/kb_view.do?sysparm_article=KB0010001">Knowledge</a> · <a href="/logout.do">Log out</a></p>
<table><thead><tr><th>Type</th><th>Number</th><th>Short description</th><th>Open as</th></tr></thead><tbody>
${rows}
</tbody></table>
</div>`;
  return htmlDocument({ title: 'Home | ServiceNow', body, css: CSS, g_ck, bodyClass: 'home_body' });
}
