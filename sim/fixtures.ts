/**
 * Well-known fixtures shared by the two simulators, the e2e tests, the demo and the benchmarks.
 * The seeds add hundreds of generated records around these; these stay fixed so tests can name them.
 */

export const HOSTS = {
  /** a ServiceNow instance on the SaaS domain (granted at install) */
  servicenow: 'acme.service-now.com',
  /** a ServiceNow instance on a custom domain (needs runtime permission) */
  servicenowCustom: 'itsm.example.test',
  /** a self-hosted Mattermost server */
  mattermost: 'chat.example.test',
  /** a site that is neither: for negative tests and context-menu shares */
  unrelated: 'news.example.test',
  /** granted in the e2e build but serving plain web pages: "this is not Mattermost/ServiceNow" */
  notMattermost: 'wiki.example.test',
} as const;

export const SIM_HOSTS = Object.values(HOSTS);

/** ServiceNow users. Passwords are for the simulated login form and Basic auth in test setup only. */
export const SN_USERS = {
  /** an ITIL agent who can read nearly everything */
  agent: { sys_id: '6816f79cc0a8016401c5a33be04be441', user_name: 'beth.anglin', name: 'Beth Anglin', email: 'beth.anglin@example.com', password: 'beth-pass-1' },
  /** a second agent, in the Network group */
  agent2: { sys_id: '46d44a5dc0a8010e0090b1b3a4f5a1e1', user_name: 'david.loo', name: 'David Loo', email: 'david.loo@example.com', password: 'david-pass-1' },
  /** an end user (ESS): sees only their own tickets and published knowledge */
  requester: { sys_id: '5137153cc611227c000bbd1bd8cd2007', user_name: 'abel.tuter', name: 'Abel Tuter', email: 'abel.tuter@example.com', password: 'abel-pass-1' },
  admin: { sys_id: '6816f79cc0a8016401c5a33be04be000', user_name: 'admin', name: 'System Administrator', email: 'admin@example.com', password: 'admin-pass-1' },
} as const;

