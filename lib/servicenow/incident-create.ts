/**
 * Creating an incident as the user through the Table API (records-and-watch-contracts.md B.1, A.4, A.7, A.9), so that
 * the answer never lies:
 *
 * - Only what the user chose is sent, as actual values (sys_ids, choice values; A.7). Priority is never sent: the
 *   instance computes it from impact × urgency (B.1, ServiceNow docs "Create an incident"); contact_type is left to
 *   the instance's default.
 * - The POST asks back sys_id, number and every sent field, and the answer is compared with what was sent: a field
 *   that came back empty or different was silently dropped by a field write ACL (A.9: a requester's urgency and
 *   impact need itil or sn_incident_write) and is reported by its label, never shown as set.
 * - A post's incident carries `correlation_id` = the post id and `correlation_display` = "Mattermost" (B.1 "Link
 *   back"; both fields exist on task), so findIncidentFromPost can tell whether one exists already, or whether a
 *   create whose answer was lost landed.
 * - A 403 (data policy, ACL, business rule) is thrown as the TableApiError the client made: write-refusal.ts reads it.
 */
import { HttpError } from '../http';
import { displayOf, escapeQueryValue, type RawRow, type TableClient, valueOf } from './table-client';
import { snDateToIso } from './user-dates';

export interface NewIncident {
  short_description: string;
  description: string;
  /** sys_user sys_id */
  caller_id?: string;
  /** choice values ("1" high … "3" low, A.3) */
  impact?: string;
  urgency?: string;
  category?: string;
  /** sys_user_group sys_id */
  assignment_group?: string;
  /** cmdb_ci sys_id */
  cmdb_ci?: string;
  /** the Mattermost post id the incident is raised from */
  correlation_id?: string;
  /** "Mattermost" when a post id is given (the default then) */
  correlation_display?: string;
}
export type NewIncidentField = keyof NewIncident;

export interface CreatedIncident {
  table: 'incident';
  sys_id: string;
  number: string;
  /** labels of the fields sent that ServiceNow did not keep (A.9) */
  dropped: string[];
}

/** The incident form's out-of-box labels (what the user saw, and what a data policy's 403 names; A.4). */
export const INCIDENT_LABELS: Record<NewIncidentField, string> = {
  short_description: 'Short description',
  description: 'Description',
  caller_id: 'Caller',
  impact: 'Impact',
  urgency: 'Urgency',
  category: 'Category',
  assignment_group: 'Assignment group',
  cmdb_ci: 'Configuration item',
  correlation_id: 'Correlation ID',
  correlation_display: 'Correlation display',
};

export const MATTERMOST_CORRELATION = 'Mattermost';

/** The fields behind a data policy's labels (A.4 names labels, not fields); unknown labels are left out. */
export function incidentFieldsOf(labels: readonly string[]): NewIncidentField[] {
  const byLabel = new Map(Object.entries(INCIDENT_LABELS).map(([f, l]) => [l.toLowerCase(), f as NewIncidentField]));
  return [...new Set(labels.flatMap((l) => byLabel.get(l.trim().toLowerCase()) ?? []))];
}

const FIELDS = Object.keys(INCIDENT_LABELS) as NewIncidentField[];
const REFERENCES: ReadonlySet<NewIncidentField> = new Set(['caller_id', 'assignment_group', 'cmdb_ci']);
const CHOICES: ReadonlySet<NewIncidentField> = new Set(['impact', 'urgency', 'category']);
const TEXTS: ReadonlySet<NewIncidentField> = new Set(['short_description', 'description']);
const SYS_ID = /^[0-9a-f]{32}$/;
/** a Mattermost id (26 lower-case base32 characters, `model.NewId`) */
const POST_ID = /^[a-z0-9]{26}$/;

const invalid = (message: string) => new HttpError('http', message);
const normalised = (s: string) => s.replace(/\r\n?/g, '\n').trim();

