// @vitest-environment node
/**
 * Contract tests for the UI pages (ServiceNow docs, "Enabling links to ServiceNow records" and "Navigate by portal URL"; sim/README): the DOM ids and structure content
 * scripts rely on, g_ck / g_form / NOW in the page world, shadow roots built after load, every URL shape,
 * session gating (login page with 200), and hostile record text staying text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import type { SnSim } from './app';
import type { SimStore } from './store';
import { escapeHtml } from './pages/html';
import { PAGE_VARIANTS, type PageVariant } from './pages/variant';
import { parse, render, startSim } from './test-helpers';

const R = SN_RECORDS;
const HOSTILE_SHORT = `<b>Printer</b> on fire <script>alert('xss')</script><img src=x onerror="alert(document.cookie)">`;

let sim: SnSim<SimStore>;
let cookie: string;
let g_ck: string;
beforeAll(async () => {
  sim = await startSim();
  ({ cookieHeader: cookie, g_ck } = sim.control.signIn(SN_USERS.agent.user_name));
});
afterAll(() => sim.stop());

async function page(path: string, c = cookie): Promise<{ status: number; html: string; url: string; res: Response }> {
  const res = await fetch(`${sim.origin}${path}`, { headers: { cookie: c }, redirect: 'manual' });
  return { status: res.status, html: await res.text(), url: `${sim.origin}${path}`, res };
}

const byId = (doc: { getElementById(id: string): unknown }, id: string) => doc.getElementById(id) as HTMLInputElement | null;

/** No executable markup from record data anywhere: only the page's own inline scripts. */
function assertNoInjectedMarkup(root: { querySelectorAll(s: string): ArrayLike<Element> }) {
  expect(root.querySelectorAll('img[onerror], iframe[src*="evil"], a[href^="javascript:"], b').length).toBe(0);
  for (const s of Array.from(root.querySelectorAll('script'))) expect(s.textContent).not.toContain("alert('xss')");
}

