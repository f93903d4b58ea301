/**
 * Deterministic seed data: the well-known fixtures of sim/fixtures.ts with exactly their sys_ids and numbers,
 * plus several hundred generated records around them. Everything comes from prng(seed) and SEED_EPOCH_MS,
 * never from Math.random or Date.now, so the same seed gives byte-identical data on every run.
 */
import { prng } from '../server';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import type { SnRow, SnUser } from './types';
import { APPROVAL_STATES, CHOICES, GERMAN_INCIDENT_STATE } from './choices';
import { SEED_EPOCH_MS, snDate, snDateTime } from './dates';
import { NUMBER_PREFIXES } from './schema';
import { isActiveState, priorityOf } from './rules';
import * as T from './seed-text';
import { PANEL_CHOICES, seedPanelDates } from './seed-dates';

export interface SeedData {
  users: SnUser[];
  /** rows per concrete table ('task' holds only rows created as plain tasks) */
  rows: Record<string, SnRow[]>;
}

/** Fixed ids of seeded non-fixture records that other code (ACLs, tests) names. */
export const SEED_IDS = {
  groups: {
    'Service Desk': 'a7e1c5f2d4b84e3c9f1a2b3c4d5e6f01',
    Network: 'a7e1c5f2d4b84e3c9f1a2b3c4d5e6f02',
    Database: 'a7e1c5f2d4b84e3c9f1a2b3c4d5e6f03',
    Hardware: 'a7e1c5f2d4b84e3c9f1a2b3c4d5e6f04',
    Software: 'a7e1c5f2d4b84e3c9f1a2b3c4d5e6f05',
    'Change Management': 'a7e1c5f2d4b84e3c9f1a2b3c4d5e6f06',
    'Catalog Fulfillment': 'a7e1c5f2d4b84e3c9f1a2b3c4d5e6f07',
  } as Record<string, string>,
  itKnowledgeBase: 'b8f2d6e3c5a94f4d8e2b3c4d5e6f7a01',
  /** readable by admin only: its articles are hidden from itil users too */
  hrKnowledgeBase: 'b8f2d6e3c5a94f4d8e2b3c4d5e6f7a02',
} as const;

const DAY = 86_400_000;
const ROLES: Record<keyof typeof SN_USERS, string[]> = { agent: ['itil'], agent2: ['itil'], requester: [], admin: ['admin'] };

class Gen {
  readonly r: () => number;
  constructor(seed: number) {
    this.r = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  /** 32 lowercase hex, like a real sys_id */
  id(): string {
    let out = '';
    for (let i = 0; i < 4; i++) out += Math.floor(this.r() * 2 ** 32).toString(16).padStart(8, '0');
    return out;
  }
  /** a time in the 90 days before the epoch */
  past(): number {
    return SEED_EPOCH_MS - Math.floor(this.r() * 90 * DAY);
  }
  /** a time between `from` and the epoch */
  after(from: number): number {
    return from + Math.floor(this.r() * (SEED_EPOCH_MS - from));
  }
  /** weighted pick: [[value, weight], ...] */
  weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): T {
    const total = pairs.reduce((a, [, w]) => a + w, 0);
    let x = this.r() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1]![0];
  }
}

function sysFields(sys_id: string, created: number, by: string, updated = created, updatedBy = by, mods = 0): SnRow {
  return {
    sys_id,
    sys_created_on: snDateTime(created),
    sys_created_by: by,
    sys_updated_on: snDateTime(updated),
    sys_updated_by: updatedBy,
    sys_mod_count: String(mods),
  };
}

export function numberFor(table: string, n: number): string {
  return `${NUMBER_PREFIXES[table] ?? 'TASK'}${String(n).padStart(7, '0')}`;
}