/** What is sent: non-empty fields only, checked (a reference is a sys_id, a choice value at most 40 characters: A.3). */
export function incidentBody(input: NewIncident): Record<string, string> {
  const body: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = (input[f] ?? '').trim();
    if (!v) continue;
    if (REFERENCES.has(f) && !SYS_ID.test(v)) throw invalid(`${INCIDENT_LABELS[f]} is not a ServiceNow record.`);
    if (CHOICES.has(f) && v.length > 40) throw invalid(`${INCIDENT_LABELS[f]} is not one of ServiceNow's choices.`);
    body[f] = v;
  }
  if (!body.short_description) throw invalid('An incident needs a short description.');
  if (body.correlation_id && !body.correlation_display) body.correlation_display = MATTERMOST_CORRELATION;
  return body;
}

/**
 * Labels of the sent fields the answer does not carry with the sent value. A text the instance cut to its field's
 * length (short_description is 160 characters out of box) came back as a prefix of what was sent: kept, not dropped.
 */
export function droppedLabels(sent: Record<string, string>, row: RawRow): string[] {
  return (Object.keys(sent) as NewIncidentField[])
    .filter((f) => {
      const got = valueOf(row[f]);
      if (TEXTS.has(f)) return !normalised(got) || !normalised(sent[f]!).startsWith(normalised(got));
      return got !== sent[f];
    })
    .map((f) => INCIDENT_LABELS[f]);
}

const askBack = (sent: Record<string, string>) => ['sys_id', 'number', ...Object.keys(sent)];

function created(sent: Record<string, string>, row: RawRow): CreatedIncident {
  const sys_id = valueOf(row.sys_id);
  if (!SYS_ID.test(sys_id)) throw new HttpError('bad-response', 'ServiceNow created the incident but did not say which one it is.');
  return { table: 'incident', sys_id, number: valueOf(row.number), dropped: droppedLabels(sent, row) };
}

/** POST /api/now/table/incident. Throws HttpError (a 403's reason: writeRefusal) or a validation HttpError. */
export async function createIncident(client: TableClient, input: NewIncident, opts: { signal?: AbortSignal } = {}): Promise<CreatedIncident> {
  const sent = incidentBody(input);
  return created(sent, await client.create('incident', sent, askBack(sent), opts.signal));
}

/** An incident found after a create whose answer was lost, compared with what that create sent (one read). */
export async function readCreatedIncident(client: TableClient, sys_id: string, input: NewIncident, signal?: AbortSignal): Promise<CreatedIncident> {
  const sent = incidentBody(input);
  return created(sent, await client.get('incident', sys_id, askBack(sent), signal));
}

export interface IncidentFromPost {
  table: 'incident';
  sys_id: string;
  number: string;
  short_description: string;
  /** who opened it (display name) */
  opened_by: string;
  /** ISO UTC */
  created_on: string;
}

/**
 * The newest incident the user can read that was raised from this Mattermost post (correlation_id = post id,
 * correlation_display = "Mattermost"); undefined when none. A few rows are asked for because the limit applies
 * before ACLs (ServiceNow docs, "Table API"): a hidden newer one would otherwise hide the readable one.
 */
export async function findIncidentFromPost(client: TableClient, postId: string, signal?: AbortSignal): Promise<IncidentFromPost | undefined> {
  if (!POST_ID.test(postId)) return undefined;
  const { rows } = await client.list('incident', {
    query: `correlation_id=${escapeQueryValue(postId)}^correlation_display=${MATTERMOST_CORRELATION}^ORDERBYDESCsys_created_on`,
    fields: 'sys_id,number,short_description,opened_by,sys_created_on',
    limit: 5,
    signal,
  });
  const r = rows[0];
  if (!r || !SYS_ID.test(valueOf(r.sys_id))) return undefined;
  return {
    table: 'incident',
    sys_id: valueOf(r.sys_id),
    number: valueOf(r.number),
    short_description: valueOf(r.short_description),
    opened_by: displayOf(r.opened_by),
    created_on: snDateToIso(valueOf(r.sys_created_on)),
  };
}
