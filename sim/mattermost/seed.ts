/**
 * Deterministic seed: the fixtures' users, teams and channels, DMs and a GM, realistic chat, and the
 * ServiceNow references of seed-references.ts. Same seed → same data; times hang off a fixed epoch.
 */
import { HOSTS, MM_BOT, MM_CHANNELS, MM_TEAMS, MM_USERS, SN_RECORDS } from '../fixtures';
import { prng } from '../server';
import { idFrom, newId, stableId } from './ids';
import { SEED_CHANNELS, SEED_USERS } from './seed-ids';
import { SEEDED_REFERENCES } from './seed-references';
import { ANNOUNCEMENTS, DEV_LINES, DM_LINES, OPS_LINES, OUTAGE_LINES, SECRET_LINES } from './seed-text';
import type { SimChannel, SimStore } from './store';

export { SEED_CHANNELS, SEED_USERS } from './seed-ids';
export { SEEDED_REFERENCES, type SeededReference, type ExpectedRecord } from './seed-references';

/** All seeded times derive from this (not Date.now()), so a seed is byte-for-byte repeatable. */
export const BASE_EPOCH = Date.UTC(2026, 9, 5, 7, 30, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** Named seeded posts (stable ids) that tests and the web side address directly. */
export const SEEDED_POSTS = {
  threadRoot: stableId('post:thread-root'),
  threadReplies: [stableId('post:thread-reply-1'), stableId('post:thread-reply-2'), stableId('post:thread-reply-3')],
  edited: stableId('post:edited'),
  attachment: stableId('post:attachment'),
  announcement: stableId('post:announcement'),
  archived: stableId('post:archived'),
  secret: stableId('post:secret'),
  gm: stableId('post:gm'),
} as const;

const U = { beth: MM_USERS.agent.id, david: MM_USERS.agent2.id, abel: MM_USERS.requester.id, admin: SEED_USERS.admin.id, carla: SEED_USERS.carla.id, omar: SEED_USERS.omar.id, mei: SEED_USERS.mei.id };

const TEAM_MEMBERS: Record<keyof typeof MM_TEAMS, string[]> = {
  ops: [U.beth, U.david, U.abel, U.admin, U.carla, U.omar],
  dev: [U.beth, U.david, U.admin, U.mei, U.omar],
};

/** Who is in each fixture channel; beth is in all but the `nonmember` one. */
const CHANNEL_MEMBERS: Record<keyof typeof MM_CHANNELS, string[]> = {
  town: TEAM_MEMBERS.ops,
  incidents: [U.beth, U.david, U.abel, U.carla, U.omar, U.admin],
  oncall: [U.beth, U.david, U.carla, U.admin],
  announcements: TEAM_MEMBERS.ops,
  oldOutage: [U.beth, U.david, U.omar],
  secret: [U.david, U.carla, U.admin],
  devTown: TEAM_MEMBERS.dev,
  releases: [U.beth, U.david, U.mei, U.omar],
};

interface Entry {
  id?: string;
  user_id: string;
  message: string;
  props?: Record<string, unknown>;
  root_id?: string;
  /** minutes after creation when the post was edited to `editTo` */
  editTo?: string;
}

export function seed(store: SimStore, seedValue = 1): void {
  const rand = prng(seedValue);
  addPeople(store);
  const start = BASE_EPOCH - 30 * DAY;
  for (const [key, c] of Object.entries(MM_CHANNELS) as [keyof typeof MM_CHANNELS, (typeof MM_CHANNELS)[keyof typeof MM_CHANNELS]][]) {
    const team = MM_TEAMS[c.team as keyof typeof MM_TEAMS];
    store.addChannel({
      id: c.id,
      team_id: team.id,
      type: c.type,
      name: c.name,
      display_name: c.display_name,
      read_only: c.kind === 'readonly',
      delete_at: c.kind === 'archived' ? BASE_EPOCH - 5 * DAY : 0,
      member_ids: [...CHANNEL_MEMBERS[key]],
      create_at: start,
      update_at: start,
      last_post_at: 0,
      header: '',
      purpose: `${c.display_name} for ${team.display_name}`,
      creator_id: U.admin,
    });
  }
  // after the fixture channels, so the seeded chat (drawn from CHANNEL_MEMBERS) stays what it was
  addBot(store, { ...MM_BOT, owner_id: U.admin, create_at: BASE_EPOCH - 60 * DAY }, [MM_CHANNELS.incidents.id]);
  for (const c of [SEED_CHANNELS.dm, SEED_CHANNELS.gm]) {
    store.addChannel({
      id: c.id, team_id: '', type: c === SEED_CHANNELS.dm ? 'D' : 'G', name: c.name, display_name: c === SEED_CHANNELS.dm ? '' : 'abel, beth, david',
      read_only: false, delete_at: 0, member_ids: [...c.member_ids], create_at: start, update_at: start, last_post_at: 0, header: '', purpose: '', creator_id: U.beth,
    });
  }

  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chat = (channelKey: keyof typeof MM_CHANNELS, lines: readonly string[], n: number): Entry[] =>
    Array.from({ length: n }, () => ({ id: idFrom(rand), user_id: pick(CHANNEL_MEMBERS[channelKey]), message: pick(lines) }));

  const plan = new Map<string, Entry[]>();
  plan.set(MM_CHANNELS.town.id, chat('town', OPS_LINES, 30 + Math.floor(rand() * 10)));
  plan.set(MM_CHANNELS.incidents.id, [...chat('incidents', OPS_LINES, 40 + Math.floor(rand() * 10)), ...specialIncidentPosts()]);
  plan.set(MM_CHANNELS.oncall.id, chat('oncall', OPS_LINES, 24 + Math.floor(rand() * 8)));
  plan.set(MM_CHANNELS.devTown.id, chat('devTown', DEV_LINES, 24 + Math.floor(rand() * 8)));
  plan.set(MM_CHANNELS.releases.id, chat('releases', DEV_LINES, 24 + Math.floor(rand() * 8)));
  plan.set(MM_CHANNELS.announcements.id, ANNOUNCEMENTS.map((message, i) => ({ id: i === 0 ? SEEDED_POSTS.announcement : idFrom(rand), user_id: U.admin, message })));
  plan.set(MM_CHANNELS.oldOutage.id, OUTAGE_LINES.map((message, i) => ({ id: i === 0 ? SEEDED_POSTS.archived : idFrom(rand), user_id: i % 2 ? U.beth : U.david, message })));
  plan.set(MM_CHANNELS.secret.id, SECRET_LINES.map((message, i) => ({ id: i === 0 ? SEEDED_POSTS.secret : idFrom(rand), user_id: i % 2 ? U.carla : U.david, message })));
  plan.set(SEED_CHANNELS.dm.id, DM_LINES.map((message, i) => ({ id: idFrom(rand), user_id: i % 2 ? U.david : U.beth, message })));
  plan.set(SEED_CHANNELS.gm.id, [
    { id: SEEDED_POSTS.gm, user_id: U.david, message: 'Group chat for the laptop refresh.' },
    { id: idFrom(rand), user_id: U.abel, message: 'When does my new laptop arrive?' },
    { id: idFrom(rand), user_id: U.beth, message: 'Next Tuesday, RITM0010001 tracks it.' },
  ]);

  // Spread the references through their channels at seeded positions.
  for (const ref of SEEDED_REFERENCES) {
    const list = plan.get(ref.channelId)!;
    list.splice(Math.floor(rand() * (list.length + 1)), 0, { id: ref.postId, user_id: ref.userId, message: ref.text });
  }

  for (const [channelId, entries] of plan) {
    const ch = store.channelById(channelId)!;
    // archived channels went quiet before they were archived
    let t = ch.delete_at ? ch.delete_at - 3 * DAY : BASE_EPOCH - 7 * DAY;
    for (const e of entries) {
      t += (2 + Math.floor(rand() * 45)) * MIN;
      const post = store.createPost({ id: e.id, channel_id: channelId, user_id: e.user_id, message: e.message, props: e.props, root_id: e.root_id, create_at: t });
      if (e.editTo !== undefined) store.editPost(post.id, e.editTo, t + 5 * MIN);
    }
  }
}

function addPeople(store: SimStore): void {
  const people = [
    ...Object.values(MM_USERS).map((u) => ({ ...u, roles: 'system_user' })),
    ...Object.values(SEED_USERS),
  ];
  for (const p of people) {
    store.addUser({
      id: p.id, username: p.username, first_name: p.first_name, last_name: p.last_name, nickname: '', email: p.email,
      password: p.password, roles: p.roles, tokens: [], create_at: BASE_EPOCH - 365 * DAY, position: '',
    });
    if ('token' in p) store.createPat(p.id, 'seeded token', p.token);
  }
  for (const [key, t] of Object.entries(MM_TEAMS) as [keyof typeof MM_TEAMS, (typeof MM_TEAMS)[keyof typeof MM_TEAMS]][]) {
    store.addTeam({ id: t.id, name: t.name, display_name: t.display_name, create_at: BASE_EPOCH - 365 * DAY, description: '', member_ids: [...TEAM_MEMBERS[key]] });
  }
}

export interface BotInput {
  id?: string;
  username: string;
  display_name?: string;
  description?: string;
  owner_id: string;
  /** its personal access token; a fresh one when absent */
  token?: string;
  /** epoch ms; the server's clock when absent */
  create_at?: number;
}

/**
 * A bot account as `app/bot.go CreateBot` makes one: a user from `model.UserFromBot` (email `<username>@localhost`,
 * the display name as first name, role system_user, no password), here with a personal access token, and joined to
 * the given channels and their teams only (no default channels: the seeded bot is not in town-square).
 */
export function addBot(store: SimStore, b: BotInput, channelIds: string[]): { id: string; token: string } {
  if (!/^[a-z][a-z0-9._-]{0,63}$/.test(b.username)) throw new Error(`invalid bot username ${b.username}`);
  if (store.userByName(b.username)) throw new Error(`username ${b.username} is taken`);
  const channels = channelIds.map((id) => store.channelById(id) ?? (() => { throw new Error(`no channel ${id}`); })());
  const id = b.id ?? newId();
  store.addUser({
    id, username: b.username, first_name: b.display_name ?? '', last_name: '', nickname: '', email: `${b.username}@localhost`,
    password: '', roles: 'system_user', tokens: [], create_at: b.create_at ?? store.clock(), position: '',
    is_bot: true, bot_description: b.description ?? '', bot_owner_id: b.owner_id,
  });
  const pat = store.createPat(id, 'bot token', b.token);
  for (const ch of channels) {
    const team = store.teamMap.get(ch.team_id);
    if (team && !team.member_ids.includes(id)) team.member_ids.push(id);
    if (!ch.member_ids.includes(id)) ch.member_ids.push(id);
  }
  return { id, token: pat.token };
}

/** The thread, the edited post and an earlier shared card in #incidents. */
function specialIncidentPosts(): Entry[] {
  const root = SEEDED_POSTS.threadRoot;
  const [r1, r2, r3] = SEEDED_POSTS.threadReplies;
  const link = `https://${HOSTS.servicenow}/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_RECORDS.incident.sys_id}`;
  return [
    { id: root, user_id: U.david, message: 'Major incident bridge for the finance email outage. Updates in this thread please.' },
    { id: r1, user_id: U.beth, message: 'Exchange transport service restarted, queue draining.', root_id: root },
    { id: r2, user_id: U.carla, message: `Tracking it in INC0010001.`, root_id: root },
    { id: r3, user_id: U.david, message: 'Confirmed fixed for finance, closing the bridge.', root_id: root },
    { id: SEEDED_POSTS.edited, user_id: U.beth, message: 'ETA for the fix is 15:00', editTo: 'ETA for the fix is 16:30 (vendor delay)' },
    {
      id: SEEDED_POSTS.attachment,
      user_id: U.beth,
      message: '',
      props: {
        attachments: [
          {
            fallback: `INC0010001: Finance users cannot send email (${link})`,
            color: 'danger',
            title: 'INC0010001: Finance users cannot send email',
            title_link: link,
            text: 'Outbound mail from the finance OU is stuck in the transport queue.',
            fields: [
              { title: 'State', value: 'In Progress', short: true },
              { title: 'Priority', value: '1 - Critical', short: true },
              { title: 'Assigned to', value: 'Beth Anglin', short: true },
              { title: 'Assignment group', value: 'Service Desk', short: true },
            ],
            footer: 'ServiceNow · acme',
          },
        ],
      },
    },
  ];
}

export interface BenchRef {
  table: string;
  sys_id?: string;
  number?: string;
}

export interface LargeChannelOptions {
  posts?: number;
  /** references to spread through the channel, or how many to generate by number */
  refs?: BenchRef[] | number;
  name?: string;
  teamId?: string;
  seed?: number;
  /** the ServiceNow origin links point at */
  instance?: string;
}

const BENCH_TABLES = [
  { table: 'incident', prefix: 'INC', start: 10001 },
  { table: 'change_request', prefix: 'CHG', start: 30001 },
  { table: 'problem', prefix: 'PRB', start: 40001 },
];

/**
 * A benchmark channel (issue 6): `posts` chat posts of which `refs.length` hold a distinct record
 * reference, alternating two URL styles (classic form and Next Experience wrapper; by number when no
 * sys_id is known). Everyone in the team is a member.
 */
export function seedLargeChannel(store: SimStore, opts: LargeChannelOptions = {}) {
  const rand = prng(opts.seed ?? 6);
  const total = opts.posts ?? 300;
  const teamId = opts.teamId ?? MM_TEAMS.ops.id;
  const name = opts.name ?? 'benchmark';
  const base = opts.instance ?? `https://${HOSTS.servicenow}`;
  const refs: BenchRef[] = Array.isArray(opts.refs)
    ? opts.refs
    : Array.from({ length: opts.refs ?? 100 }, (_, i) => {
        const t = BENCH_TABLES[i % 3]!;
        return { table: t.table, number: `${t.prefix}${String(t.start + Math.floor(i / 3)).padStart(7, '0')}` };
      });
  const team = store.teamMap.get(teamId);
  if (!team) throw new Error(`no team ${teamId}`);
  const t0 = store.now();
  const channel: SimChannel = {
    id: stableId(`channel:bench:${teamId}:${name}`), team_id: teamId, type: 'O', name, display_name: `Benchmark ${name}`, read_only: false, delete_at: 0,
    member_ids: [...team.member_ids], create_at: t0, update_at: t0, last_post_at: 0, header: '', purpose: 'benchmark', creator_id: team.member_ids[0] ?? '',
  };
  store.addChannel(channel);
  const refAt = new Set<number>();
  refs.forEach((_, i) => refAt.add(Math.floor((i * total) / Math.max(refs.length, 1))));
  const references: { postId: string; url: string; expect: BenchRef }[] = [];
  let r = 0;
  // people write the chat; a bot in the team is a member but does not post
  const people = team.member_ids.filter((id) => !store.userById(id)?.is_bot);
  for (let i = 0; i < total; i++) {
    const user_id = people[Math.floor(rand() * people.length)]!;
    let message = OPS_LINES[Math.floor(rand() * OPS_LINES.length)]!;
    let url = '';
    if (refAt.has(i) && r < refs.length) {
      const ref = refs[r]!;
      const target = ref.sys_id ? `${ref.table}.do?sys_id=${ref.sys_id}` : `${ref.table}.do?sysparm_query=number=${ref.number}`;
      url = r % 2 === 0 ? `${base}/${target}` : `${base}/now/nav/ui/classic/params/target/${encodeURIComponent(target)}`;
      message = `${message} ${url}`;
      r++;
    }
    const post = store.createPost({ channel_id: channel.id, user_id, message });
    if (url) references.push({ postId: post.id, url, expect: refs[r - 1]! });
  }
  return { channel, references };
}