export function generateSeed(seed = 1): SeedData {
  const g = new Gen(seed);
  const rows: Record<string, SnRow[]> = {};
  const add = (table: string, row: SnRow) => (rows[table] ??= []).push(row);

  // ---- users -------------------------------------------------------------------------------------------
  const users: SnUser[] = (Object.keys(SN_USERS) as (keyof typeof SN_USERS)[]).map((k) => ({ ...SN_USERS[k], roles: ROLES[k] }));
  const taken = new Set(users.map((u) => u.user_name));
  while (users.length < 40) {
    const first = g.pick(T.FIRST_NAMES);
    const last = g.pick(T.LAST_NAMES);
    const user_name = `${first}.${last}`.toLowerCase();
    if (taken.has(user_name)) continue;
    taken.add(user_name);
    // the first twelve generated users are agents, the rest end users
    const roles = users.length < 16 ? ['itil'] : [];
    users.push({ sys_id: g.id(), user_name, name: `${first} ${last}`, email: `${user_name}@example.com`, password: `${user_name}-pass`, roles });
  }
  for (const u of users) {
    const [first, ...rest] = u.name.split(' ');
    const created = SEED_EPOCH_MS - 400 * DAY - g.int(300) * DAY;
    add('sys_user', {
      ...sysFields(u.sys_id, created, 'admin'),
      user_name: u.user_name,
      first_name: first ?? '',
      last_name: rest.join(' '),
      name: u.name,
      email: u.email,
      title: u.roles.includes('itil') ? 'IT Support Analyst' : u.roles.includes('admin') ? 'System Administrator' : g.pick(T.TITLES),
      phone: `+1 555 01${String(g.int(100)).padStart(2, '0')}`,
      active: 'true',
      locked_out: 'false',
    });
  }
  const agents = users.filter((u) => u.roles.includes('itil'));
  const endUsers = users.filter((u) => u.roles.length === 0);
  const byName = (n: string) => users.find((u) => u.user_name === n)!;
  const beth = byName(SN_USERS.agent.user_name);
  const david = byName(SN_USERS.agent2.user_name);
  const abel = byName(SN_USERS.requester.user_name);
  const admin = byName(SN_USERS.admin.user_name);

  // ---- groups and memberships --------------------------------------------------------------------------
  const members: Record<string, SnUser[]> = {};
  const join = (group: string, u: SnUser) => (members[group] ??= []).push(u);
  join('Service Desk', beth);
  join('Hardware', beth);
  join('Network', david);
  join('Database', david);
  join('Change Management', admin);
  agents
    .filter((u) => u !== beth && u !== david)
    .forEach((u, i) => {
      join(T.GROUPS[i % T.GROUPS.length]![0], u);
      if (i < 3) join('Service Desk', u);
    });
  for (const [name, description] of T.GROUPS) {
    const id = SEED_IDS.groups[name]!;
    add('sys_user_group', {
      ...sysFields(id, SEED_EPOCH_MS - 500 * DAY, 'admin'),
      name,
      description,
      manager: members[name]![0]!.sys_id,
      email: `${name.toLowerCase().replace(/ /g, '-')}@example.com`,
      active: 'true',
    });
    for (const u of members[name]!) {
      add('sys_user_grmember', { ...sysFields(g.id(), SEED_EPOCH_MS - 450 * DAY, 'admin'), user: u.sys_id, group: id });
    }
  }
  const groupNames = T.GROUPS.map(([n]) => n).filter((n) => n !== 'Change Management' && n !== 'Catalog Fulfillment');
  const memberOf = (group: string) => g.pick(members[group]!);

  // ---- CIs and catalog items ---------------------------------------------------------------------------
  const cis = T.CI_NAMES.map(([name, cls], i) => {
    const row: SnRow = {
      ...sysFields(g.id(), SEED_EPOCH_MS - 300 * DAY, 'admin'),
      name,
      sys_class_name: cls,
      ip_address: `10.0.${i + 1}.${10 + g.int(200)}`,
      serial_number: `SN-${g.id().slice(0, 10).toUpperCase()}`,
      operational_status: i === 6 ? '2' : '1',
      support_group: SEED_IDS.groups[g.pick(groupNames)]!,
    };
    add('cmdb_ci', row);
    return row;
  });
  const catItems = T.CATALOG_ITEMS.map(([name, short_description, price]) => {
    const row: SnRow = { ...sysFields(g.id(), SEED_EPOCH_MS - 300 * DAY, 'admin'), name, short_description, price, active: 'true' };
    add('sc_cat_item', row);
    return row;
  });

  // ---- task records --------------------------------------------------------------------------------------
  /** the fields every task row carries, with realistic dates and the derived `active` */
  const taskRow = (table: string, sys_id: string, number: string, o: { opened: number; by: SnUser; state: string; short: string }) => {
    const updated = g.after(o.opened);
    const active = isActiveState(table, o.state);
    const impact = String(1 + g.int(3));
    const urgency = String(1 + g.int(3));
    const row: SnRow = {
      ...sysFields(sys_id, o.opened, o.by.user_name, updated, g.pick(agents).user_name, g.int(12)),
      number,
      short_description: o.short,
      description: '',
      state: o.state,
      priority: priorityOf(impact, urgency),
      impact,
      urgency,
      active: String(active),
      approval: 'not requested',
      assigned_to: '',
      assignment_group: '',
      opened_by: o.by.sys_id,
      opened_at: snDateTime(o.opened),
      closed_at: active ? '' : snDateTime(updated),
      due_date: '',
      cmdb_ci: '',
      sys_class_name: table,
      sys_domain: 'global',
    };
    return row;
  };
  const assign = (row: SnRow, group: string, p = 0.85) => {
    row.assignment_group = SEED_IDS.groups[group]!;
    if (g.chance(p)) row.assigned_to = memberOf(group).sys_id;
  };

  // incidents: the fixtures first, then generated ones
  const incState = (): string => g.weighted([['1', 20], ['2', 30], ['3', 10], ['6', 15], ['7', 20], ['8', 5]] as const);
  const incident = (sys_id: string, number: string, o: { caller: SnUser; short: string; category: string; state: string; group?: string; assignee?: SnUser }) => {
    const opened = g.past();
    const by = g.chance(0.6) ? o.caller : g.pick(agents);
    const row = taskRow('incident', sys_id, number, { opened, by, state: o.state, short: o.short });
    const contact = g.pick(['email', 'phone', 'self-service', 'walk-in'] as const);
    Object.assign(row, {
      description: `${o.short}. Reported by ${o.caller.name} via ${contact}. Affects daily work; please investigate.`,
      caller_id: o.caller.sys_id,
      category: o.category,
      subcategory: '',
      contact_type: contact,
      incident_state: o.state,
      hold_reason: o.state === '3' ? g.pick(['1', '3', '4', '5'] as const) : '',
      resolved_at: o.state === '6' || o.state === '7' ? row.sys_updated_on : '',
      close_code: o.state === '6' || o.state === '7' ? 'Solved (Permanently)' : '',
      close_notes: o.state === '6' || o.state === '7' ? 'Resolved after applying the fix.' : '',
      cmdb_ci: g.chance(0.5) ? g.pick(cis).sys_id : '',
    });
    if (o.group) assign(row, o.group, o.assignee ? 0 : 0.85);
    if (o.assignee) row.assigned_to = o.assignee.sys_id;
    add('incident', row);
    return row;
  };
  const R = SN_RECORDS;
  const fx1 = incident(R.incident.sys_id, R.incident.number, { caller: abel, short: 'Email server not responding for the finance team', category: 'software', state: '2', group: 'Service Desk', assignee: beth });
  Object.assign(fx1, { impact: '2', urgency: '2', priority: '3', cmdb_ci: cis[0]!.sys_id });
  const fx2 = incident(R.incident2.sys_id, R.incident2.number, { caller: abel, short: 'VPN disconnects every few minutes when working from home', category: 'network', state: '1', group: 'Network', assignee: david });
  Object.assign(fx2, { impact: '1', urgency: '2', priority: '2', cmdb_ci: cis[5]!.sys_id });
  incident(R.hostileHtml.sys_id, R.hostileHtml.number, {
    caller: abel,
    short: `<b>Printer</b> on fire <script>alert('xss')</script><img src=x onerror="alert(document.cookie)">`,
    category: 'hardware',
    state: '1',
    group: 'Service Desk',
    assignee: beth,
  }).description = `<p>See <a href="javascript:alert(1)">this</a></p><iframe src="https://evil.example.test"></iframe>`;
  incident(R.hostileMarkdown.sys_id, R.hostileMarkdown.number, {
    caller: abel,
    short: '# Outage [click here](https://evil.example.test/login) ![pixel](https://evil.example.test/p.png) | a | b |',
    category: 'software',
    state: '2',
    group: 'Service Desk',
    assignee: beth,
  }).description = '# Heading\n\n[login](https://evil.example.test/login)\n\n![tracker](https://evil.example.test/t.gif)\n\n| col1 | col2 |\n|---|---|\n| x | y |\n\n```\ncode\n```';
  incident(R.hostileMention.sys_id, R.hostileMention.number, {
    caller: abel,
    short: '@channel @here @all printer jam again, ping @beth.anglin',
    category: 'hardware',
    state: '1',
    group: 'Service Desk',
  });
  const longDesc = 'Application crash log: '.padEnd(10_000, ' lorem ipsum dolor sit amet');
  incident(R.longText.sys_id, R.longText.number, { caller: abel, short: 'Application crashes on startup (log attached)', category: 'software', state: '2', group: 'Software' }).description =
    longDesc.slice(0, 10_000);
  incident(R.rtlEmoji.sys_id, R.rtlEmoji.number, {
    caller: abel,
    short: 'خادم البريد لا يعمل — השרת לא עובד 🔥🚒💻 👩🏽‍💻',
    category: 'software',
    state: '2',
    group: 'Service Desk',
    assignee: beth,
  }).description = 'مرحبا بالعالم. שלום עולם. 🎉 Mixed ltr and rtl text.';
  const hidden = incident(R.aclHidden.sys_id, R.aclHidden.number, {
    caller: g.pick(endUsers),
    short: 'Confidential: investigation of a compromised executive account',
    category: 'inquiry',
    state: '2',
    group: 'Service Desk',
    assignee: beth,
  });
  hidden.description = 'Security investigation. Do not disclose.';
  let n = 10009;
  for (let i = 0; i < 242; i++, n++) {
    const category = g.weighted([['inquiry', 10], ['software', 35], ['hardware', 25], ['network', 20], ['database', 10]] as const);
    const group = category === 'network' ? 'Network' : category === 'database' ? 'Database' : g.chance(0.5) ? 'Service Desk' : category === 'hardware' ? 'Hardware' : 'Software';
    incident(g.id(), numberFor('incident', n), {
      caller: g.chance(0.2) ? abel : g.pick(endUsers),
      short: g.pick(T.INCIDENT_TEXT[category]!),
      category,
      state: incState(),
      group,
    });
  }

  // problems and their tasks
  const problems: SnRow[] = [];
  for (let i = 0; i < 30; i++) {
    const fixture = i === 0;
    const state = fixture ? '103' : g.pick(['101', '102', '103', '104', '106', '107'] as const);
    const row = taskRow('problem', fixture ? R.problem.sys_id : g.id(), fixture ? R.problem.number : numberFor('problem', 40001 + i), {
      opened: g.past(),
      by: g.pick(agents),
      state,
      short: fixture ? 'Recurring email outages on the Exchange cluster' : g.pick(T.PROBLEM_TEXT),
    });
    Object.assign(row, { known_error: String(g.chance(0.3)), cause_notes: '', fix_notes: '', cmdb_ci: g.pick(cis).sys_id });
    row.description = `Problem record grouping related incidents: ${row.short_description}.`;
    assign(row, fixture ? 'Service Desk' : g.pick(groupNames));
    if (fixture) row.assigned_to = beth.sys_id;
    add('problem', row);
    problems.push(row);
  }
  for (let i = 0; i < 25; i++) {
    const fixture = i === 0;
    const parent = fixture ? problems[0]! : g.pick(problems);
    const row = taskRow('problem_task', fixture ? R.problemTask.sys_id : g.id(), fixture ? R.problemTask.number : numberFor('problem_task', 10001 + i), {
      opened: g.past(),
      by: g.pick(agents),
      state: g.pick(['151', '152', '154', '157'] as const),
      short: g.pick(T.PROBLEM_TASK_TEXT),
    });
    Object.assign(row, { problem: parent.sys_id, problem_task_type: g.pick(['general', 'rca'] as const) });
    assign(row, g.pick(groupNames));
    add('problem_task', row);
  }

  // changes and their tasks
  const changes: SnRow[] = [];
  for (let i = 0; i < 40; i++) {
    const fixture = i === 0;
    const state = g.pick(['-5', '-4', '-3', '-2', '-1', '0', '3', '4'] as const);
    const opened = g.past();
    const row = taskRow('change_request', fixture ? R.change.sys_id : g.id(), fixture ? R.change.number : numberFor('change_request', 30001 + i), {
      opened,
      by: g.pick(agents),
      state,
      short: fixture ? 'Upgrade the Exchange cluster to the latest cumulative update' : g.pick(T.CHANGE_TEXT),
    });
    const start = opened + (2 + g.int(20)) * DAY;
    Object.assign(row, {
      type: g.weighted([['normal', 6], ['standard', 3], ['emergency', 1]] as const),
      risk: g.pick(['1', '2', '3', '4'] as const),
      requested_by: g.pick(agents).sys_id,
      start_date: snDateTime(start),
      end_date: snDateTime(start + (1 + g.int(6)) * 3_600_000),
      justification: 'Required to stay on a supported version.',
      implementation_plan: '1. Announce. 2. Apply. 3. Verify. 4. Close.',
      approval: ['-5', '-4'].includes(state) ? 'not requested' : state === '-3' ? 'requested' : 'approved',
      cmdb_ci: g.pick(cis).sys_id,
    });
    assign(row, g.chance(0.5) ? 'Change Management' : g.pick(groupNames));
    add('change_request', row);
    changes.push(row);
  }
  for (let i = 0; i < 40; i++) {
    const fixture = i === 0;
    const parent = fixture ? changes[0]! : g.pick(changes);
    const row = taskRow('change_task', fixture ? R.changeTask.sys_id : g.id(), fixture ? R.changeTask.number : numberFor('change_task', 10001 + i), {
      opened: g.past(),
      by: g.pick(agents),
      state: g.pick(['-5', '1', '2', '3', '4', '7'] as const),
      short: g.pick(T.CHANGE_TASK_TEXT),
    });
    Object.assign(row, { change_request: parent.sys_id, change_task_type: g.pick(['planning', 'implementation', 'testing', 'review'] as const) });
    assign(row, g.pick(groupNames));
    add('change_task', row);
  }

  // catalog: requests, items, catalog tasks
  const requests: SnRow[] = [];
  for (let i = 0; i < 40; i++) {
    const fixture = i === 0;
    const who = fixture || g.chance(0.25) ? abel : g.pick(endUsers);
    const request_state = g.pick(['requested', 'in_process', 'in_process', 'closed_complete', 'closed_incomplete', 'closed_cancelled'] as const);
    const state = request_state === 'requested' ? '1' : request_state === 'in_process' ? '2' : request_state === 'closed_complete' ? '3' : '4';
    const row = taskRow('sc_request', fixture ? R.request.sys_id : g.id(), fixture ? R.request.number : numberFor('sc_request', 10001 + i), {
      opened: g.past(),
      by: who,
      state,
      short: fixture ? 'Request for a standard laptop' : 'Service catalog request',
    });
    Object.assign(row, { requested_for: who.sys_id, request_state, price: '0.00', approval: request_state === 'requested' ? 'requested' : 'approved' });
    add('sc_request', row);
    requests.push(row);
  }
  const items: SnRow[] = [];
  for (let i = 0; i < 50; i++) {
    const fixture = i === 0;
    const req = fixture ? requests[0]! : g.pick(requests);
    const cat = fixture ? catItems[0]! : g.pick(catItems);
    const stage = g.pick(['waiting_for_approval', 'request_approved', 'fulfillment', 'delivery', 'complete'] as const);
    const row = taskRow('sc_req_item', fixture ? R.requestItem.sys_id : g.id(), fixture ? R.requestItem.number : numberFor('sc_req_item', 10001 + i), {
      opened: g.past(),
      by: users.find((u) => u.sys_id === req.requested_for)!,
      state: stage === 'complete' ? '3' : stage === 'waiting_for_approval' ? '-5' : '2',
      short: cat.name!,
    });
    Object.assign(row, { request: req.sys_id, requested_for: req.requested_for, cat_item: cat.sys_id, stage, quantity: '1', price: cat.price });
    assign(row, 'Catalog Fulfillment', 0.6);
    add('sc_req_item', row);
    items.push(row);
  }
  for (let i = 0; i < 40; i++) {
    const fixture = i === 0;
    const item = fixture ? items[0]! : g.pick(items);
    const row = taskRow('sc_task', fixture ? R.catalogTask.sys_id : g.id(), fixture ? R.catalogTask.number : numberFor('sc_task', 10001 + i), {
      opened: g.past(),
      by: g.pick(agents),
      state: g.pick(['1', '2', '3', '4'] as const),
      short: g.pick(T.SC_TASK_TEXT),
    });
    Object.assign(row, { request_item: item.sys_id, request: item.request });
    assign(row, g.chance(0.7) ? 'Catalog Fulfillment' : 'Hardware');
    add('sc_task', row);
  }

  // ---- knowledge -----------------------------------------------------------------------------------------
  const kbBase = (sys_id: string, title: string, description: string) =>
    add('kb_knowledge_base', { ...sysFields(sys_id, SEED_EPOCH_MS - 600 * DAY, 'admin'), title, description, owner: admin.sys_id, active: 'true' });
  kbBase(SEED_IDS.itKnowledgeBase, 'IT', 'IT self-help articles');
  kbBase(SEED_IDS.hrKnowledgeBase, 'HR (restricted)', 'Human resources policies, admin only');
  const cats = (base: string, labels: string[]) =>
    labels.map((label) => {
      const row: SnRow = { ...sysFields(g.id(), SEED_EPOCH_MS - 600 * DAY, 'admin'), label, value: label.toLowerCase(), kb_knowledge_base: base, active: 'true' };
      add('kb_category', row);
      return row;
    });
  const itCats = cats(SEED_IDS.itKnowledgeBase, ['Email', 'Network', 'Hardware', 'Security', 'Software']);
  const hrCats = cats(SEED_IDS.hrKnowledgeBase, ['Policies']);
  let kbn = 10001;
  const article = (sys_id: string, title: string, body: string, base: string, cat: SnRow, state: string) => {
    const created = g.past();
    add('kb_knowledge', {
      ...sysFields(sys_id, created, 'admin', g.after(created)),
      number: numberFor('kb_knowledge', kbn++),
      short_description: title,
      text: `<h2>${title}</h2><p>${body}</p><ol><li>Step one</li><li>Step two</li></ol>`,
      workflow_state: state,
      kb_knowledge_base: base,
      kb_category: cat.sys_id!,
      author: g.pick(agents).sys_id,
      article_type: 'html',
      sys_view_count: String(g.int(2500)),
      published: state === 'published' || state === 'retired' ? snDate(created) : '',
      valid_to: '2100-01-01',
      active: String(state !== 'retired'),
    });
  };
  article(R.knowledge.sys_id, T.KB_ARTICLES[0][0], T.KB_ARTICLES[0][1], SEED_IDS.itKnowledgeBase, itCats[3]!, 'published');
  for (let i = 0; i < 40; i++) {
    const [title, body] = T.KB_ARTICLES[(i + 1) % T.KB_ARTICLES.length]!;
    const state = g.weighted([['published', 70], ['draft', 12], ['review', 5], ['retired', 8], ['outdated', 5]] as const);
    article(g.id(), i < T.KB_ARTICLES.length - 1 ? title : `${title} (${Math.floor(i / 9) + 1})`, body, SEED_IDS.itKnowledgeBase, g.pick(itCats), state);
  }
  for (const [title, body] of T.HR_ARTICLES) article(g.id(), title, body, SEED_IDS.hrKnowledgeBase, hrCats[0]!, 'published');

  // ---- dictionary-ish tables -----------------------------------------------------------------------------
  const starts: Record<string, number> = { incident: 10001, problem: 40001, change_request: 30001 };
  for (const [category, prefix] of Object.entries(NUMBER_PREFIXES)) {
    add('sys_number', {
      ...sysFields(g.id(), SEED_EPOCH_MS - 700 * DAY, 'admin'),
      category,
      prefix,
      number: String(starts[category] ?? 10001),
      maximum_digits: '7',
    });
  }
  const seq: Record<string, number> = {};
  for (const c of CHOICES) {
    const key = `${c.name}.${c.element}`;
    seq[key] = (seq[key] ?? 0) + 1;
    add('sys_choice', {
      ...sysFields(g.id(), SEED_EPOCH_MS - 700 * DAY, 'admin'),
      name: c.name,
      element: c.element,
      value: c.value,
      label: c.label,
      sequence: String(seq[key]),
      inactive: String(c.inactive === true),
      language: 'en',
      dependent_value: '',
    });
  }

  // ---- journal ---------------------------------------------------------------------------------------------
  const journal = (table: string, row: SnRow, element: 'comments' | 'work_notes', who: SnUser, value: string, at: number) =>
    add('sys_journal_field', {
      ...sysFields(g.id(), at, who.user_name),
      element,
      element_id: row.sys_id!,
      name: table,
      value,
    });
  const t0 = Date.parse(`${fx1.opened_at!.replace(' ', 'T')}Z`);
  journal('incident', fx1, 'comments', abel, 'I still cannot send or receive email.', t0 + 3_600_000);
  journal('incident', fx1, 'work_notes', beth, 'Mail transport queue is stuck; restarting the service.', t0 + 7_200_000);
  for (const row of rows.incident!.slice(8)) {
    if (!g.chance(0.3)) continue;
    const opened = Date.parse(`${row.opened_at!.replace(' ', 'T')}Z`);
    journal('incident', row, 'work_notes', g.pick(agents), g.pick(T.WORK_NOTES), g.after(opened));
    if (g.chance(0.5)) {
      const caller = users.find((u) => u.sys_id === row.caller_id)!;
      journal('incident', row, 'comments', caller, g.pick(T.COMMENTS), g.after(opened));
    }
  }

  // ---- added last, so the data generated above stays the same ---------------------------------------------
  seedApprovals(g, add, { changes, items, beth, david });
  const choice = (name: string, element: string, language: string, sequence: number, [value, label]: readonly [string, string]) =>
    add('sys_choice', {
      ...sysFields(g.id(), SEED_EPOCH_MS - 700 * DAY, 'admin'),
      name, element, value, label, sequence: String(sequence), inactive: 'false', language, dependent_value: '',
    });
  APPROVAL_STATES.forEach((pair, i) => choice('sysapproval_approver', 'state', 'en', i + 1, pair));
  GERMAN_INCIDENT_STATE.forEach((pair, i) => choice('incident', 'state', 'de', i + 1, pair));
  seedPanelDates(rows);
  PANEL_CHOICES.forEach(([table, element, value, label], i) => choice(table, element, 'en', i + 1, [value, label]));
  return { users, rows };
}

