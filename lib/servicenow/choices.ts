/**
 * The choice lists a record's State form needs (state, close_code, hold_reason), from `sys_choice` as the user
 * (records-and-watch-contracts.md A.3): active rows only, in the user's language, in sequence order, ONE request per
 * class. The MM plugin reads sys_choice without `inactive` or `language` filters (duplicates, retired choices):
 * both are filtered here, and rows are de-duplicated by value.
 *
 * Inheritance: a task table that does not define a list uses `task`'s (A.3 "looked up on the concrete table first,
 * then on parents"), so the one request asks for `nameIN<class>,task` and each element takes the class's rows when
 * it has any. A language without its own rows for a list falls back to English, as the instance's UI does.
 *
 * When sys_choice cannot be read (403, or no state rows at all: a hardened instance filters them), built-in lists
 * per table stand in (A.3 "a built-in per-table default map") and the answer says `from: 'defaults'`.
 *
 * The same machinery serves any other set of a class's lists (readChoiceSet), e.g. the new-incident form's impact,
 * urgency and category: one request, the same filters, the same fallback keyed on one list that every instance has.
 */
import { HttpError } from '../http';
import { tableSpec } from './tables';
import { type TableClient, valueOf } from './table-client';

export interface Choice {
  value: string;
  label: string;
}

export const CHOICE_ELEMENTS = ['state', 'close_code', 'hold_reason'] as const;
export type ChoiceElement = (typeof CHOICE_ELEMENTS)[number];

/** The lists of one set of elements of a class. */
export interface ChoiceSet<E extends string> {
  /** by element; an element the class has no list for is absent */
  lists: Partial<Record<E, Choice[]>>;
  from: 'sys_choice' | 'defaults';
}
export type ChoiceLists = ChoiceSet<ChoiceElement>;

/** The new-incident form's lists (records-and-watch-contracts.md B.1: impact, urgency, category are choice values). */
export const INCIDENT_FORM_ELEMENTS = ['impact', 'urgency', 'category'] as const;
export type IncidentFormElement = (typeof INCIDENT_FORM_ELEMENTS)[number];

/** Per instance + class + language + set, for the worker's life; failures are not kept (the next form asks again). */
export type ChoiceMemory = Map<string, Promise<ChoiceSet<string>>>;

type Pairs = ReadonlyArray<readonly [string, string]>;
const list = (pairs: Pairs): Choice[] => pairs.map(([value, label]) => ({ value, label }));

/** Out-of-box labels (ServiceNow docs: incident, problem and change state models; ansible-itsm's incident map, A.3/A.4). */
const TASK_STATE: Pairs = [['-5', 'Pending'], ['1', 'Open'], ['2', 'Work in Progress'], ['3', 'Closed Complete'], ['4', 'Closed Incomplete'], ['7', 'Closed Skipped']];
/** impact and urgency: 1 high, 2 medium, 3 low (A.3; ansible-itsm's PAYLOAD_FIELDS_MAPPING), labelled as out of box */
const LEVELS: Pairs = [['1', '1 - High'], ['2', '2 - Medium'], ['3', '3 - Low']];
const DEFAULTS: Record<string, Record<string, Pairs>> = {
  task: { state: TASK_STATE, impact: LEVELS, urgency: LEVELS },
  incident: {
    // out-of-box incident categories (B.1's sample body uses "inquiry")
    category: [['inquiry', 'Inquiry / Help'], ['software', 'Software'], ['hardware', 'Hardware'], ['network', 'Network'], ['database', 'Database']],
    state: [['1', 'New'], ['2', 'In Progress'], ['3', 'On Hold'], ['6', 'Resolved'], ['7', 'Closed'], ['8', 'Canceled']],
    hold_reason: [['1', 'Awaiting Caller'], ['3', 'Awaiting Problem'], ['4', 'Awaiting Vendor'], ['5', 'Awaiting Change']],
    // the current set; value equals label (A.4)
    close_code: [
      'Duplicate', 'Known error', 'No resolution provided', 'Resolved by caller', 'Resolved by change', 'Resolved by problem', 'Resolved by request', 'Solution provided', 'Workaround provided',
    ].map((c) => [c, c] as const),
  },
  problem: { state: [['101', 'New'], ['102', 'Assess'], ['103', 'Root Cause Analysis'], ['104', 'Fix in Progress'], ['106', 'Resolved'], ['107', 'Closed']] },
  problem_task: { state: [['151', 'New'], ['152', 'Assess'], ['154', 'Work in Progress'], ['157', 'Closed']] },
  change_request: { state: [['-5', 'New'], ['-4', 'Assess'], ['-3', 'Authorize'], ['-2', 'Scheduled'], ['-1', 'Implement'], ['0', 'Review'], ['3', 'Closed'], ['4', 'Canceled']] },
  change_task: { state: [['-5', 'Pending'], ['1', 'Open'], ['2', 'In Progress'], ['3', 'Closed'], ['4', 'Canceled']] },
  sc_req_item: { state: TASK_STATE },
  sc_task: { state: TASK_STATE },
};

