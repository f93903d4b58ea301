// @vitest-environment node
/**
 * recordOnPage on the simulator's real pages (sim/servicenow/pages): fetched with a signed-in session and
 * loaded into happy-dom. Pages whose UI a script builds after load (the Next Experience shell, workspaces)
 * run their scripts; the rest are parsed as the server sent them.
 */
import { describe, expect, it } from 'vitest';
import { SN_RECORDS as R } from '../../sim/fixtures';
import { useServiceNowPages } from '../testing/servicenow-pages';
import { recordOnPage, URL_SURFACE, type PageRecord } from './page-record';
import { detectors } from './record-url';
import { PAGE_VARIANTS, type PageVariant } from '../../sim/servicenow/pages/variant';

const pages = useServiceNowPages();
const load = pages.load;

const onPage = async (path: string, opts?: { run?: boolean; session?: boolean }): Promise<PageRecord | null> => {
  const { doc, url } = await load(path, opts);
  return recordOnPage(doc, url, [pages.sim.origin]);
};

/** The same-origin page a shell's `iframe#gsft_main` loads (its own content script answers there). */
function frameSrc(doc: Document): string {
  const frame = doc.querySelector('iframe#gsft_main') ?? doc.querySelector('[component-id]')?.shadowRoot?.querySelector('iframe#gsft_main');
  return frame!.getAttribute('src')!;
}

const inc = { table: 'incident', sys_id: R.incident.sys_id, number: R.incident.number };

describe('classic forms', () => {
  it('reads the record from the form’s hidden inputs', async () => {
    expect(await onPage(`/incident.do?sys_id=${R.incident.sys_id}`)).toEqual({ ...inc, surface: 'classic' });
  });

  it.each([
    ['by number', `/incident.do?sysparm_query=number=${R.incident.number}`, inc],
    ['with view and stack', `/incident.do?sys_id=${R.incident.sys_id}&sysparm_view=ess&sysparm_stack=incident_list.do`, inc],
    ['another table', `/change_request.do?sys_id=${R.change.sys_id}`, { table: 'change_request', sys_id: R.change.sys_id, number: R.change.number }],
    ['a knowledge record’s form', `/kb_knowledge.do?sys_id=${R.knowledge.sys_id}`, { table: 'kb_knowledge', sys_id: R.knowledge.sys_id, number: R.knowledge.number }],
  ])('%s', async (_, path, expected) => {
    expect(await onPage(path)).toEqual({ ...expected, surface: 'classic' });
  });

  it('takes the table from the path when #sys_target is missing, and the DOM over the URL', async () => {
    const { doc, url } = await load(`/problem.do?sys_id=${R.problem.sys_id}`);
    doc.getElementById('sys_target')!.remove();
    expect(recordOnPage(doc, url, [pages.sim.origin])).toMatchObject({ table: 'problem', sys_id: R.problem.sys_id });
    // After a save the URL may carry no id at all; the form still knows its record.
    expect(recordOnPage(doc, new URL('/problem.do', pages.sim.origin), [pages.sim.origin])).toMatchObject({ table: 'problem', sys_id: R.problem.sys_id });
  });

  it('a new record (sys_id=-1) is not a record', async () => {
    const { doc, url } = await load('/incident.do?sys_id=-1');
    // the real form pre-generates a sys_id for the unsaved record
    expect((doc.getElementById('sys_uniqueValue') as HTMLInputElement).value).toMatch(/^[0-9a-f]{32}$/);
    expect(recordOnPage(doc, url, [pages.sim.origin])).toBeNull();
    // after "Insert and stay"-style URL changes, sys_row alone still marks it new
    expect(recordOnPage(doc, new URL('/incident.do', pages.sim.origin), [pages.sim.origin])).toBeNull();
  });

  it.each([
    ['an unknown sys_id', `/incident.do?sys_id=${'0'.repeat(32)}`],
    ['a record the user may not read', `/incident.do?sys_id=${R.aclHidden.sys_id}`],
    ['an unknown number', '/incident.do?sysparm_query=number=INC9999999'],
  ])('the "Record not found" form is not a record: %s', async (_, path) => {
    const { doc, url } = await load(path);
    expect(doc.querySelector('.outputmsg_text')!.textContent).toBe('Record not found');
    expect(recordOnPage(doc, url, [pages.sim.origin])).toBeNull();
  });

  it('the login page served at a record’s URL is not a record', async () => {
    expect(await onPage(`/incident.do?sys_id=${R.incident.sys_id}`, { session: false })).toBeNull();
  });
});

