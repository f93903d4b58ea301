/**
 * Workspace record pages (Service Operations Workspace `/now/sow/record/<table>/<sys_id>`, and the generic
 * `/now/workspace/<ws>/record/…` and `/now/cwf/<ws>/record/…`). Everything lives in nested open shadow
 * roots that a script builds after load: sn-workspace-layout → (sn-polaris-header, now-record-form-connected
 * → (.uiaction-bar-wrapper, sn-form-data-connected → fields)). The record arrives server-rendered as a JSON
 * blob and is written with textContent / .value only, so hostile text stays text.
 */
import type { SnStore, SnUser } from '../types';
import { htmlDocument, jsonForScript } from './html';
import { formFields, tableLabel } from './record';

/** The last `/record/<table>/<id>` of the path: sub-records (`…/sub/record/<t2>/<id2>`) win. */
export function parseWorkspacePath(pathname: string): { workspace: string; table: string; sys_id: string } | undefined {
  const ws = /^\/now\/(?:sow|workspace\/([^/]+)|cwf\/([^/]+))(?:\/|$)/.exec(pathname);
  if (!ws) return undefined;
  const workspace = ws[1] ?? ws[2] ?? 'sow';
  const all = [...pathname.matchAll(/\/record\/([a-z0-9_]+)\/([^/]+)/g)];
  const last = all[all.length - 1];
  if (!last) return undefined;
  return { workspace, table: last[1]!, sys_id: decodeURIComponent(last[2]!) };
}

export interface WorkspaceData {
  workspace: string;
  table: string;
  tableLabel: string;
  sys_id: string;
  found: boolean;
  isNew: boolean;
  title: string;
  actions: string[];
  fields: { name: string; label: string; value: string; display: string }[];
}

export function workspaceData(store: SnStore, user: SnUser, workspace: string, table: string, sysId: string): WorkspaceData {
  const isNew = sysId === '-1';
  const record = isNew || !store.tables().includes(table) ? undefined : store.readDisplay(table, sysId, user);
  const fields = isNew || record ? formFields(table, record) : [];
  const number = record?.number?.display_value ?? '';
  return {
    workspace,
    table,
    tableLabel: tableLabel(table),
    sys_id: sysId,
    found: !!record,
    isNew,
    title: isNew ? `New ${tableLabel(table)}` : number || tableLabel(table),
    actions: isNew ? ['Save'] : table === 'incident' ? ['Save', 'Resolve', 'Delete'] : ['Save', 'Delete'],
    fields: fields.map(({ name, label, value, display }) => ({ name, label, value, display: display || value })),
  };
}

const BUILD = `
(function () {
  var data = JSON.parse(document.getElementById('sn-workspace-data').textContent);
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function css(text) { var s = document.createElement('style'); s.textContent = text; return s; }
  function build() {
    var layout = document.querySelector('sn-workspace-layout');
    if (!layout || layout.shadowRoot) return;
    var root = layout.attachShadow({ mode: 'open' });
    root.append(css(':host{display:block;min-height:100vh;background:#f4f5f7;font:14px Arial,sans-serif;color:#1d1d1d}' +
      '.ws-body{padding:16px 24px}'));

    var header = document.createElement('sn-polaris-header');
    var hroot = header.attachShadow({ mode: 'open' });
    var bar = el('div', 'polaris-header');
    bar.setAttribute('style', 'display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;background:#032d42;color:#fff;font-weight:600');
    bar.append(el('span', 'brand', 'servicenow'), el('span', 'workspace-name', 'Service Operations Workspace'));
    hroot.append(bar);

    var body = el('div', 'ws-body');
    var form = document.createElement('now-record-form-connected');
    form.setAttribute('table', data.table);
    form.setAttribute('sys-id', data.sys_id);
    var froot = form.attachShadow({ mode: 'open' });
    froot.append(css('.record-header{display:flex;align-items:center;gap:12px;background:#fff;padding:12px 16px;border:1px solid #dadde2;border-radius:6px 6px 0 0}' +
      '.record-title{margin:0;font-size:18px}.record-table{color:#555}' +
      '.uiaction-bar-wrapper{margin-left:auto;display:flex;gap:8px}' +
      '.uiaction-bar-wrapper button{padding:6px 14px;border:1px solid #8790a1;border-radius:4px;background:#fff;cursor:pointer}' +
      '.uiaction-bar-wrapper button.primary{background:#1f8476;border-color:#1f8476;color:#fff}' +
      '.record-message{padding:12px 16px;background:#fdecea;border-left:4px solid #c83c36}'));
    var head = el('div', 'record-header');
    head.append(el('h2', 'record-title', data.title), el('span', 'record-table', data.tableLabel));
    var actions = el('div', 'uiaction-bar-wrapper');
    data.actions.forEach(function (a, i) {
      var b = el('button', i === 0 ? 'primary' : '', a);
      b.type = 'button';
      b.setAttribute('data-action', a.toLowerCase());
      actions.append(b);
    });
    head.append(actions);
    froot.append(head);

    if (!data.found && !data.isNew) {
      froot.append(el('div', 'record-message', 'Record not found'));
    } else {
      var fd = document.createElement('sn-form-data-connected');
      var fdroot = fd.attachShadow({ mode: 'open' });
      fdroot.append(css('.form{display:grid;grid-template-columns:1fr 1fr;gap:10px 32px;background:#fff;padding:16px;border:1px solid #dadde2;border-top:0}' +
        '.form-field{display:flex;flex-direction:column;gap:4px}.form-field.wide{grid-column:1 / -1}' +
        'label{font-size:12px;color:#555}input,textarea{padding:6px 8px;border:1px solid #8790a1;border-radius:4px;font:inherit}' +
        'textarea{min-height:80px}'));
      var grid = el('div', 'form');
      data.fields.forEach(function (f) {
        var wide = f.name === 'short_description' || f.name === 'description' || f.name === 'text';
        var box = el('div', 'form-field' + (wide ? ' wide' : ''));
        box.setAttribute('data-field-name', f.name);
        var id = 'field-' + f.name;
        var label = el('label', '', f.label);
        label.htmlFor = id;
        var input = el(f.name === 'description' || f.name === 'text' ? 'textarea' : 'input');
        input.id = id;
        input.name = f.name;
        input.value = f.display;
        input.setAttribute('data-value', f.value);
        box.append(label, input);
        grid.append(box);
      });
      fdroot.append(grid);
      froot.append(fd);
    }
    body.append(form);
    root.append(header, body);
  }
  // Workspaces render after their bundles and the record fetch: build later, not during parse.
  function later() { setTimeout(build, 50); }
  if (document.readyState === 'complete') later(); else window.addEventListener('load', later);
})();
`;

export function workspaceHtml(data: WorkspaceData, g_ck: string): string {
  const body = `<sn-workspace-layout app="${data.workspace === 'sow' ? 'sow' : 'workspace'}"></sn-workspace-layout>
<script type="application/json" id="sn-workspace-data">${jsonForScript(data)}</script>
<script>${BUILD}</script>`;
  return htmlDocument({ title: `${data.title} | Service Operations Workspace`, body, g_ck, now: true, bodyClass: 'workspace' });
}