describe('classic form /<table>.do', () => {
  it('has the header, UI actions, ids and page-world globals', async () => {
    const { status, html, url, res } = await page(`/incident.do?sys_id=${R.incident.sys_id}`);
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html;charset=UTF-8');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('glide_user_route=glide.'))).toBe(true);
    expect(html).toContain(`window.g_ck = "${g_ck}";`);
    const doc = parse(url, html).document;
    expect(doc.querySelector('.navbar-header')!.textContent).toContain('Incident');
    expect(doc.querySelector('.navbar-header')!.textContent).toContain(R.incident.number);
    // UI actions in span.navbar_ui_actions; the icon buttons (.navbar-btn) before them are not UI actions (B.10).
    expect([...doc.querySelectorAll('.navbar-right span.navbar_ui_actions > button.form_action_button.header.action_context.btn.btn-default')].map((b) => b.textContent)).toEqual(['Update', 'Resolve', 'Delete']);
    expect([...doc.querySelectorAll('.navbar-right button.btn-icon.navbar-btn')].map((b) => b.getAttribute('aria-label'))).toEqual(['Manage Attachments', 'Personalize Form', 'More options']);
    expect(doc.querySelectorAll('.navbar_ui_actions .navbar-btn')).toHaveLength(0);
    expect(byId(doc, 'sys_uniqueValue')!.value).toBe(R.incident.sys_id);
    expect(byId(doc, 'sys_target')!.value).toBe('incident');
    expect(byId(doc, 'sysparm_ck')!.value).toBe(g_ck);
    expect(byId(doc, 'incident.short_description')!.value).toBe('Email server not responding for the finance team');
    expect(byId(doc, 'sys_readonly.incident.number')!.value).toBe(R.incident.number);
    expect(byId(doc, 'sys_readonly.incident.number')!.hasAttribute('readonly')).toBe(true);
    expect(byId(doc, 'incident.number')!.value).toBe(R.incident.number);
    expect(byId(doc, 'incident.caller_id')!.type).toBe('hidden');
    expect(byId(doc, 'incident.caller_id')!.value).toBe(SN_USERS.requester.sys_id);
    expect(byId(doc, 'sys_display.incident.caller_id')!.value).toBe('Abel Tuter');
    expect(doc.getElementById('incident.state')!.tagName).toBe('SELECT');
    expect(doc.getElementById('incident.description')!.tagName).toBe('TEXTAREA');
  });

  it('g_form and g_ck work in the page world', async () => {
    const { html, url } = await page(`/incident.do?sys_id=${R.incident.sys_id}`);
    const win = (await render(url, html)) as unknown as Window & {
      g_ck: string;
      g_form: { getTableName(): string; getUniqueValue(): string; getValue(f: string): string; getDisplayValue(f?: string): string; isNewRecord(): boolean };
    };
    expect(win.g_ck).toBe(g_ck);
    expect(win.g_form.getTableName()).toBe('incident');
    expect(win.g_form.getUniqueValue()).toBe(R.incident.sys_id);
    expect(win.g_form.getValue('state')).toBe('2');
    expect(win.g_form.getDisplayValue('state')).toBe('In Progress');
    expect(win.g_form.getDisplayValue('caller_id')).toBe('Abel Tuter');
    expect(win.g_form.getDisplayValue()).toBe(R.incident.number);
    expect(win.g_form.isNewRecord()).toBe(false);
  });

  it('finds a record by sysparm_query=number=…', async () => {
    const { html, url } = await page(`/incident.do?sysparm_query=number=${R.incident2.number}`);
    expect(byId(parse(url, html).document, 'sys_uniqueValue')!.value).toBe(R.incident2.sys_id);
  });

  it('shows an empty new-record form for sys_id=-1', async () => {
    const { status, html, url } = await page('/incident.do?sys_id=-1');
    expect(status).toBe(200);
    const doc = parse(url, html).document;
    // pre-generated id (B.10); only sys_row says it is new
    expect(byId(doc, 'sys_uniqueValue')!.value).toMatch(/^[0-9a-f]{32}$/);
    expect(byId(doc, 'sys_row')!.value).toBe('-1');
    expect(byId(doc, 'incident.short_description')!.value).toBe('');
    expect([...doc.querySelectorAll('.navbar_ui_actions .form_action_button')].map((b) => b.textContent)).toEqual(['Submit']);
  });

  it('says "Record not found" for a missing record and for one the ACL hides', async () => {
    for (const id of ['0123456789abcdef0123456789abcdef', R.aclHidden.sys_id, R.problem.sys_id]) {
      const { status, html, url } = await page(`/incident.do?sys_id=${id}`);
      expect(status).toBe(200);
      const doc = parse(url, html).document;
      expect(doc.querySelector('.outputmsg_error .outputmsg_text')!.textContent).toBe('Record not found');
      expect(byId(doc, 'sys_uniqueValue')).toBeNull();
      expect(byId(doc, 'sysparm_ck')!.value).toBe(g_ck);
    }
    const admin = sim.control.signIn(SN_USERS.admin.user_name);
    const { html, url } = await page(`/incident.do?sys_id=${R.aclHidden.sys_id}`, admin.cookieHeader);
    expect(byId(parse(url, html).document, 'sys_uniqueValue')!.value).toBe(R.aclHidden.sys_id);
  });

  it('serves every fixed record on its own table', async () => {
    for (const rec of Object.values(R)) {
      if (rec === R.aclHidden) continue;
      const { status, html, url } = await page(`/${rec.table}.do?sys_id=${rec.sys_id}`);
      expect(status, rec.number).toBe(200);
      const doc = parse(url, html).document;
      expect(byId(doc, 'sys_uniqueValue')?.value, rec.number).toBe(rec.sys_id);
      expect(byId(doc, 'sys_target')!.value).toBe(rec.table);
      expect(byId(doc, `${rec.table}.number`)?.value ?? byId(doc, `sys_readonly.${rec.table}.number`)?.value).toBe(rec.number);
    }
  });

  it('keeps hostile text as text', async () => {
    const { html, url } = await page(`/incident.do?sys_id=${R.hostileHtml.sys_id}`);
    expect(html).not.toContain("<script>alert('xss')");
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<iframe src="https://evil');
    const doc = parse(url, html).document;
    expect(byId(doc, 'incident.short_description')!.value).toBe(HOSTILE_SHORT);
    expect(doc.getElementById('incident.description')!.textContent).toContain('javascript:alert(1)');
    assertNoInjectedMarkup(doc);
  });

  it('404s an unknown table', async () => {
    expect((await page('/no_such_table.do?sys_id=-1')).status).toBe(404);
  });
});

