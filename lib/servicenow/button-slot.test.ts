// @vitest-environment node
/**
 * findButtonSlot on the simulator's real pages, with the expected places and match counts beside each
 * page (Refined GitHub style), plus whenPresent waiting for slots that a page script builds after load.
 */
import { describe, expect, it } from 'vitest';
import { SN_RECORDS as R } from '../../sim/fixtures';
import { PAGE_VARIANTS, type PageVariant } from '../../sim/servicenow/pages/variant';
import { type PageOptions, useServiceNowPages } from '../testing/servicenow-pages';
import { deepQuerySelector } from '../content/deep-query';
import { whenPresent } from '../content/when-present';
import { findButtonSlot, HAS_SLOT, HOST_ATTR, type ButtonSlot } from './button-slot';

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

/** Loads `path` with the simulator serving `variant` (sim/servicenow/pages/variant.ts). */
async function loadVariant(variant: PageVariant, path: string, opts?: PageOptions) {
  pages.sim.control.setPageVariant(variant);
  try {
    return await load(path, opts);
  } finally {
    pages.sim.control.setPageVariant('known');
  }
}

describe('workspace action bar', () => {
  const path = `/now/sow/record/incident/${R.incident.sys_id}`;
  const label = (el: Element | null | undefined) => el?.shadowRoot?.querySelector('button')?.textContent;

  it.each([path, `/now/hr/record/problem/${R.problem.sys_id}`, `/x/acme/ops/record/incident/${R.incident.sys_id}`])(
    '%s: .uiaction-bar-wrapper inside the record form’s shadow root, before the first action',
    async (p) => {
      const { doc } = await load(p, { run: true });
      const slot = findButtonSlot(doc, 'workspace');
      expectValid(slot);
      const form = deepQuerySelector(doc, 'now-record-form-connected')!;
      expect(slot.container).toBe(form.shadowRoot!.querySelector('.uiaction-bar-wrapper'));
      expect(label(slot.before)).toBe('Save');
      const host = mount(doc, slot);
      expect(label(findButtonSlot(doc, 'workspace')!.before)).toBe('Save');
      expect(host.getRootNode()).toBe(form.shadowRoot);
    },
  );

  it('the unknown variant offers no place (the fixed button stands in)', async () => {
    const { doc } = await loadVariant('unknown', path, { run: true });
    expect(deepQuerySelector(doc, 'sn-action-button')).not.toBeNull(); // rendered, with its actions
    expect(findButtonSlot(doc, 'workspace')).toBeNull();
  });

  it('is null until the workspace has rendered; whenPresent resolves when it has', async () => {
    const { doc, win } = await load(path, { run: true, wait: false });
    expect(findButtonSlot(doc, 'workspace')).toBeNull();
    const started = Date.now();
    // The layout host is in the HTML; its shadow root is attached later: only the poll can see that.
    const slot = await whenPresent(() => findButtonSlot(doc, 'workspace'), { root: doc, timeoutMs: 2000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(label(slot.before)).toBe('Save');
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

describe('portal tickets', () => {
  it.each(PAGE_VARIANTS)('%s variant: no known place, so no slot (the fixed button is the place)', async (variant) => {
    const { doc } = await loadVariant(variant, `/sp?id=ticket&table=incident&sys_id=${R.incident.sys_id}`);
    expect(doc.body.textContent).toContain(R.incident.number);
    expect(HAS_SLOT.portal).toBe(false);
    expect(findButtonSlot(doc, 'portal')).toBeNull();
  });
});

describe('knowledge article header', () => {
  it.each([
    `/kb_view.do?sysparm_article=${R.knowledge.number}`,
    `/sp?id=kb_article&sysparm_article=${R.knowledge.number}`,
    `/kb?id=kb_article_view&sys_kb_id=${R.knowledge.sys_id}`,
  ])('%s: right after the number in .kb-number-info', async (path) => {
    const { doc } = await load(path);
    const info = doc.querySelector('.kb-panel-heading .kb-number-info')!;
    const slot = findButtonSlot(doc, 'knowledge');
    expectValid(slot);
    expect(slot.container).toBe(info.parentElement);
    const host = mount(doc, slot);
    expect(host.previousElementSibling).toBe(info);
    expect(findButtonSlot(doc, 'knowledge')!.before).toBe(host.nextElementSibling); // asking again: the same place
  });

  it('no slot when the article was not found, nor on the unknown variant', async () => {
    expect(findButtonSlot((await load('/kb_view.do?sysparm_article=KB9999999')).doc, 'knowledge')).toBeNull();
    const { doc } = await loadVariant('unknown', `/kb_view.do?sysparm_article=${R.knowledge.number}`);
    expect(doc.body.textContent).toContain(R.knowledge.number);
    expect(findButtonSlot(doc, 'knowledge')).toBeNull();
  });
});
