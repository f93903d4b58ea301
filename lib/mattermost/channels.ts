/**
 * Share targets for the channel picker (issue 5): channels across all the user's teams and people
 * (`@name` → a direct channel once chosen), with the labels the picker shows. DMs carry no display
 * name (Mattermost's `server/public/model/channel.go`): it is computed from the other user.
 */
import type { FoundChannel, MattermostClient, MmChannel, MmTeam, MmUser } from './client';

export type ShareTarget =
  | { kind: 'channel'; channel: FoundChannel; team?: MmTeam; label: string; typeLabel: string }
  /** a person: resolve with `client.directChannel(user.id)` when picked, not while typing */
  | { kind: 'person'; user: MmUser; label: string; typeLabel: 'Direct message' };

export function userLabel(u: Pick<MmUser, 'username' | 'first_name' | 'last_name' | 'nickname'>): string {
  const full = [u.first_name, u.last_name].filter(Boolean).join(' ');
  return full ? `${full} (@${u.username})` : u.nickname ? `${u.nickname} (@${u.username})` : `@${u.username}`;
}

export function channelTypeLabel(type: string): string {
  switch (type) {
    case 'O':
      return 'Public channel';
    case 'P':
      return 'Private channel';
    case 'D':
      return 'Direct message';
    case 'G':
      return 'Group message';
    default:
      return 'Channel'; // newer servers add types (S, BO, BP): show them, don't fail
  }
}

/** What the picker shows for a channel; DMs need the partner (look it up with `client.user`). */
export function channelLabel(channel: Pick<MmChannel, 'type' | 'name' | 'display_name'>, partner?: MmUser): string {
  if (channel.type === 'D') return partner ? userLabel(partner) : 'Direct message';
  return channel.display_name || channel.name;
}

/**
 * Targets matching what the user typed: `@name` searches people; anything else searches channels
 * of every team (in parallel, teams in the given order). A team that fails is skipped unless all do,
 * so one unreachable team never empties the picker.
 */
export async function searchTargets(client: MattermostClient, teams: MmTeam[], typed: string): Promise<ShareTarget[]> {
  const term = typed.trim();
  if (term.startsWith('@')) {
    const users = await client.autocompleteUsers(term.slice(1));
    return users.filter((u) => !u.is_bot).map((user) => ({ kind: 'person', user, label: userLabel(user), typeLabel: 'Direct message' }));
  }
  const results = await Promise.allSettled(teams.map((t) => client.searchChannels(t.id, term.toLowerCase())));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed && results.every((r) => r.status === 'rejected')) throw failed.reason;
  return results.flatMap((r, i) =>
    r.status === 'fulfilled'
      ? r.value.map((channel): ShareTarget => ({ kind: 'channel', channel, team: teams[i], label: channelLabel(channel), typeLabel: channelTypeLabel(channel.type) }))
      : [],
  );
}

/**
 * What the picker shows and hands back. A view type rather than `ShareTarget`, which carries whole Mattermost
 * objects and no server: a target must survive being stored as "recent" and crossing a message boundary.
 */
export interface PickerTarget {
  /** unique per server: `channel:<id>` or `user:<id>` (see toPickerTarget) */
  key: string;
  kind: 'channel' | 'dm' | 'gm' | 'user';
  label: string;
  /** the team's display name; absent for DMs, GMs and people */
  team?: string;
  /** Public channel, Private channel, Direct message, Group message, … */
  typeLabel: string;
  /** the Mattermost server base URL the target belongs to */
  server: string;
}

/** Maps the Mattermost layer's target to the picker's; the integrator keeps the ShareTarget by `key`. */
export function toPickerTarget(t: ShareTarget, server: string): PickerTarget {
  if (t.kind === 'person') return { key: `user:${t.user.id}`, kind: 'user', label: t.label, typeLabel: t.typeLabel, server };
  const type = t.channel.type;
  return {
    key: `channel:${t.channel.id}`,
    kind: type === 'D' ? 'dm' : type === 'G' ? 'gm' : 'channel',
    label: t.label,
    team: t.team?.display_name,
    typeLabel: t.typeLabel,
    server,
  };
}
