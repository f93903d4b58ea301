/**
 * The seam between the Mattermost simulator's API side (store, API v4, auth, OAuth) and its
 * web-app side (the pages that render channels with the real web app's DOM).
 */
export interface MmUser {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  nickname: string;
  email: string;
  password: string;
  roles: string;
  /** personal access tokens of this user */
  tokens: string[];
}

export interface MmTeam {
  id: string;
  name: string;
  display_name: string;
}

export interface MmChannel {
  id: string;
  /** '' for DMs and GMs */
  team_id: string;
  type: 'O' | 'P' | 'D' | 'G';
  name: string;
  display_name: string;
  /** read-only: only admins may post */
  read_only: boolean;
  delete_at: number;
  member_ids: string[];
  create_at: number;
  update_at: number;
  last_post_at: number;
}

export interface MmPost {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
  pending_post_id: string;
  metadata: Record<string, unknown>;
}

export type MmEvent =
  | { kind: 'posted'; post: MmPost }
  | { kind: 'edited'; post: MmPost }
  | { kind: 'deleted'; post: MmPost }
  /** a reaction was added: the post's reactions row re-renders (websocket `reaction_added`) */
  | { kind: 'reacted'; post: MmPost };

export interface MmStore {
  users(): MmUser[];
  userById(id: string): MmUser | undefined;
  userByName(username: string): MmUser | undefined;
  teams(): MmTeam[];
  teamByName(name: string): MmTeam | undefined;
  channels(): MmChannel[];
  channelById(id: string): MmChannel | undefined;
  channelByName(teamId: string, name: string): MmChannel | undefined;
  /** posts of a channel, oldest first (replies included; root_id tells) */
  postsIn(channelId: string): MmPost[];
  postById(id: string): MmPost | undefined;
  /** the session user for a web request's cookies (MMAUTHTOKEN), or undefined */
  sessionUser(cookieHeader: string | undefined): MmUser | undefined;
  /** the store's clock (ms): a change made from now on is stamped at or after this */
  now(): number;
  /** subscribe to post changes (for live updates in open pages); returns unsubscribe */
  subscribe(listener: (e: MmEvent) => void): () => void;
}