/** Fixed records (sys_id is 32 lowercase hex). Numbers follow the out-of-box prefixes. */
export const SN_RECORDS = {
  incident: { table: 'incident', number: 'INC0010001', sys_id: '9d385017c611228701d22104cc95c371' },
  incident2: { table: 'incident', number: 'INC0010002', sys_id: 'e8caedcbc0a80164017df472f39eaed1' },
  problem: { table: 'problem', number: 'PRB0040001', sys_id: 'd7296d02c0a801670085e737da016e70' },
  problemTask: { table: 'problem_task', number: 'PTASK0010001', sys_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' },
  change: { table: 'change_request', number: 'CHG0030001', sys_id: '46e9b4afa9fe198101026e122b85f442' },
  changeTask: { table: 'change_task', number: 'CTASK0010001', sys_id: 'b2c3d4e5f60718293a4b5c6d7e8f90a1' },
  request: { table: 'sc_request', number: 'REQ0010001', sys_id: 'c3d4e5f60718293a4b5c6d7e8f90a1b2' },
  requestItem: { table: 'sc_req_item', number: 'RITM0010001', sys_id: 'aeed229047801200e0ef563dbb9a71c2' },
  catalogTask: { table: 'sc_task', number: 'SCTASK0010001', sys_id: 'd4e5f60718293a4b5c6d7e8f90a1b2c3' },
  knowledge: { table: 'kb_knowledge', number: 'KB0010001', sys_id: '3b0fccee0a0a0b9b00d1e1a5e2e6d58c' },
  /** short_description holds HTML and a <script> tag */
  hostileHtml: { table: 'incident', number: 'INC0010003', sys_id: 'f0000000000000000000000000000003' },
  /** short_description holds Markdown: a link, an image, a heading, a table */
  hostileMarkdown: { table: 'incident', number: 'INC0010004', sys_id: 'f0000000000000000000000000000004' },
  /** short_description mentions @channel, @here, @all and @beth.anglin */
  hostileMention: { table: 'incident', number: 'INC0010005', sys_id: 'f0000000000000000000000000000005' },
  /** description of 10,000 characters */
  longText: { table: 'incident', number: 'INC0010006', sys_id: 'f0000000000000000000000000000006' },
  /** right-to-left and emoji text */
  rtlEmoji: { table: 'incident', number: 'INC0010007', sys_id: 'f0000000000000000000000000000007' },
  /** readable by admin only: 404 for everyone else, still counted in X-Total-Count */
  aclHidden: { table: 'incident', number: 'INC0010008', sys_id: 'f0000000000000000000000000000008' },
} as const;

/** Mattermost users: ids are 26 chars over the real alphabet. */
export const MM_USERS = {
  agent: { id: 'k8wqh1x5ojrg3jt5f4qy3byc6a', username: 'beth', first_name: 'Beth', last_name: 'Anglin', email: 'beth.anglin@example.com', password: 'beth-mm-1', token: 'pat-beth-7o3wkd1n5fy8xjq4' },
  agent2: { id: 'w9mjs7fkbtrzx1ay8e3ucnpd4o', username: 'david', first_name: 'David', last_name: 'Loo', email: 'david.loo@example.com', password: 'david-mm-1', token: 'pat-david-h5tg2m8qz6ce1rxa' },
  requester: { id: 'ypj6iu3g5bd9nc8t7rezh1fo4w', username: 'abel', first_name: 'Abel', last_name: 'Tuter', email: 'abel.tuter@example.com', password: 'abel-mm-1', token: 'pat-abel-9u4nfe7rwc2kxb6m' },
} as const;

export const MM_TEAMS = {
  ops: { id: 'rn3gy1fqeb8xkcozdjm7tsw5ah', name: 'ops', display_name: 'IT Operations' },
  dev: { id: 'dz8k1ewxu5nyqjrho4mtbfc37s', name: 'dev', display_name: 'Engineering' },
} as const;

/** Channels by team; `kind` drives the simulator's permissions. */
export const MM_CHANNELS = {
  town: { id: 'wj3drgzdpnf54rxf5d8qd3dqne', team: 'ops', name: 'town-square', display_name: 'Town Square', type: 'O', kind: 'open' },
  incidents: { id: '14j8umgczgrdp95w77zuxmxfu9', team: 'ops', name: 'incidents', display_name: 'Incidents', type: 'O', kind: 'open' },
  oncall: { id: 'ih1r84kij94nrwis97rft6rduh', team: 'ops', name: 'on-call', display_name: 'On-call', type: 'P', kind: 'open' },
  announcements: { id: '1asb7sk89dp1ex339fkh3te5t4', team: 'ops', name: 'announcements', display_name: 'Announcements', type: 'O', kind: 'readonly' },
  oldOutage: { id: 'saqjfmjqqy9mo1yj4zwed73333', team: 'ops', name: 'old-outage', display_name: 'Old outage', type: 'O', kind: 'archived' },
  /** a private channel beth is not a member of */
  secret: { id: 'g63dcrphk8idgyjgzbrpajosz6', team: 'ops', name: 'security-secret', display_name: 'Security (restricted)', type: 'P', kind: 'nonmember' },
  devTown: { id: '889766ufjgio6kbpzjbufozksq', team: 'dev', name: 'town-square', display_name: 'Town Square', type: 'O', kind: 'open' },
  releases: { id: 'iqcx3qc9sbbt6ocshszfqgq6ci', team: 'dev', name: 'releases', display_name: 'Releases', type: 'O', kind: 'open' },
} as const;

/**
 * A bot account (`server/public/model/bot.go`): its user has `is_bot: true`, email `<username>@localhost`, the
 * display name as first name. It signs in only with its personal access token (bots cannot log in with a password:
 * `app/login.go checkUserNotBot`). Member of the `ops` team and of `incidents`, not of town-square.
 */
export const MM_BOT = {
  id: 'snfeedb8tq4xk1mzur7cw3yoah',
  username: 'servicenow-feed',
  display_name: 'ServiceNow Feed',
  description: 'Posts ServiceNow record changes',
  token: 'pat-servicenow-feed-k4m8q2zr6w',
} as const;
