/**
 * The classic (UI16) record form, `/<table>.do?sys_id=<id>` or `?sysparm_query=number=<N>`, with the DOM
 * conventions of a classic UI16 form: header `.navbar-header` + `.navbar-right`, which holds the icon buttons
 * (`button.btn.btn-icon.icon-paperclip.navbar-btn` and friends) and then the UI actions,
 * `button.form_action_button.header.action_context.btn.btn-default` inside `span.navbar_ui_actions`
 * (platform-contracts B.10, after SN Utils; public Selenium page objects address them the same way:
 * `//span[@class='navbar_ui_actions']/button[text()='Update']`, `//button[@class='btn btn-icon icon-paperclip navbar-btn']`),
 * `#sys_uniqueValue`, `#sys_target`, `#sysparm_ck`, fields `#<table>.<field>`, read-only
 * `#sys_readonly.<table>.<field>`, references as hidden `#<table>.<field>` + `#sys_display.<table>.<field>`,
 * and `g_form` / `g_ck` in the page world. `sys_id=-1` is a new-record form.
 */
import { randomBytes } from 'node:crypto';
import type { SnStore, SnUser } from '../types';
import { escapeHtml, htmlDocument, jsonForScript } from './html';
import { choicesFor, formFields, locate, MULTILINE, READONLY, tableLabel, type FieldView } from './record';

const CSS = `
.navbar{display:flex;align-items:center;justify-content:space-between;background:#fff;border-bottom:1px solid #d8d8d8;padding:6px 16px;min-height:50px}
.navbar-header h1{margin:0;font-size:17px;font-weight:600}
.navbar-header .record-number{font-weight:400;color:#555;margin-left:6px}
.navbar-right{display:flex;gap:6px;align-items:center}
.navbar-btn.btn-icon{width:32px;height:32px;border:0;background:none;cursor:pointer;color:#555}
.navbar_ui_actions{display:flex;gap:6px;align-items:center}
.form_action_button{padding:6px 12px;border:1px solid #b6b6b6;border-radius:3px;background:#fff;cursor:pointer;font:inherit}
.form_action_button.btn-primary{background:#278efc;border-color:#278efc;color:#fff}
.form-sections{background:#fff;margin:16px;padding:16px 24px;border:1px solid #d8d8d8}
.form-grid{display:grid;grid-template-columns:1fr 1fr;gap:8px 40px}
.form-group{display:grid;grid-template-columns:150px 1fr;align-items:center;gap:8px}
.form-group.wide{grid-column:1 / -1}
.form-group label{text-align:right;color:#333}
.form-control{width:100%;padding:5px 8px;border:1px solid #b6b6b6;border-radius:3px;font:inherit;background:#fff}
.form-control[readonly]{background:#f4f4f4}
textarea.form-control{min-height:90px;white-space:pre-wrap}
.outputmsg_container{margin:16px}
`;

/** The header's icon buttons, left of the UI actions: not UI actions, and no place for ours. */
const ICON_BUTTONS = `<button type="button" id="header_add_attachment" class="btn btn-icon icon-paperclip navbar-btn" aria-label="Manage Attachments" title="Manage Attachments"></button>
<button type="button" id="togglePersonalizeForm" class="btn btn-icon icon-cog navbar-btn" aria-label="Personalize Form" title="Personalize Form"></button>
<button type="button" id="toggleMoreOptions" class="btn btn-icon icon-menu navbar-btn" aria-label="More options" title="More options"></button>`;

const field = (table: string, f: string) => `${table}.${f}`;

function renderField(table: string, f: FieldView): string {
  const id = escapeHtml(field(table, f.name));
  const v = escapeHtml(f.value);
  const d = escapeHtml(f.display || f.value);
  const ro = READONLY.has(f.name);
  const wide = MULTILINE.has(f.name) || f.name === 'short_description';
  let control: string;
  let labelFor = id;
  if (f.refTable !== undefined) {
    // References: the sys_id in a hidden input, the display value in a visible one (read-only or not).
    labelFor = `sys_display.${id}`;
    control = `<input type="hidden" id="${id}" name="${id}" value="${v}">
<input type="hidden" id="sys_original.${id}" name="sys_original.${id}" value="${v}">
<input type="text" id="sys_display.${id}" name="sys_display.${id}" class="form-control element_reference_input" data-ref-table="${escapeHtml(f.refTable)}" value="${d}"${ro ? ' readonly' : ''}>`;
  } else if (ro) {
    labelFor = `sys_readonly.${id}`;
    control = `<input type="hidden" id="${id}" name="${id}" value="${v}">
<input type="text" id="sys_readonly.${id}" class="form-control disabled" readonly value="${d}">`;
  } else if (choicesFor(table, f.name)) {
    const choices = choicesFor(table, f.name)!;
    const known = choices.some(([val]) => val === f.value);
    const opts = [
      ...(known ? [] : [[f.value, f.display || (f.value ? f.value : '-- None --')] as [string, string]]),
      ...choices,
    ].map(([val, label]) => `<option value="${escapeHtml(val)}"${val === f.value ? ' selected' : ''}>${escapeHtml(label)}</option>`);
    control = `<select id="${id}" name="${id}" class="form-control">${opts.join('')}</select>
<input type="hidden" id="sys_original.${id}" name="sys_original.${id}" value="${v}">`;
  } else if (f.display && f.display !== f.value && /^[\w-]{1,40}$/.test(f.value)) {
    // A choice list the simulator has no layout for: show the one known choice, like a short select.
    control = `<select id="${id}" name="${id}" class="form-control"><option value="${v}" selected>${d}</option></select>`;
  } else if (MULTILINE.has(f.name)) {
    control = `<textarea id="${id}" name="${id}" class="form-control">${v}</textarea>`;
  } else {
    control = `<input type="text" id="${id}" name="${id}" class="form-control" value="${v}">`;
  }
  return `<div id="element.${id}" class="form-group${wide ? ' wide' : ''}">
<label for="${labelFor}" class="control-label">${escapeHtml(f.label)}</label>
<div class="element-control">${control}</div>
</div>`;
}

