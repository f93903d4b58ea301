/** Wire shapes of the API objects (Mattermost's `server/public/model/{user,team,channel,post}.go`), built from the store's records. */
import type { SimChannel, SimStore, SimTeam, SimUser } from '../store';
import type { MmPost } from '../types';

/** A user as the API returns it: never the password, never the tokens. */
/** What PrivacySettings let the viewer see of another user (model/user.go Sanitize); admins and the user see all. */
export interface ProfileView {
  email: boolean;
  fullName: boolean;
}
const SEE_ALL: ProfileView = { email: true, fullName: true };

export function userJson(u: SimUser, view: ProfileView = SEE_ALL) {
  return {
    id: u.id,
    create_at: u.create_at,
    update_at: u.create_at,
    delete_at: 0,
    username: u.username,
    auth_data: '',
    auth_service: '',
    email: view.email ? u.email : '',
    nickname: u.nickname,
    first_name: view.fullName ? u.first_name : '',
    last_name: view.fullName ? u.last_name : '',
    position: u.position,
    roles: u.roles,
    props: {},
    notify_props: { channel: 'true', comments: 'never', desktop: 'mention', email: 'true', mention_keys: '', push: 'mention' },
    last_picture_update: 0,
    locale: 'en',
    timezone: { automaticTimezone: 'UTC', manualTimezone: '', useAutomaticTimezone: 'true' },
    is_bot: u.is_bot === true,
    // model/user.go: `bot_description,omitempty`, filled from the Bots table for bot users
    ...(u.is_bot && u.bot_description ? { bot_description: u.bot_description } : {}),
    disable_welcome_email: false,
    mfa_active: false,
  };
}

export function teamJson(t: SimTeam) {
  return {
    id: t.id,
    create_at: t.create_at,
    update_at: t.create_at,
    delete_at: 0,
    display_name: t.display_name,
    name: t.name,
    description: t.description,
    email: '',
    type: 'O',
    company_name: '',
    allowed_domains: '',
    invite_id: '',
    allow_open_invite: false,
    scheme_id: null,
    group_constrained: null,
    policy_id: null,
    cloud_limits_archived: false,
  };
}

export function channelJson(store: SimStore, c: SimChannel) {
  const posts = store.postsIn(c.id);
  const roots = posts.filter((p) => !p.root_id);
  return {
    id: c.id,
    create_at: c.create_at,
    update_at: c.update_at,
    delete_at: c.delete_at,
    team_id: c.team_id,
    type: c.type,
    display_name: c.display_name,
    name: c.name,
    header: c.header,
    purpose: c.purpose,
    last_post_at: c.last_post_at,
    total_msg_count: posts.length,
    extra_update_at: 0,
    creator_id: c.creator_id,
    scheme_id: null,
    props: null,
    group_constrained: null,
    shared: null,
    total_msg_count_root: roots.length,
    policy_id: null,
    last_root_post_at: roots.at(-1)?.create_at ?? 0,
  };
}

/** A post with the thread counters and metadata the server computes. */
export function postJson(store: SimStore, p: MmPost) {
  const rootId = p.root_id || p.id;
  const replies = store.repliesOf(rootId);
  const hashtags = [...p.message.matchAll(/(?:^|\s)(#[A-Za-z][\w.-]{2,})/g)].map((m) => m[1]).join(' ');
  return {
    id: p.id,
    create_at: p.create_at,
    update_at: p.update_at,
    edit_at: p.edit_at,
    delete_at: p.delete_at,
    is_pinned: false,
    user_id: p.user_id,
    channel_id: p.channel_id,
    root_id: p.root_id,
    original_id: '',
    message: p.message,
    type: p.type,
    props: p.props,
    hashtags,
    pending_post_id: p.pending_post_id,
    reply_count: replies.length,
    last_reply_at: replies.at(-1)?.create_at ?? 0,
    participants: null,
    metadata: p.metadata,
  };
}