describe('shells hosting iframe#gsft_main', () => {
  it.each([
    ['nav_to (UI16)', `/nav_to.do?uri=${encodeURIComponent(`incident.do?sys_id=${R.incident.sys_id}`)}`],
    ['Next Experience', `/now/nav/ui/classic/params/target/${encodeURIComponent(`incident.do?sys_id=${R.incident.sys_id}`)}`],
    ['Next Experience, double-encoded', `/now/nav/ui/classic/params/target/incident.do%253Fsys_id%253D${R.incident.sys_id}`],
  ])('%s: the top document is not the record; the frame’s form is', async (_, path) => {
    const top = await load(path, { run: true });
    expect(recordOnPage(top.doc, top.url, [pages.sim.origin])).toBeNull();
    const src = frameSrc(top.doc);
    expect(src).toBe(`/incident.do?sys_id=${R.incident.sys_id}`);
    expect(await onPage(src)).toEqual({ ...inc, surface: 'classic' });
  });

  it('Next Experience around a knowledge article: the frame is the knowledge page', async () => {
    const top = await load(`/now/nav/ui/classic/params/target/kb%3Fid%3Dkb_article_view%26sysparm_article%3D${R.knowledge.number}`, { run: true });
    expect(recordOnPage(top.doc, top.url, [pages.sim.origin])).toBeNull();
    expect(await onPage(frameSrc(top.doc))).toEqual({ table: 'kb_knowledge', number: R.knowledge.number, surface: 'knowledge' });
  });

  it('the shell before its script has built the frame is not a record either', async () => {
    expect(await onPage(`/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${R.incident.sys_id}`)).toBeNull();
  });
});

/** Loads `path` with the simulator serving `variant` (sim/servicenow/pages/variant.ts). */
async function onVariant(variant: PageVariant, path: string, opts?: { run?: boolean }) {
  pages.sim.control.setPageVariant(variant);
  try {
    return await onPage(path, opts);
  } finally {
    pages.sim.control.setPageVariant('known');
  }
}

describe('workspaces: the URL names the record, in both DOM variants', () => {
  it.each(PAGE_VARIANTS.flatMap((v) => [
    [v, 'Service Operations Workspace', `/now/sow/record/incident/${R.incident.sys_id}`, 'incident', R.incident.sys_id],
    [v, 'with params', `/now/sow/record/incident/${R.incident.sys_id}/params/selected-tab-index/1`, 'incident', R.incident.sys_id],
    [v, 'agent workspace', `/now/workspace/agent/record/problem/${R.problem.sys_id}`, 'problem', R.problem.sys_id],
    [v, 'configurable workspace', `/now/cwf/agent/record/change_request/${R.change.sys_id}`, 'change_request', R.change.sys_id],
    [v, 'HR workspace', `/now/hr/record/problem/${R.problem.sys_id}`, 'problem', R.problem.sys_id],
    [v, 'custom workspace under /x/', `/x/acme/ops/record/incident/${R.incident.sys_id}`, 'incident', R.incident.sys_id],
    [v, 'a sub-record', `/now/sow/record/incident/${R.incident.sys_id}/sub/record/problem/${R.problem.sys_id}`, 'problem', R.problem.sys_id],
  ]))('%s: %s', async (variant, _, path, table, sys_id) => {
    expect(await onVariant(variant as PageVariant, path, { run: true })).toEqual({ table, sys_id, surface: 'workspace' });
  });

  it('before the form renders, too', async () => {
    expect(await onPage(`/now/sow/record/incident/${R.incident.sys_id}`)).toEqual({ table: 'incident', sys_id: R.incident.sys_id, surface: 'workspace' });
  });

  it('a new record (/-1) is not a record, before or after rendering', async () => {
    expect(await onPage('/now/sow/record/incident/-1')).toBeNull();
    expect(await onPage('/now/sow/record/incident/-1', { run: true })).toBeNull();
  });

  it('a workspace route without a record in its path is not a record', async () => {
    const { doc } = await load(`/now/sow/record/incident/${R.incident.sys_id}`, { run: true });
    expect(recordOnPage(doc, new URL('/now/sow/home', pages.sim.origin), [pages.sim.origin])).toBeNull();
  });
});