/** NowBridge's built-in lists for a class (a task table without its own falls back to task's). */
export function defaultChoices(table: string): ChoiceLists {
  return defaultChoiceSet(table, CHOICE_ELEMENTS);
}

/** The built-in lists of `elements` for a class; per element, a task table without its own takes task's. */
export function defaultChoiceSet<E extends string>(table: string, elements: readonly E[]): ChoiceSet<E> {
  const own = DEFAULTS[table] ?? {};
  const inherited = tableSpec(table).kind === 'task' ? DEFAULTS.task! : {};
  const lists: ChoiceSet<E>['lists'] = {};
  for (const e of elements) {
    const pairs = own[e] ?? inherited[e];
    if (pairs) lists[e] = list(pairs);
  }
  return { lists, from: 'defaults' };
}

/** The class's State-form lists; `language` is sys_user.preferred_language ('' → 'en'). */
export function readChoices(client: TableClient, table: string, language: string, memory: ChoiceMemory, signal?: AbortSignal): Promise<ChoiceLists> {
  return readChoiceSet(client, table, CHOICE_ELEMENTS, 'state', language, memory, signal);
}

/**
 * The class's lists of `elements`, one request. `key` is a list every instance has for this class: when sys_choice
 * gives no rows for it, the rows are filtered for this user (a hardened instance) and the built-in lists stand in.
 */
export function readChoiceSet<E extends string>(client: TableClient, table: string, elements: readonly E[], key: E, language: string, memory: ChoiceMemory, signal?: AbortSignal): Promise<ChoiceSet<E>> {
  const lang = /^[a-z]{2}(?:[-_][a-z]{2,4})?$/i.test(language) ? language.toLowerCase() : 'en';
  // the State form's set keeps its original key
  const set = (elements as readonly string[]) === CHOICE_ELEMENTS ? '' : ` ${elements.join(',')}`;
  const memo = `${client.base} ${table} ${lang}${set}`;
  let hit = memory.get(memo) as Promise<ChoiceSet<E>> | undefined;
  if (!hit) {
    hit = fetchChoices(client, table, elements, key, lang, signal);
    memory.set(memo, hit);
    hit.catch(() => memory.delete(memo));
  }
  return hit;
}

async function fetchChoices<E extends string>(client: TableClient, table: string, elements: readonly E[], key: E, lang: string, signal?: AbortSignal): Promise<ChoiceSet<E>> {
  const names = table !== 'task' && tableSpec(table).kind === 'task' ? [table, 'task'] : [table];
  const langs = lang === 'en' ? ['en'] : [lang, 'en'];
  const query = [
    names.length > 1 ? `nameIN${names.join(',')}` : `name=${table}`,
    `elementIN${elements.join(',')}`,
    'inactive=false',
    langs.length > 1 ? `languageIN${langs.join(',')}` : `language=${lang}`,
    'ORDERBYsequence',
  ].join('^');
  let rows;
  try {
    rows = (await client.list('sys_choice', { query, fields: 'name,element,value,label,sequence,language', displayValue: 'false', limit: 500, signal })).rows;
  } catch (err) {
    // 403: this user may not read sys_choice at all (a hardened instance); anything else is not an answer
    if (err instanceof HttpError && err.kind === 'forbidden') return defaultChoiceSet(table, elements);
    throw err;
  }
  // Per element: the class's own rows before task's, the user's language before English; first value wins.
  const rank = (r: (typeof rows)[number]) => names.indexOf(valueOf(r.name)) * 10 + langs.indexOf(valueOf(r.language));
  const lists: ChoiceSet<E>['lists'] = {};
  for (const element of elements) {
    const mine = rows.filter((r) => valueOf(r.element) === element && names.includes(valueOf(r.name)) && langs.includes(valueOf(r.language)));
    if (!mine.length) continue;
    const best = Math.min(...mine.map(rank));
    // the class's list in English only is still the class's: a list is chosen by table first, then language
    const table0 = Math.floor(best / 10);
    const pick = mine
      .filter((r) => Math.floor(rank(r) / 10) === table0)
      .sort((a, b) => rank(a) - rank(b) || Number(valueOf(a.sequence)) - Number(valueOf(b.sequence)));
    const seen = new Map<string, { label: string; seq: number }>();
    for (const r of pick) {
      const value = valueOf(r.value);
      if (!seen.has(value)) seen.set(value, { label: valueOf(r.label) || value, seq: Number(valueOf(r.sequence)) || 0 });
    }
    lists[element] = [...seen].sort(([, a], [, b]) => a.seq - b.seq).map(([value, { label }]) => ({ value, label }));
  }
  // No rows for the key list (state) at all: filtered like a hardened instance's sys_choice (not "no states").
  if (!lists[key]?.length) return defaultChoiceSet(table, elements);
  return { lists, from: 'sys_choice' };
}
