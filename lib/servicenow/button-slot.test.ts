// @vitest-environment node
/**
 * findButtonSlot on the simulator's real pages, with the expected places and match counts beside each
 * page (Refined GitHub style), plus whenPresent waiting for slots that a page script builds after load.
 */
import { describe, expect, it } from 'vitest';
import { SN_RECORDS as R } from '../../sim/fixtures';
import { useServiceNowPages } from '../testing/servicenow-pages';
import { deepQuerySelector } from '../content/deep-query';
import { whenPresent } from '../content/when-present';
import { findButtonSlot, HOST_ATTR, type ButtonSlot } from './button-slot';
import { recordOnPage } from './page-record';

const pages = useServiceNowPages();
const load = pages.load;

/** What the integrator does: insert a marked host at the slot. */
function mount(doc: Document, slot: ButtonSlot): Element {
  const host = doc.createElement('nowbridge-share');
  host.setAttribute(HOST_ATTR, '');
  slot.container.insertBefore(host, slot.before ?? null);
  return host;
}

/** Every slot must keep `before` a child of `container`, or insertBefore throws. */
function expectValid(slot: ButtonSlot | null): asserts slot is ButtonSlot {
  expect(slot).not.toBeNull();
  if (slot!.before) expect(slot!.before.parentNode).toBe(slot!.container);
}

describe('classic form header', () => {
  const forms = [
    `/incident.do?sys_id=${R.incident.sys_id}`,
    // What the shells' iframe#gsft_main loads.
    `/incident.do?sys_id=${R.incident.sys_id}&sysparm_view=ess&sysparm_stack=incident_list.do`,
    `/problem.do?sys_id=${R.problem.sys_id}`,
  ];

  it.each(forms)('%s: among the UI actions, left of the first; not among the icon buttons', async (path) => {
    const { doc } = await load(path);
    expect(doc.querySelectorAll('.navbar-header')).toHaveLength(1);
    expect(doc.querySelectorAll('.navbar_ui_actions button.form_action_button').length).toBeGreaterThanOrEqual(2);
    expect(doc.querySelectorAll('.navbar-right button.navbar-btn').length).toBe(3); // attachments, personalise, more
    const slot = findButtonSlot(doc, 'classic');
    expectValid(slot);
    expect(slot.container).toBe(doc.querySelector('.navbar-right .navbar_ui_actions'));
    expect(slot.before!.id).toBe('sysverb_update');
  });

  it('asking again after mounting answers the same place, so the button is never doubled', async () => {
    const { doc } = await load(forms[0]!);
    const host = mount(doc, findButtonSlot(doc, 'classic')!);
    host.className = 'form_action_button'; // even when the host borrows ServiceNow's button class
    const again = findButtonSlot(doc, 'classic')!;
    expect(again.before!.id).toBe('sysverb_update');
    expect(host.nextElementSibling).toBe(again.before);
    expect([...doc.querySelectorAll('.navbar_ui_actions > *')].map((b) => b.id || b.localName)).toEqual([
      'nowbridge-share',
      'sysverb_update',
      'resolve_incident',
      'sysverb_delete',
    ]);
  });

  it('a header without UI actions still has a slot: the button bar itself', async () => {
    const { doc } = await load(`/incident.do?sys_id=${'0'.repeat(32)}`); // the "Record not found" form
    expect(doc.querySelectorAll('.form_action_button')).toHaveLength(0);
    const slot = findButtonSlot(doc, 'classic');
    expectValid(slot);
    expect(slot.container).toBe(doc.querySelector('.navbar-right'));
    expect(slot.before).toBeNull();
  });

  it.each(['/incident_list.do?sysparm_query=active%3Dtrue', '/home.do', `/kb_view.do?sysparm_article=${R.knowledge.number}`])('%s has no form header', async (path) => {
    const { doc } = await load(path);
    expect(findButtonSlot(doc, 'classic')).toBeNull();
  });
});