describe('nav_to.do (UI16)', () => {
  const id = R.incident.sys_id;
  const cases: [string, string][] = [
    [`uri=incident.do?sys_id=${id}`, `/incident.do?sys_id=${id}`],
    [`uri=incident.do%3Fsys_id%3D${id}`, `/incident.do?sys_id=${id}`],
    [`uri=incident.do%253Fsys_id%253D${id}`, `/incident.do?sys_id=${id}`],
    [`uri=%2Fincident.do%3Fsys_id%3D${id}`, `/incident.do?sys_id=${id}`],
    [`uri=incident.do%3Fsys_id=${id}%26sysparm_stack=incident_list.do%3Fsysparm_query=active=true`, `/incident.do?sys_id=${id}&sysparm_stack=incident_list.do?sysparm_query=active=true`],
    [`uri=incident.do?sys_id=${id}&sysparm_view=ess`, `/incident.do?sys_id=${id}&sysparm_view=ess`],
    [`uri=/incident?sys_id=${id}`, `/incident.do?sys_id=${id}`],
    ['uri=https://evil.example/x', '/home.do'],
    ['uri=javascript:alert(1)', '/home.do'],
  ];
  it.each(cases)('%s → iframe#gsft_main src %s', async (query, src) => {
    const { status, html, url } = await page(`/nav_to.do?${query}`);
    expect(status).toBe(200);
    expect(html).toContain(`window.g_ck = "${g_ck}";`);
    const frame = parse(url, html).document.querySelector('iframe#gsft_main')!;
    expect(frame.getAttribute('name')).toBe('gsft_main');
    expect(frame.getAttribute('src')).toBe(src);
  });
});

describe('Next Experience shell /now/nav/ui/classic/params/target/…', () => {
  const id = R.incident.sys_id;
  it.each([
    [`incident.do%3Fsys_id%3D${id}`, `/incident.do?sys_id=${id}`],
    [`incident.do%253Fsys_id%253D${id}`, `/incident.do?sys_id=${id}`],
    [`kb%3Fid%3Dkb_article_view%26sysparm_article%3D${R.knowledge.number}`, `/kb?id=kb_article_view&sysparm_article=${R.knowledge.number}`],
  ])('%s: gsft_main inside the open shadow root, built after load', async (target, src) => {
    const { status, html, url } = await page(`/now/nav/ui/classic/params/target/${target}`);
    expect(status).toBe(200);
    // What the server sent has no frame: the shell builds it by script, like the real one.
    const raw = parse(url, html).document;
    const host0 = raw.querySelector('macroponent-f51912f4c700201072b211d4d8c26010')!;
    expect(host0.getAttribute('component-id')).toBeTruthy();
    expect(host0.shadowRoot).toBeNull();
    expect(raw.querySelector('#gsft_main')).toBeNull();

    const win = (await render(url, html)) as unknown as Window & { g_ck: string; NOW: { g_ck: string } };
    expect(win.g_ck).toBe(g_ck);
    expect(win.NOW.g_ck).toBe(g_ck);
    const host = win.document.querySelector('[component-id]')!;
    expect(host.tagName.toLowerCase()).toBe('macroponent-f51912f4c700201072b211d4d8c26010');
    const root = host.shadowRoot!;
    expect(root.mode).toBe('open');
    expect(root.querySelector('sn-polaris-header')).not.toBeNull();
    expect(root.querySelector('sn-polaris-header')!.shadowRoot!.textContent).toContain('Beth Anglin');
    expect(root.querySelector('iframe#gsft_main')!.getAttribute('src')).toBe(src);
  });
});