/**
 * Approvals waiting for Beth (the e2e agent): a change in Authorize that David already approved, and a requested
 * item waiting for approval; plus one she approved earlier. Their records' `approval` says "requested".
 */
function seedApprovals(g: Gen, add: (table: string, row: SnRow) => void, o: { changes: SnRow[]; items: SnRow[]; beth: SnUser; david: SnUser }): void {
  const change = o.changes.find((c, i) => i > 0 && c.state === '-3')!;
  const item = o.items.find((r, i) => i > 0 && r.stage === 'waiting_for_approval')!;
  const done = o.changes.find((c, i) => i > 0 && c.state === '-2')!;
  item.approval = 'requested';
  const approval = (task: SnRow, table: string, who: SnUser, state: string, at: number) =>
    add('sysapproval_approver', {
      ...sysFields(g.id(), at, 'system'),
      approver: who.sys_id,
      state,
      sysapproval: task.sys_id!,
      document_id: task.sys_id!,
      source_table: table,
      due_date: snDateTime(at + 3 * DAY),
    });
  const opened = (r: SnRow) => Date.parse(`${r.opened_at!.replace(' ', 'T')}Z`) + DAY;
  approval(change, 'change_request', o.beth, 'requested', opened(change));
  approval(change, 'change_request', o.david, 'approved', opened(change));
  approval(item, 'sc_req_item', o.beth, 'requested', opened(item));
  approval(done, 'change_request', o.beth, 'approved', opened(done));
}
