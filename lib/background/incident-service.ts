/**
 * "Create incident" as the connected ServiceNow user (records-and-watch-contracts.md B.1, A.4, A.9): the form's
 * choice lists and searches, and the create itself, at most once per submission.
 *
 * At most once: a retry of a submission in flight or done gets its first answer (as record-work.ts). A retry after a
 * failure without a clear answer (timeout, worker gone: the POST may have landed) first looks for the incident by
 * the post it was raised from (correlation_id, incident-create.ts findIncidentFromPost), created since the first
 * attempt, and only creates when there is none. Without a post id there is nothing to recognise it by: it creates.
 * A refusal (403) is a clear answer that saved nothing: the submission is forgotten, so the user can fix the form
 * and send it again.
 */
import type { Choice } from '../servicenow/choices';
import { type ChoiceMemory, INCIDENT_FORM_ELEMENTS, readChoiceSet } from '../servicenow/choices';
import { searchConfigurationItems } from '../servicenow/configuration-items';
import {
  type CreatedIncident,
  createIncident,
  findIncidentFromPost,
  type IncidentFromPost,
  incidentFieldsOf,
  type NewIncident,
  type NewIncidentField,
  readCreatedIncident,
} from '../servicenow/incident-create';
import { type PersonOption, searchPeople } from '../servicenow/people';
import { writeRefusal, type WriteRefusal } from '../servicenow/write-refusal';
import type { CardData } from './card-data';
import type { Clients } from './clients';
import type { RecordService } from './record-service';
import type { Identity } from './session-identity';
import { createSubmissions, type SubmissionLedger } from './submissions';

export interface IncidentServiceDeps {
  clients: Pick<Clients, 'servicenow'>;
  /** the new record's card, read once it exists */
  records: Pick<RecordService, 'card'>;
  /** the user's language for the lists; browser-session mode: refuses a write as someone else (session-identity.ts) */
  identity?: Pick<Identity, 'me' | 'assertSameUser'>;
  /** remembers started writes across worker restarts (submissions.ts) */
  ledger?: SubmissionLedger;
  now?: () => number;
}

export type CreateAnswer =
  /** `recovered`: an earlier attempt whose answer was lost had created it; `card` is undefined when unreadable */
  | { outcome: 'created'; incident: CreatedIncident; recovered: boolean; card: CardData | undefined }
  /** nothing was created; `fields` are the form's fields a data policy named (to highlight), `message` is for the user */
  | { outcome: 'refused'; kind: WriteRefusal['kind']; labels: string[]; fields: NewIncidentField[]; message: string };

export interface IncidentFormChoices {
  impact: Choice[];
  urgency: Choice[];
  category: Choice[];
  from: 'sys_choice' | 'defaults';
}

/** An incident found for a retry counts as the lost attempt's when created this close to (or after) the first try:
 * the instance's clock is not ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

function refused(r: WriteRefusal): CreateAnswer {
  const labels = r.kind === 'mandatory' ? r.labels : [];
  const message =
    r.kind === 'mandatory'
      ? `ServiceNow needs ${labels.join(', ') || 'more fields'} before it creates the incident.`
      : r.kind === 'acl'
        ? 'ServiceNow says you may not create incidents.'
        : `ServiceNow refused the incident: ${r.detail}`;
  return { outcome: 'refused', kind: r.kind, labels, fields: incidentFieldsOf(labels), message };
}

export function createIncidentService(deps: IncidentServiceDeps) {
  const now = deps.now ?? Date.now;
  const choiceMemory: ChoiceMemory = new Map();
  // a refusal created nothing: the user may fix the form and send the same submission again
  const submissions = createSubmissions<CreateAnswer>({ kind: 'incident', now, ledger: deps.ledger, wroteNothing: (a) => a.outcome === 'refused' });

  async function done(instance: string, incident: CreatedIncident, recovered: boolean): Promise<CreateAnswer> {
    const card = await deps.records.card(instance, { table: 'incident', sys_id: incident.sys_id }).catch(() => undefined);
    return { outcome: 'created', incident, recovered, card };
  }

  /** `since`: when the first attempt of this submission started, for a retry after an unclear failure */
  async function run(instance: string, input: NewIncident, since?: number): Promise<CreateAnswer> {
    // a browser session signed in as someone else since connecting must not create as them
    await deps.identity?.assertSameUser(instance);
    const client = await deps.clients.servicenow(instance);
    if (since !== undefined && input.correlation_id) {
      const found = await findIncidentFromPost(client, input.correlation_id);
      if (found && Date.parse(found.created_on) >= since - CLOCK_SKEW_MS) return done(instance, await readCreatedIncident(client, found.sys_id, input), true);
    }
    let incident: CreatedIncident;
    try {
      incident = await createIncident(client, input);
    } catch (err) {
      const r = writeRefusal(err);
      if (!r) throw err;
      return refused(r);
    }
    return done(instance, incident, false);
  }

  return {
    create(instance: string, input: NewIncident, submissionId: number): Promise<CreateAnswer> {
      return submissions.run(submissionId, (earlier) => run(instance, input, earlier));
    },

    /** "An incident from this message already exists": the newest one the user can read, or undefined. */
    async fromPost(instance: string, postId: string): Promise<IncidentFromPost | undefined> {
      return findIncidentFromPost(await deps.clients.servicenow(instance), postId);
    },

    /** The form's impact, urgency and category lists (one request per instance and language; built-in when unreadable). */
    async choices(instance: string): Promise<IncidentFormChoices> {
      const client = await deps.clients.servicenow(instance);
      const me = await deps.identity?.me(instance).catch(() => undefined);
      const c = await readChoiceSet(client, 'incident', INCIDENT_FORM_ELEMENTS, 'impact', me?.language ?? '', choiceMemory);
      return { impact: c.lists.impact ?? [], urgency: c.lists.urgency ?? [], category: c.lists.category ?? [], from: c.from };
    },

    /** the Caller combobox: active people by name */
    async callers(instance: string, text: string): Promise<PersonOption[]> {
      return searchPeople(await deps.clients.servicenow(instance), { kind: 'user', query: text });
    },

    async groups(instance: string, text: string): Promise<PersonOption[]> {
      return searchPeople(await deps.clients.servicenow(instance), { kind: 'group', query: text });
    },

    async configurationItems(instance: string, text: string): Promise<PersonOption[]> {
      return searchConfigurationItems(await deps.clients.servicenow(instance), text);
    },

    /** after disconnect */
    forget(instance: string): void {
      for (const k of [...choiceMemory.keys()]) if (k.startsWith(`${instance} `)) choiceMemory.delete(k);
    },
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