describe('workspace record pages', () => {
  type Win = Window & { g_ck: string; NOW: { g_ck: string } };
  type Form = Element & { table?: string; nowRecordFormBlob?: { sysId: string } };
  async function form(path: string, variant: PageVariant = 'known') {
    sim.control.setPageVariant(variant);
    const { status, html, url } = await page(path);
    sim.control.setPageVariant('known');
    expect(status).toBe(200);
    const win = (await render(url, html)) as unknown as Win;
    const n = variant === 'known' ? KNOWN_WS : UNKNOWN_WS;
    const layout = win.document.querySelector(n.layout)!;
    const root = layout.shadowRoot!;
    const rec = root.querySelector(n.form) as Form;
    const data = rec.shadowRoot!.querySelector(n.fields)?.shadowRoot;
    const actions = [...rec.shadowRoot!.querySelectorAll(`.${n.bar} > ${n.action}[component-name]`)].map((b) => b.shadowRoot!.querySelector('button')!.textContent);
    return { win, html, root, rec, recRoot: rec.shadowRoot!, data, actions };
  }
  const KNOWN_WS = { layout: 'sn-workspace-layout', form: 'now-record-form-connected', fields: 'sn-form-data-connected', bar: 'uiaction-bar-wrapper', action: 'now-button' };
  const UNKNOWN_WS = { layout: 'sn-canvas-appshell-root', form: 'sn-record-page-v2', fields: 'sn-record-fields', bar: 'record-actions', action: 'sn-action-button' };
  const value = (data: ShadowRoot | null | undefined, f: string) => (data!.querySelector(`[data-field-name="${f}"] input, [data-field-name="${f}"] textarea`) as HTMLInputElement).value;

  it('SOW: nested open shadow roots with header, UI actions (now-button) and fields; the record in properties only', async () => {
    const { win, root, rec, recRoot, data, actions } = await form(`/now/sow/record/incident/${R.incident.sys_id}`);
    expect(win.g_ck).toBe(g_ck);
    expect(win.NOW.g_ck).toBe(g_ck);
    expect(root.querySelector('sn-polaris-header')).not.toBeNull();
    expect(rec.table).toBe('incident');
    expect(rec.nowRecordFormBlob!.sysId).toBe(R.incident.sys_id);
    expect(rec.getAttributeNames()).toEqual([]); // public code reads properties: no attribute names the record
    expect(actions).toEqual(['Save', 'Resolve', 'Delete']);
    expect(recRoot.querySelector('.record-title')!.textContent).toBe(R.incident.number);
    expect(value(data, 'number')).toBe(R.incident.number);
    expect(value(data, 'short_description')).toBe('Email server not responding for the finance team');
    expect(value(data, 'state')).toBe('In Progress');
  });

  it('the unknown variant: same record and actions, none of the known names', async () => {
    const { html, win, data, actions } = await form(`/now/sow/record/incident/${R.incident.sys_id}`, 'unknown');
    expect(actions).toEqual(['Save', 'Resolve', 'Delete']);
    expect(value(data, 'number')).toBe(R.incident.number);
    for (const name of Object.values(KNOWN_WS)) expect(html).not.toContain(name);
    expect(everyElement(win.document).filter((e) => Object.values(KNOWN_WS).some((n) => e.localName === n || e.classList.contains(n)))).toEqual([]);
  });

  it.each([
    `/now/workspace/agent/record/problem/${R.problem.sys_id}`,
    `/now/cwf/agent/record/problem/${R.problem.sys_id}/params/selected-tab-index/1`,
    `/now/sow/record/incident/${R.incident.sys_id}/sub/record/problem/${R.problem.sys_id}`,
    `/now/hr/record/problem/${R.problem.sys_id}`,
    `/x/acme/ops/record/problem/${R.problem.sys_id}`,
  ])('%s shows the (last) record', async (path) => {
    const { rec, data } = await form(path);
    expect(rec.table).toBe('problem');
    expect(value(data, 'number')).toBe(R.problem.number);
  });

  it('hostile text is textContent/value only', async () => {
    const { html, root, recRoot, data } = await form(`/now/sow/record/incident/${R.hostileHtml.sys_id}`);
    expect(html).not.toContain("<script>alert('xss')");
    expect(value(data, 'short_description')).toBe(HOSTILE_SHORT);
    for (const r of [root, recRoot, data!]) assertNoInjectedMarkup(r);
  });

  it('a hidden record is "Record not found"; -1 is a new record', async () => {
    const hidden = await form(`/now/sow/record/incident/${R.aclHidden.sys_id}`);
    expect(hidden.recRoot.querySelector('.record-message')!.textContent).toBe('Record not found');
    expect(hidden.data).toBeUndefined();
    const fresh = await form('/now/sow/record/incident/-1');
    expect(value(fresh.data, 'short_description')).toBe('');
  });
});

