/**
 * Workspace record pages: any `/now/<ws…>/record/<table>/<sys_id>` (Service Operations Workspace `sow`,
 * `workspace/agent`, `cwf/<ws>`, `hr`, …) and custom / App Engine workspaces `/x/<scope>/<ws>/record/…`
 * (platform-contracts B.11). Everything lives in nested open shadow roots that a script builds after load.
 * The `known` variant (./variant.ts) is what public code sees: sn-workspace-layout → (sn-polaris-header,
 * now-record-form-connected → (.uiaction-bar-wrapper of now-button[component-name], sn-form-data-connected →
 * fields)), the form's record in *properties* (`table`, `nowRecordFormBlob.sysId`), no attributes. The
 * `unknown` variant (a later release) renames every element and class. The record arrives server-rendered
 * as a JSON blob and is written with textContent / .value only, so hostile text stays text.
 */
import type { SnStore, SnUser } from '../types';
import { htmlDocument, jsonForScript } from './html';
import { formFields, tableLabel } from './record';
import type { PageVariant } from './variant';

/** The last `/record/<table>/<id>` of the path: sub-records (`…/sub/record/<t2>/<id2>`) win. */
export function parseWorkspacePath(pathname: string): { workspace: string; table: string; sys_id: string } | undefined {
  if (pathname.startsWith('/now/nav/ui/')) return undefined; // the Next Experience shell, not a workspace
  const ws = /^\/(?:now|x\/[^/]+)\/(.+?)\/record\//.exec(pathname);
  if (!ws) return undefined;
  const workspace = ws[1]!.replace(/^(workspace|cwf)\//, '');
  const all = [...pathname.matchAll(/\/record\/([a-z0-9_]+)\/([^/]+)/g)];
  const last = all[all.length - 1];
  if (!last) return undefined;
  return { workspace, table: last[1]!, sys_id: decodeURIComponent(last[2]!) };
}

export interface WorkspaceData {
  variant: PageVariant;
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

export function workspaceData(store: SnStore, user: SnUser, workspace: string, table: string, sysId: string, variant: PageVariant): WorkspaceData {
  const isNew = sysId === '-1';
  const record = isNew || !store.tables().includes(table) ? undefined : store.readDisplay(table, sysId, user);
  const fields = isNew || record ? formFields(table, record) : [];
  const number = record?.number?.display_value ?? '';
  return {
    variant,
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

/** Element and class names per variant: `known` as public code sees them, `unknown` all renamed. */
const NAMES = {
  known: { layout: 'sn-workspace-layout', header: 'sn-polaris-header', form: 'now-record-form-connected', bar: 'uiaction-bar-wrapper', action: 'now-button', fields: 'sn-form-data-connected' },
  unknown: { layout: 'sn-canvas-appshell-root', header: 'sn-appshell-header', form: 'sn-record-page-v2', bar: 'record-actions', action: 'sn-action-button', fields: 'sn-record-fields' },
} as const;

const BUILD = `
(function () {
  var data = JSON.parse(document.getElementById('sn-workspace-data').textContent);
  var names = JSON.parse(document.getElementById('sn-workspace-names').textContent);
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function css(text) { var s = document.createElement('style'); s.textContent = text; return s; }
  // A UI action: a component with its own shadow root around the real <button>.
  function action(label, primary) {
    var host = document.createElement(names.action);
    host.setAttribute('component-name', names.action);
    host.setAttribute('data-action', label.toLowerCase());
    var r = host.attachShadow({ mode: 'open' });
    var b = el('button', primary ? 'primary' : '', label);
    b.type = 'button';
    r.append(css('button{padding:6px 14px;border:1px solid #8790a1;border-radius:4px;background:#fff;cursor:pointer;font:inherit}' +
      'button.primary{background:#1f8476;border-color:#1f8476;color:#fff}'), b);
    return host;
  }
  function build() {
    var layout = document.querySelector(names.layout);
    if (!layout || layout.shadowRoot) return;
    var root = layout.attachShadow({ mode: 'open' });
    root.append(css(':host{display:block;min-height:100vh;background:#f4f5f7;font:14px Arial,sans-serif;color:#1d1d1d}' +
      '.ws-main{display:flex;min-height:calc(100vh - 48px)}.ws-rail{display:flex;flex-direction:column;gap:8px;width:56px;padding:8px;background:#fff;border-right:1px solid #dadde2}' +
      '.ws-rail button{width:40px;height:40px;border:0;border-radius:6px;background:#eef0f3;cursor:pointer}.ws-body{flex:1;padding:16px 24px}'));

    var header = document.createElement(names.header);
    var hroot = header.attachShadow({ mode: 'open' });
    var bar = el('div', 'polaris-header');
    bar.setAttribute('style', 'display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;background:#032d42;color:#fff;font-weight:600');
    bar.append(el('span', 'brand', 'servicenow'), el('span', 'workspace-name', 'Service Operations Workspace'));
    hroot.append(bar);

    // The workspace's own navigation rail down the left edge.
    var rail = el('nav', 'ws-rail');
    rail.setAttribute('aria-label', 'Workspace');
    ['Home', 'List', 'Inbox'].forEach(function (n) { var b = el('button', '', n.charAt(0)); b.type = 'button'; b.setAttribute('aria-label', n); rail.append(b); });

    var body = el('div', 'ws-body');
    var form = document.createElement(names.form);
    // Public code reads the record from the component's properties; no attributes name it.
    form.table = data.table;
    form.nowRecordFormBlob = { table: data.table, sysId: data.sys_id };
    var froot = form.attachShadow({ mode: 'open' });
    froot.append(css('.record-header{display:flex;align-items:center;gap:12px;background:#fff;padding:12px 16px;border:1px solid #dadde2;border-radius:6px 6px 0 0}' +
      '.record-title{margin:0;font-size:18px}.record-table{color:#555}' +
      '.' + names.bar + '{margin-left:auto;display:flex;gap:8px}' +
      '.record-message{padding:12px 16px;background:#fdecea;border-left:4px solid #c83c36}'));
    var head = el('div', 'record-header');
    head.append(el('h2', 'record-title', data.title), el('span', 'record-table', data.tableLabel));
    var actions = el('div', names.bar);
    data.actions.forEach(function (a, i) { actions.append(action(a, i === 0)); });
    head.append(actions);
    froot.append(head);

    if (!data.found && !data.isNew) {
      froot.append(el('div', 'record-message', 'Record not found'));
    } else {
      var fd = document.createElement(names.fields);
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
    var main = el('div', 'ws-main');
    main.append(rail, body);
    root.append(header, main);
  }
  // Workspaces render after their bundles and the record fetch: build later, not during parse.
  function later() { setTimeout(build, 50); }
  if (document.readyState === 'complete') later(); else window.addEventListener('load', later);
})();
`;

export function workspaceHtml(data: WorkspaceData, g_ck: string): string {
  const layout = NAMES[data.variant].layout;
  const body = `<${layout} app="${data.workspace === 'sow' ? 'sow' : 'workspace'}"></${layout}>
<script type="application/json" id="sn-workspace-data">${jsonForScript(data)}</script>
<script type="application/json" id="sn-workspace-names">${jsonForScript(NAMES[data.variant])}</script>
<script>${BUILD}</script>`;
  return htmlDocument({ title: `${data.title} | Service Operations Workspace`, body, g_ck, now: true, bodyClass: 'workspace' });
}