describe('Service Portal tickets: the URL names the record, in both DOM variants', () => {
  it.each(PAGE_VARIANTS.flatMap((v) => [
    [v, `/sp?id=ticket&table=incident&sys_id=${R.incident.sys_id}`, { table: 'incident', sys_id: R.incident.sys_id }],
    [v, `/sp?sys_id=${R.incident.sys_id}&table=incident&id=ticket`, { table: 'incident', sys_id: R.incident.sys_id }],
    [v, `/esc?id=standard_ticket&table=sc_req_item&sys_id=${R.requestItem.sys_id}`, { table: 'sc_req_item', sys_id: R.requestItem.sys_id }],
    [v, `/sp?id=form&table=problem&sys_id=${R.problem.sys_id}&view=portal`, { table: 'problem', sys_id: R.problem.sys_id }],
  ]))('%s: %s', async (variant, path, expected) => {
    expect(await onVariant(variant as PageVariant, path as string)).toEqual({ ...(expected as object), surface: 'portal' });
  });

  it('the portal home is not a record', async () => {
    expect(await onPage('/sp')).toBeNull();
    expect(await onPage('/sp?id=index')).toBeNull();
  });
});

describe('knowledge articles', () => {
  const kb = { table: 'kb_knowledge', number: R.knowledge.number, surface: 'knowledge' };
  it.each(PAGE_VARIANTS.flatMap((v) => [
    [v, `/kb_view.do?sysparm_article=${R.knowledge.number}`],
    [v, `/sp?id=kb_article&sysparm_article=${R.knowledge.number}`],
    [v, `/kb?id=kb_article_view&sysparm_article=${R.knowledge.number}`],
    [v, `/esc?sysparm_article=${R.knowledge.number}&id=kb_article_view`],
    [v, `/sp?id=kb_article&sys_id=${R.knowledge.number}%20V1.0`],
  ]))('%s: %s (by number)', async (variant, path) => {
    expect(await onVariant(variant as PageVariant, path)).toEqual(kb);
  });

  it.each([
    `/kb_view.do?sys_kb_id=${R.knowledge.sys_id}`,
    `/sp?id=kb_article&sys_id=${R.knowledge.sys_id}`,
    `/kb?id=kb_article_view&sys_kb_id=${R.knowledge.sys_id}`,
  ])('%s (by sys_id): the number from .kb-number-info, or none on the unknown variant', async (path) => {
    expect(await onPage(path)).toEqual({ ...kb, sys_id: R.knowledge.sys_id });
    expect(await onVariant('unknown', path)).toEqual({ table: 'kb_knowledge', sys_id: R.knowledge.sys_id, surface: 'knowledge' });
  });

  it('a page still showing another article answers null', async () => {
    const { doc } = await load(`/kb_view.do?sysparm_article=${R.knowledge.number}`);
    expect(recordOnPage(doc, new URL('/kb_view.do?sysparm_article=KB0010002', pages.sim.origin), [pages.sim.origin])).toBeNull();
  });
});

describe('not record pages', () => {
  it.each(['/', '/home.do', '/navpage.do', '/incident_list.do?sysparm_query=active%3Dtrue', '/now/sow/home', '/no_such_page.do'])('%s', async (path) => {
    expect(await onPage(path, { run: path.startsWith('/now/') })).toBeNull();
  });

  it('pages of an origin that is not a configured instance', async () => {
    const { doc, url } = await load(`/incident.do?sys_id=${R.incident.sys_id}`);
    expect(recordOnPage(doc, url, ['https://acme.service-now.com'])).toBeNull();
    expect(recordOnPage(doc, url, [])).toBeNull();
    // Configured origins compare normalised.
    expect(recordOnPage(doc, url, [pages.sim.origin.toUpperCase().replace('HTTP', 'http') + '/'])).not.toBeNull();
  });
});

describe('URL_SURFACE', () => {
  it('names a surface for every URL detector, so a new detector is a deliberate choice here', () => {
    expect(Object.keys(URL_SURFACE).sort()).toEqual(detectors.map((d) => d.name).sort());
  });
});