describe('workspace action bar', () => {
  const path = `/now/sow/record/incident/${R.incident.sys_id}`;

  it('.uiaction-bar-wrapper inside the record form’s shadow root, before the first action', async () => {
    const { doc } = await load(path, { run: true });
    const slot = findButtonSlot(doc, 'workspace');
    expectValid(slot);
    const form = deepQuerySelector(doc, 'now-record-form-connected')!;
    expect(slot.container).toBe(form.shadowRoot!.querySelector('.uiaction-bar-wrapper'));
    expect([...slot.container.children].map((b) => b.textContent)).toEqual(['Save', 'Resolve', 'Delete']);
    expect(slot.before!.textContent).toBe('Save');
    const host = mount(doc, slot);
    expect(findButtonSlot(doc, 'workspace')!.before!.textContent).toBe('Save');
    expect(host.getRootNode()).toBe(form.shadowRoot);
  });

  it('picks the form of the page’s record when several are mounted', async () => {
    const { doc } = await load(path, { run: true });
    const form = deepQuerySelector(doc, 'now-record-form-connected')!;
    // A second (tab) form for another record, in front of the first.
    const other = form.cloneNode(false) as Element;
    other.setAttribute('sys-id', R.incident2.sys_id);
    other.attachShadow({ mode: 'open' }).innerHTML = '<div class="uiaction-bar-wrapper"><button>Save</button></div>';
    form.before(other);
    expect(findButtonSlot(doc, 'workspace')!.container.getRootNode()).toBe(other.shadowRoot);
    const record = recordOnPage(doc, new URL(path, pages.sim.origin), [pages.sim.origin])!;
    expect(findButtonSlot(doc, 'workspace', record)!.container.getRootNode()).toBe(form.shadowRoot);
  });

  it('falls back to any .uiaction-bar-wrapper when the form element is renamed', async () => {
    const { doc } = await load(path);
    const layout = doc.querySelector('sn-workspace-layout')!;
    const renamed = doc.createElement('sn-record-page-v2');
    layout.attachShadow({ mode: 'open' }).append(renamed);
    renamed.attachShadow({ mode: 'open' }).innerHTML = '<div class="uiaction-bar-wrapper"><button>Save</button></div>';
    const slot = findButtonSlot(doc, 'workspace');
    expectValid(slot);
    expect(slot.container.getRootNode()).toBe(renamed.shadowRoot);
  });

  it('is null until the workspace has rendered; whenPresent resolves when it has', async () => {
    const { doc, win } = await load(path, { run: true, wait: false });
    expect(findButtonSlot(doc, 'workspace')).toBeNull();
    const started = Date.now();
    // The layout host is in the HTML; its shadow root is attached later: only the poll can see that.
    const slot = await whenPresent(() => findButtonSlot(doc, 'workspace'), { root: doc, timeoutMs: 2000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(slot.before!.textContent).toBe('Save');
    await win.happyDOM.waitUntilComplete();
  });

  it('the Next Experience shell: whenPresent finds iframe#gsft_main once the shell builds it', async () => {
    const { doc, win } = await load(`/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${R.incident.sys_id}`, { run: true, wait: false });
    expect(deepQuerySelector(doc, 'iframe#gsft_main')).toBeNull();
    const frame = await whenPresent(() => deepQuerySelector(doc, 'iframe#gsft_main'), { root: doc, timeoutMs: 2000 });
    expect(frame.getAttribute('src')).toBe(`/incident.do?sys_id=${R.incident.sys_id}`);
    await win.happyDOM.waitUntilComplete();
  });
});

describe('portal ticket panel', () => {
  it('the panel heading, after the number', async () => {
    const { doc } = await load(`/sp?id=ticket&table=incident&sys_id=${R.incident.sys_id}`);
    expect(doc.querySelectorAll('.sp-page-root .ticket-panel .ticket-number')).toHaveLength(1);
    const slot = findButtonSlot(doc, 'portal');
    expectValid(slot);
    expect(slot.container).toBe(doc.querySelector('.ticket-panel .panel-heading'));
    expect(slot.before ?? null).toBeNull();
    mount(doc, slot);
    expect(slot.container.lastElementChild!.localName).toBe('nowbridge-share');
  });

  it('no slot on "Record not found" or the portal home', async () => {
    expect(findButtonSlot((await load(`/sp?id=ticket&table=incident&sys_id=${R.aclHidden.sys_id}`)).doc, 'portal')).toBeNull();
    expect(findButtonSlot((await load('/sp')).doc, 'portal')).toBeNull();
  });
});

describe('knowledge article header', () => {
  it.each([`/kb_view.do?sysparm_article=${R.knowledge.number}`, `/sp?id=kb_article&sysparm_article=${R.knowledge.number}`])(
    '%s: the meta line under the title',
    async (path) => {
      const { doc } = await load(path);
      expect(doc.querySelectorAll('div.kb-article #articleTitle')).toHaveLength(1);
      expect(doc.querySelectorAll('div.kb-article #articleNumber')).toHaveLength(1);
      const slot = findButtonSlot(doc, 'knowledge');
      expectValid(slot);
      expect(slot.container).toBe(doc.querySelector('.kb-article-meta'));
      expect(slot.container.contains(doc.getElementById('articleNumber'))).toBe(true);
    },
  );

  it('no slot when the article was not found', async () => {
    expect(findButtonSlot((await load('/kb_view.do?sysparm_article=KB9999999')).doc, 'knowledge')).toBeNull();
  });
});