function uiActions(table: string, isNew: boolean, state: string | undefined): string[] {
  if (isNew) return ['sysverb_insert:Submit'];
  const out = ['sysverb_update:Update'];
  if (table === 'incident' && state !== '6' && state !== '7') out.push('resolve_incident:Resolve');
  out.push('sysverb_delete:Delete');
  return out;
}

/** g_form in the page world: reads what the form shows, like the real one. */
function gFormScript(table: string, sysId: string, display: string, isNew: boolean): string {
  return `<script>
window.g_form = (function () {
  var table = ${jsonForScript(table)}, sysId = ${jsonForScript(sysId)}, display = ${jsonForScript(display)};
  function el(prefix, f) { return document.getElementById(prefix + table + '.' + f); }
  return {
    getTableName: function () { return table; },
    getUniqueValue: function () { return sysId; },
    isNewRecord: function () { return ${jsonForScript(isNew)}; },
    getValue: function (f) { var e = el('', f); return e ? e.value : ''; },
    setValue: function (f, v) { var e = el('', f); if (e) e.value = v; },
    getDisplayValue: function (f) {
      if (f === undefined) return display;
      var e = el('sys_display.', f) || el('sys_readonly.', f);
      if (e) return e.value;
      e = el('', f);
      if (e && e.tagName === 'SELECT') return e.selectedIndex >= 0 ? e.options[e.selectedIndex].text : '';
      return e ? e.value : '';
    },
    getFieldNames: function () {
      return Array.prototype.map.call(document.querySelectorAll('.form-group[id^="element."]'), function (g) {
        return g.id.slice(('element.' + table + '.').length);
      });
    }
  };
})();
</script>`;
}

/** The whole form document; `query` holds sys_id or sysparm_query. */
export function classicFormHtml(store: SnStore, user: SnUser, table: string, query: URLSearchParams, g_ck: string): string {
  const label = tableLabel(table);
  const isNew = query.get('sys_id') === '-1';
  const found = isNew ? undefined : locate(store, table, query, user);
  const record = found ? store.readDisplay(table, found.sys_id, user) : undefined;
  const ck = `<input type="hidden" id="sysparm_ck" name="sysparm_ck" value="${escapeHtml(g_ck)}">`;

  if (!isNew && !record) {
    const body = `${ck}
<nav class="navbar navbar-default section_zero"><div class="navbar-header"><h1 class="navbar-title form_header">${escapeHtml(label)}</h1></div><div class="navbar-right"></div></nav>
<div class="outputmsg_container"><div class="outputmsg outputmsg_error notification notification-error" role="alert"><span class="outputmsg_text">Record not found</span></div></div>`;
    return htmlDocument({ title: `${label} | ServiceNow`, body, css: CSS, g_ck, bodyClass: 'form_body' });
  }

  // A real new-record form carries a pre-generated sys_uniqueValue (so attachments can be added
  // before saving); newness shows only in `sys_row` = -1 and the URL (platform-contracts B.10).
  const sysId = isNew ? randomBytes(16).toString('hex') : found!.sys_id;
  const number = record?.number?.display_value ?? record?.number?.value ?? '';
  const fields = formFields(table, record);
  const buttons = uiActions(table, isNew, record?.state?.value)
    .map((a) => {
      const [id, text] = a.split(':') as [string, string];
      return `<button type="submit" id="${id}" value="${id}" class="form_action_button header action_context btn btn-default${id === 'sysverb_update' || id === 'sysverb_insert' ? ' btn-primary' : ''}">${text}</button>`;
    })
    .join('\n');
  const title = isNew ? `${label} New record` : `${label} ${number}`;
  const body = `<form id="${escapeHtml(table)}.do" name="${escapeHtml(table)}.do" method="post" action="/${escapeHtml(table)}.do" class="form_document" onsubmit="return false">
${ck}
<input type="hidden" id="sys_uniqueValue" name="sys_uniqueValue" value="${escapeHtml(sysId)}">
<input type="hidden" id="sys_target" name="sys_target" value="${escapeHtml(table)}">
<input type="hidden" id="sys_row" name="sys_row" value="${isNew ? '-1' : '0'}">
<nav class="navbar navbar-default section_zero" role="navigation">
<div class="navbar-header">
<h1 class="navbar-title form_header"><span class="form-label">${escapeHtml(label)}</span>${
    isNew ? '<span class="record-number">New record</span>' : `<span class="record-number">${escapeHtml(number)}</span>`
  }</h1>
</div>
<div class="navbar-right">
${ICON_BUTTONS}
<span class="navbar_ui_actions">
${buttons}
</span></div>
</nav>
<div class="form-sections" id="section-main">
<div class="form-grid">
${fields.map((f) => renderField(table, f)).join('\n')}
</div>
</div>
</form>
${gFormScript(table, sysId, number, isNew)}`;
  return htmlDocument({ title: `${title} | ServiceNow`, body, css: CSS, g_ck, bodyClass: 'form_body' });
}
