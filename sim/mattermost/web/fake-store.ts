/**
 * A tiny in-memory MmStore for the web side's unit tests: no API side, no seed, fixed times,
 * hostile text where the tests want it.
 */
import { parseCookies } from '../../server';
import type { MmChannel, MmEvent, MmPost, MmStore, MmTeam, MmUser } from '../types';

export const T0 = Date.UTC(2026, 9, 5, 9, 0, 0);

const user = (id: string, username: string, first: string, last: string, roles = 'system_user'): MmUser => ({
  id, username, first_name: first, last_name: last, nickname: '', email: `${username}@example.com`, password: 'x', roles, tokens: [],
});

/** 26-char ids over the real alphabet, readable in test output. */
export const IDS = {
  beth: 'bethbethbethbethbethbeth1a',
  david: 'daviddaviddaviddaviddavid1',
  bot: 'botbotbotbotbotbotbotbot1a',
  ops: 'opsopsopsopsopsopsopsops1a',
  dev: 'devdevdevdevdevdevdevdev1a',
  town: 'towntowntowntowntowntown1a',
  incidents: 'incidentsincidentsincident',
  secret: 'secretsecretsecretsecret1a',
  devTown: 'devtowndevtowndevtowndev1a',
  dm: 'dmdmdmdmdmdmdmdmdmdmdmdm1a',
} as const;

export class FakeStore implements MmStore {
  readonly userList = [user(IDS.beth, 'beth', 'Beth', 'Anglin'), user(IDS.david, 'david', 'David', 'Loo'), user(IDS.bot, 'snbot', 'ServiceNow', 'Bot', 'system_user system_bot')];
  readonly teamList: MmTeam[] = [
    { id: IDS.ops, name: 'ops', display_name: 'IT Operations' },
    { id: IDS.dev, name: 'dev', display_name: 'Engineering' },
  ];
  readonly channelList: MmChannel[] = [];
  readonly posts: MmPost[] = [];
  private readonly listeners = new Set<(e: MmEvent) => void>();
  private clock = T0;

  constructor() {
    const both = [IDS.beth, IDS.david];
    this.addChannel(IDS.town, IDS.ops, 'O', 'town-square', 'Town Square', both);
    this.addChannel(IDS.incidents, IDS.ops, 'O', 'incidents', 'Incidents', both);
    this.addChannel(IDS.secret, IDS.ops, 'P', 'security-secret', 'Security', [IDS.david]);
    this.addChannel(IDS.devTown, IDS.dev, 'O', 'town-square', 'Town Square', both);
    this.addChannel(IDS.dm, '', 'D', [IDS.beth, IDS.david].sort().join('__'), '', both);
  }

  addChannel(id: string, team_id: string, type: MmChannel['type'], name: string, display_name: string, member_ids: string[]): MmChannel {
    const ch: MmChannel = { id, team_id, type, name, display_name, read_only: false, delete_at: 0, member_ids, create_at: T0, update_at: T0, last_post_at: 0 };
    this.channelList.push(ch);
    return ch;
  }

  /** Adds a post one minute after the previous one and tells subscribers. */
  add(p: Partial<MmPost> & { id: string; channel_id: string; message: string }, emit = false): MmPost {
    this.clock += 60_000;
    const post: MmPost = {
      create_at: this.clock, update_at: this.clock, edit_at: 0, delete_at: 0, user_id: IDS.beth, root_id: '', type: '',
      props: {}, pending_post_id: '', metadata: {}, ...p,
    };
    this.posts.push(post);
    if (emit) this.emit({ kind: 'posted', post });
    return post;
  }

  edit(id: string, message: string): MmPost {
    const p = this.postById(id)!;
    p.message = message;
    p.edit_at = p.update_at = (this.clock += 1000);
    this.emit({ kind: 'edited', post: p });
    return p;
  }

  now(): number {
    return this.clock + 1;
  }

  emit(e: MmEvent): void {
    for (const l of this.listeners) l(e);
  }

  users() { return this.userList; }
  userById(id: string) { return this.userList.find((u) => u.id === id); }
  userByName(name: string) { return this.userList.find((u) => u.username === name.toLowerCase()); }
  teams() { return this.teamList; }
  teamByName(name: string) { return this.teamList.find((t) => t.name === name); }
  channels() { return this.channelList; }
  channelById(id: string) { return this.channelList.find((c) => c.id === id); }
  channelByName(teamId: string, name: string) { return this.channelList.find((c) => c.team_id === teamId && c.name === name); }
  postsIn(channelId: string) { return this.posts.filter((p) => p.channel_id === channelId && p.delete_at === 0); }
  postById(id: string) { return this.posts.find((p) => p.id === id); }
  /** the cookie `MMAUTHTOKEN=<username>` signs that user in */
  sessionUser(cookie: string | undefined) {
    const token = parseCookies(cookie)['MMAUTHTOKEN'];
    return token ? this.userByName(token) : undefined;
  }
  subscribe(l: (e: MmEvent) => void) {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  }
}

/** A post id made from a number: 26 chars, sorts with the number. */
export const pid = (n: number) => `p${String(n).padStart(25, '0')}`;
