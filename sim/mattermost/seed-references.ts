/**
 * Seeded posts holding ServiceNow references in every URL format lib/servicenow/record-url.ts knows (ServiceNow docs, "Enabling links to ServiceNow records" and "Navigate by portal URL"), bare
 * numbers (ServiceNow docs on record numbering, `sys_number`) and the negatives around them. Ids are stable (not drawn from the seed) so e2e tests
 * can name every post whatever seed a run uses.
 */
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS } from '../fixtures';
import { stableId } from './ids';
import { SEED_CHANNELS } from './seed-ids';

export interface ExpectedRecord {
  /** the ServiceNow host the link points at; absent for bare numbers (any configured instance) */
  instance?: string;
  table: string;
  sys_id?: string;
  number?: string;
}

export interface SeededReference {
  /** short name of the format, unique */
  key: string;
  postId: string;
  channelId: string;
  userId: string;
  /** the whole post message */
  text: string;
  /** the link or number inside the message */
  ref: string;
  /** what a correct recogniser extracts; null means "must not be recognised" */
  expect: ExpectedRecord | null;
  note?: string;
}

const A = `https://${HOSTS.servicenow}`;
const B = `https://${HOSTS.servicenowCustom}`;
const R = SN_RECORDS;
const inc = MM_CHANNELS.incidents.id;
const town = MM_CHANNELS.town.id;
const oncall = MM_CHANNELS.oncall.id;
const releases = MM_CHANNELS.releases.id;
const dm = SEED_CHANNELS.dm.id;
const beth = MM_USERS.agent.id;
const david = MM_USERS.agent2.id;
const abel = MM_USERS.requester.id;

type Row = [key: string, channelId: string, userId: string, ref: string, text: (ref: string) => string, expect: ExpectedRecord | null, note?: string];

const id = (host: string, table: string, sys_id: string): ExpectedRecord => ({ instance: host.replace('https://', ''), table, sys_id });
const num = (host: string | undefined, table: string, number: string): ExpectedRecord =>
  host ? { instance: host.replace('https://', ''), table, number } : { table, number };