/** Class names and ids the known variants use and NowBridge may look for; the unknown variant has none. */
const KNOWN_PAGE_NAMES = ['sp-page-root', 'kb-number-info', 'kb-panel-heading', 'panel-title', 'articleNumber', 'kb-article', 'kb-article-meta', 'ticket-panel', 'ticket-number'];

/** Every element of the document, open shadow roots included. */
function everyElement(root: { querySelectorAll(s: string): ArrayLike<Element> }): Element[] {
  return Array.from(root.querySelectorAll('*')).flatMap((e) => [e, ...(e.shadowRoot ? everyElement(e.shadowRoot) : [])]);
}

/** Elements of an HTML page carrying one of the known names as class or id. */
function knownNamesIn(url: string, html: string): string[] {
  return everyElement(parse(url, html).document).flatMap((e) => KNOWN_PAGE_NAMES.filter((n) => e.id === n || e.classList.contains(n)));
}

describe('Service Portal', () => {
  async function variantPage(path: string, variant: PageVariant) {
    sim.control.setPageVariant(variant);
    try {
      return await page(path);
    } finally {
      sim.control.setPageVariant('known');
    }
  }

  it.each([
    `/sp?id=ticket&table=incident&sys_id=${R.incident.sys_id}`,
    `/sp?sys_id=${R.incident.sys_id}&table=incident&id=ticket`,
    `/sp?id=form&table=incident&sys_id=${R.incident.sys_id}&view=portal`,
    `/esc?id=standard_ticket&table=incident&sys_id=${R.incident.sys_id}`,
  ])('%s shows the ticket in a widget under .sp-page-root; the unknown variant has no known name', async (path) => {
    const { status, html, url } = await page(path);
    expect(status).toBe(200);
    expect(html).toContain(`window.g_ck = "${g_ck}";`);
    const doc = parse(url, html).document;
    expect(doc.querySelector('div.sp-page-root')).not.toBeNull();
    expect(doc.querySelector('.sp-page-root .panel-heading .text-muted')!.textContent).toContain(R.incident.number);
    expect(doc.querySelector('.sp-page-root .panel-title')!.textContent).toBe('Email server not responding for the finance team');
    expect(html).not.toContain('ticket-panel');
    expect(html).not.toContain('ticket-number');
    const other = await variantPage(path, 'unknown');
    expect(parse(other.url, other.html).document.querySelector('h1')!.textContent).toBe(R.incident.number);
    expect(knownNamesIn(other.url, other.html)).toEqual([]);
  });

  it.each([
    `/sp?id=kb_article&sysparm_article=${R.knowledge.number}`,
    `/sp?id=kb_article&sys_id=${R.knowledge.sys_id}`,
    `/sp?id=kb_article&sys_id=${R.knowledge.number}%20V1.0`,
    `/kb?id=kb_article_view&sysparm_article=${R.knowledge.number}`,
    `/kb?id=kb_article_view&sys_kb_id=${R.knowledge.sys_id}`,
    `/csm?id=kb_article_view&sys_kb_id=${'0'.repeat(32)}&sysparm_article=${R.knowledge.number}`,
  ])('%s shows the article, number in .kb-number-info; the unknown variant has no known name', async (path) => {
    const { html, url } = await page(path);
    const doc = parse(url, html).document;
    expect(doc.querySelector('.sp-page-root .kb-panel-heading .kb-number-info')!.firstElementChild!.textContent).toBe(R.knowledge.number);
    expect(doc.querySelector('.kb-panel-heading span.panel-title')!.textContent!.length).toBeGreaterThan(3);
    const other = await variantPage(path, 'unknown');
    expect(other.html).toContain(R.knowledge.number);
    expect(knownNamesIn(other.url, other.html)).toEqual([]);
  });

  it('escapes hostile text and says when a ticket is hidden', async () => {
    for (const variant of PAGE_VARIANTS) {
      const hostile = await variantPage(`/sp?id=ticket&table=incident&sys_id=${R.hostileHtml.sys_id}`, variant);
      const doc = parse(hostile.url, hostile.html).document;
      expect(hostile.html).toContain(escapeHtml(HOSTILE_SHORT));
      assertNoInjectedMarkup(doc);
      const hidden = await variantPage(`/sp?id=ticket&table=incident&sys_id=${R.aclHidden.sys_id}`, variant);
      expect(hidden.html).toContain('Record not found');
    }
  });
});

describe('kb_view.do', () => {
  it('shows title, number and the article text without its markup', async () => {
    const { status, html, url } = await page(`/kb_view.do?sysparm_article=${R.knowledge.number}`);
    expect(status).toBe(200);
    const doc = parse(url, html).document;
    expect(doc.querySelector('.kb-panel-heading .kb-number-info .ng-binding')!.textContent).toBe(R.knowledge.number);
    expect(doc.querySelector('#articleTitle')!.textContent!.length).toBeGreaterThan(3);
    const body = doc.querySelector('#articleBody')!;
    expect(body.textContent).toContain('Step one');
    expect(body.children.length).toBe(0);
    expect(byId(doc, 'sysparm_ck')!.value).toBe(g_ck);
    expect(html).toContain(`window.g_ck = "${g_ck}";`);
  });

  it('the unknown variant shows the same article with none of the known names', async () => {
    sim.control.setPageVariant('unknown');
    const { html, url } = await page(`/kb_view.do?sys_kb_id=${R.knowledge.sys_id}`);
    sim.control.setPageVariant('known');
    expect(parse(url, html).document.querySelector('.reader-body')!.textContent).toContain('Step one');
    expect(html).toContain(R.knowledge.number);
    expect(knownNamesIn(url, html)).toEqual([]);
  });

  it('says when the article is not there', async () => {
    const { status, html } = await page('/kb_view.do?sysparm_article=KB9999999');
    expect(status).toBe(200);
    expect(html).toContain('Knowledge record not found');
  });
});

describe('list, home and session gating', () => {
  it('lists rows that link to the form, without ACL-hidden rows', async () => {
    const { status, html, url } = await page('/incident_list.do?sysparm_query=numberSTARTSWITHINC001000');
    expect(status).toBe(200);
    const doc = parse(url, html).document;
    const links = [...doc.querySelectorAll('tr.list_row a.formlink')].map((a) => a.getAttribute('href'));
    expect(links).toContain(`/incident.do?sys_id=${R.incident.sys_id}`);
    expect(links).not.toContain(`/incident.do?sys_id=${R.aclHidden.sys_id}`);
    expect(links.length).toBeGreaterThanOrEqual(7);
    assertNoInjectedMarkup(doc);
  });

  it('home links the fixed records in several URL shapes', async () => {
    for (const path of ['/', '/navpage.do', '/home.do']) {
      const { status, html } = await page(path);
      expect(status).toBe(200);
      expect(html).toContain(`href="/incident.do?sys_id=${R.incident.sys_id}"`);
      expect(html).toContain(`/now/sow/record/incident/${R.incident.sys_id}`);
    }
  });

  it.each([
    '/',
    `/incident.do?sys_id=${R.incident.sys_id}`,
    `/nav_to.do?uri=incident.do%3Fsys_id%3D${R.incident.sys_id}`,
    `/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${R.incident.sys_id}`,
    `/now/sow/record/incident/${R.incident.sys_id}`,
    `/sp?id=ticket&table=incident&sys_id=${R.incident.sys_id}`,
    `/kb_view.do?sysparm_article=${R.knowledge.number}`,
    '/incident_list.do',
  ])('%s without a session: the login page, status 200', async (path) => {
    const { status, html, res } = await page(path, '');
    expect(status).toBe(200);
    expect(html).toContain('id="user_password"');
    expect(html).not.toContain('window.g_ck');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('glide_user_route='))).toBe(true);
  });
});