const ROWS: Row[] = [
  // Classic forms
  ['classic', inc, david, `${A}/incident.do?sys_id=${R.incident.sys_id}`, (u) => `Email outage ticket: ${u}`, id(A, 'incident', R.incident.sys_id)],
  ['classic-view-stack', inc, beth, `${A}/change_request.do?sys_id=${R.change.sys_id}&sysparm_view=ess&sysparm_stack=change_request_list.do`, (u) => `The rollback change is here ${u} please approve`, id(A, 'change_request', R.change.sys_id)],
  ['classic-custom-domain', inc, david, `${B}/incident.do?sys_id=${R.incident2.sys_id}`, (u) => `Same thing on the ITSM instance: ${u}`, id(B, 'incident', R.incident2.sys_id)],
  ['classic-by-number', inc, beth, `${A}/incident.do?sysparm_query=number=INC0010002`, (u) => `Found it by number ${u}`, num(A, 'incident', 'INC0010002')],
  ['markdown-link', inc, david, `${A}/problem.do?sys_id=${R.problem.sys_id}`, (u) => `Linked to [the problem record](${u}) for the RCA.`, id(A, 'problem', R.problem.sys_id)],
  // nav_to
  ['nav_to-raw', inc, beth, `${A}/nav_to.do?uri=incident.do?sys_id=${R.incident.sys_id}`, (u) => `From the SN plugin: ${u}`, id(A, 'incident', R.incident.sys_id)],
  ['nav_to-encoded', inc, david, `${A}/nav_to.do?uri=sc_req_item.do%3Fsys_id=${R.requestItem.sys_id}%26sysparm_stack=sc_req_item_list.do%3Fsysparm_query=active=true`, (u) => `Laptop request ${u}`, id(A, 'sc_req_item', R.requestItem.sys_id)],
  ['nav_to-double-encoded', inc, beth, `${A}/nav_to.do?uri=incident.do%253Fsys_id%253D${R.incident2.sys_id}`, (u) => `Pasted from an email client: ${u}`, id(A, 'incident', R.incident2.sys_id)],
  ['nav_to-legacy', inc, david, `${A}/nav_to.do?uri=/incident?sys_id=${R.incident.sys_id}`, (u) => `Old Mattermost app link ${u}`, id(A, 'incident', R.incident.sys_id)],
  ['nav_to-custom-domain', oncall, beth, `${B}/nav_to.do?uri=change_request.do%3Fsys_id%3D${R.change.sys_id}`, (u) => `On-call change: ${u}`, id(B, 'change_request', R.change.sys_id)],
  // Next Experience wrapper
  ['next-classic', inc, beth, `${A}/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${R.incident.sys_id}`, (u) => `Polaris link ${u}`, id(A, 'incident', R.incident.sys_id)],
  ['next-double-encoded', inc, david, `${A}/now/nav/ui/classic/params/target/change_task.do%253Fsys_id%253D${R.changeTask.sys_id}`, (u) => `Change task for the DB step ${u}`, id(A, 'change_task', R.changeTask.sys_id)],
  ['next-kb-tail', town, beth, `${A}/now/nav/ui/classic/params/target/kb%3Fid%3Dkb_article_view%26sysparm_article%3DKB0010001`, (u) => `VPN how-to ${u}`, num(A, 'kb_knowledge', 'KB0010001')],
  // Workspaces
  ['sow', inc, david, `${A}/now/sow/record/incident/${R.incident.sys_id}`, (u) => `Working it in SOW ${u}`, id(A, 'incident', R.incident.sys_id)],
  ['sow-params', inc, beth, `${A}/now/sow/record/problem/${R.problem.sys_id}/params/selected-tab-index/1`, (u) => `Problem in SOW, tasks tab ${u}`, id(A, 'problem', R.problem.sys_id)],
  ['workspace-agent', inc, david, `${B}/now/workspace/agent/record/incident/${R.incident2.sys_id}`, (u) => `Agent workspace ${u}`, id(B, 'incident', R.incident2.sys_id)],
  ['cwf', inc, beth, `${A}/now/cwf/agent/record/sc_task/${R.catalogTask.sys_id}`, (u) => `Catalog task in CWF ${u}`, id(A, 'sc_task', R.catalogTask.sys_id)],
  ['workspace-hr', inc, beth, `${A}/now/hr/record/sc_req_item/${R.requestItem.sys_id}`, (u) => `From the HR agent workspace ${u}`, id(A, 'sc_req_item', R.requestItem.sys_id)],
  ['workspace-custom-x', inc, david, `${A}/x/acme/ops-workspace/record/incident/${R.incident2.sys_id}`, (u) => `Our own workspace ${u}`, id(A, 'incident', R.incident2.sys_id), 'a custom (scoped) workspace, /x/<scope>/<ws>/record/…'],
  ['sub-record', inc, david, `${A}/now/sow/record/problem/${R.problem.sys_id}/sub/record/problem_task/${R.problemTask.sys_id}`, (u) => `The task under the problem ${u}`, id(A, 'problem_task', R.problemTask.sys_id)],
  // Portals
  ['sp-ticket', inc, abel, `${A}/sp?id=ticket&table=incident&sys_id=${R.incident.sys_id}`, (u) => `My ticket from the portal ${u}`, id(A, 'incident', R.incident.sys_id)],
  ['sp-ticket-reordered', town, abel, `${B}/sp?sys_id=${R.requestItem.sys_id}&table=sc_req_item&id=ticket`, (u) => `Is my request stuck? ${u}`, id(B, 'sc_req_item', R.requestItem.sys_id)],
  ['sp-form', inc, beth, `${A}/sp?id=form&table=change_request&sys_id=${R.change.sys_id}&view=portal`, (u) => `Portal form ${u}`, id(A, 'change_request', R.change.sys_id)],
  ['esc-standard-ticket', town, abel, `${A}/esc?id=standard_ticket&table=sc_request&sys_id=${R.request.sys_id}`, (u) => `Employee Center request ${u}`, id(A, 'sc_request', R.request.sys_id)],
  // Knowledge
  ['kb_view', town, david, `${A}/kb_view.do?sysparm_article=KB0010001`, (u) => `Read this first: ${u}`, num(A, 'kb_knowledge', 'KB0010001')],
  ['sp-kb-number', town, beth, `${A}/sp?id=kb_article&sysparm_article=KB0010001`, (u) => `Portal version of the article ${u}`, num(A, 'kb_knowledge', 'KB0010001')],
  ['sp-kb-sys_id', releases, david, `${B}/sp?id=kb_article&sys_id=${R.knowledge.sys_id}`, (u) => `Release runbook article ${u}`, id(B, 'kb_knowledge', R.knowledge.sys_id)],
  ['sp-kb-sys_id-number', town, beth, `${A}/sp?id=kb_article&sys_id=KB0010001`, (u) => `Short portal link ${u}`, num(A, 'kb_knowledge', 'KB0010001')],
  ['sp-kb-sys_id-version', town, david, `${A}/sp?id=kb_article&sys_id=KB0010001%20V1.0`, (u) => `Versioned article link ${u}`, num(A, 'kb_knowledge', 'KB0010001')],
  ['kb-article-view', town, beth, `${A}/kb?id=kb_article_view&sysparm_article=KB0010001`, (u) => `KB portal ${u}`, num(A, 'kb_knowledge', 'KB0010001')],
  ['kb-slug', town, david, `${A}/kb/en/how-to-reset-your-vpn-token?id=kb_article_view&sysparm_article=KB0010001`, (u) => `Friendly URL ${u}`, num(A, 'kb_knowledge', 'KB0010001')],
  ['sp-kb-article-view-sys_kb_id', town, david, `${A}/sp?id=kb_article_view&sys_kb_id=${R.knowledge.sys_id}`, (u) => `Portal article by id ${u}`, id(A, 'kb_knowledge', R.knowledge.sys_id), 'the commonest knowledge link'],
  ['kb-article-view-sys_kb_id', town, beth, `${A}/kb?id=kb_article_view&sys_kb_id=${R.knowledge.sys_id}`, (u) => `KB portal article by id ${u}`, id(A, 'kb_knowledge', R.knowledge.sys_id)],
  ['kb_knowledge-form', releases, beth, `${A}/kb_knowledge.do?sys_id=${R.knowledge.sys_id}`, (u) => `Editing the article ${u}`, id(A, 'kb_knowledge', R.knowledge.sys_id)],
  ['dm-classic', dm, david, `${A}/incident.do?sys_id=${R.incident2.sys_id}`, (u) => `Can you take this one? ${u}`, id(A, 'incident', R.incident2.sys_id)],
  // Hostile records
  ['hostile-html', inc, david, `${A}/incident.do?sys_id=${R.hostileHtml.sys_id}`, (u) => `Weird description on this one ${u}`, id(A, 'incident', R.hostileHtml.sys_id)],
  ['hostile-markdown', inc, beth, `${A}/incident.do?sys_id=${R.hostileMarkdown.sys_id}`, (u) => `Markdown in the title ${u}`, id(A, 'incident', R.hostileMarkdown.sys_id)],
  ['hostile-mention', inc, david, `${A}/incident.do?sys_id=${R.hostileMention.sys_id}`, (u) => `Careful, mentions inside ${u}`, id(A, 'incident', R.hostileMention.sys_id)],
  ['long-text', inc, beth, `${A}/incident.do?sys_id=${R.longText.sys_id}`, (u) => `Huge description ${u}`, id(A, 'incident', R.longText.sys_id)],
  ['rtl-emoji', inc, david, `${A}/incident.do?sys_id=${R.rtlEmoji.sys_id}`, (u) => `RTL text ${u}`, id(A, 'incident', R.rtlEmoji.sys_id)],
  ['acl-hidden', inc, david, `${A}/incident.do?sys_id=${R.aclHidden.sys_id}`, (u) => `Admins only ${u}`, id(A, 'incident', R.aclHidden.sys_id), 'recognised, but beth cannot read it (404 on ServiceNow)'],
  // Bare numbers
  ['number-inc', inc, beth, 'INC0010001', (n) => `Can someone pick up ${n}? Mail is down for finance.`, num(undefined, 'incident', 'INC0010001')],
  ['number-chg', inc, david, 'CHG0030001', (n) => `${n} is scheduled for tonight.`, num(undefined, 'change_request', 'CHG0030001')],
  ['number-ritm', town, abel, 'RITM0010001', (n) => `Any news on ${n}?`, num(undefined, 'sc_req_item', 'RITM0010001')],
  ['number-kb', town, beth, 'KB0010001', (n) => `See ${n} for the VPN steps.`, num(undefined, 'kb_knowledge', 'KB0010001')],
  ['number-prb', inc, david, 'PRB0040001', (n) => `Root cause tracked in ${n}.`, num(undefined, 'problem', 'PRB0040001')],
  ['number-sctask', oncall, beth, 'SCTASK0010001', (n) => `(${n}) needs a desk-side visit`, num(undefined, 'sc_task', 'SCTASK0010001')],
  ['number-lowercase', inc, david, 'chg0030001', (n) => `typing fast: ${n} is approved`, null, 'the number regex is case-sensitive'],
  ['number-too-short', inc, beth, 'INC12345', (n) => `Old ticket ${n} from the previous tool`, null, 'fewer than 7 digits'],
  ['number-in-word', inc, david, 'XINC0010001', (n) => `asset tag ${n}`, null, 'no word boundary'],
  // Negatives
  ['code-block', inc, beth, 'INC0010001', (n) => `Script output:\n\`\`\`\nresolved ${n}\n${A}/incident.do?sys_id=${R.incident.sys_id}\n\`\`\``, null, 'inside a fenced code block'],
  ['inline-code-number', inc, david, 'INC0010002', (n) => `run \`close ${n}\` in the console`, null, 'inside inline code'],
  ['inline-code-link', inc, beth, `${A}/incident.do?sys_id=${R.incident2.sys_id}`, (u) => `the template is \`${u}\``, null, 'inside inline code'],
  ['unknown-instance', inc, david, `https://other.service-now.com/incident.do?sys_id=${R.incident.sys_id}`, (u) => `Not our instance: ${u}`, null, 'instance not configured'],
  ['unrelated-host', town, beth, `https://${HOSTS.unrelated}/incident.do?sys_id=${R.incident.sys_id}`, (u) => `Funny, this news site copies SN paths ${u}`, null, 'not a ServiceNow origin'],
  ['list-page', inc, beth, `${A}/incident_list.do?sysparm_query=active=true^priority=1`, (u) => `All P1s: ${u}`, null, 'list page'],
  ['new-record', inc, david, `${A}/incident.do?sys_id=-1`, (u) => `Create one here ${u}`, null, 'new record'],
  ['workspace-new', inc, beth, `${A}/now/sow/record/incident/-1`, (u) => `New in SOW ${u}`, null, 'new record'],
  ['home', town, david, `${A}/now/nav/ui/home`, (u) => `Home page ${u}`, null, 'not a record'],
  ['sp-home', town, abel, `${A}/sp`, (u) => `The portal ${u}`, null, 'not a record'],
];

export const SEEDED_REFERENCES: readonly SeededReference[] = ROWS.map(([key, channelId, userId, ref, text, expect, note]) => ({
  key,
  postId: stableId(`ref:${key}`),
  channelId,
  userId,
  text: text(ref),
  ref,
  expect,
  ...(note ? { note } : {}),
}));
