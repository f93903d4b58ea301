/**
 * Share targets for the channel picker (issue 5): channels across all the user's teams and people
 * (`@name` → a direct channel once chosen), with the labels the picker shows. One row per channel: the
 * server returns the user's DMs and GMs for every team searched (`sqlstore/channel_store.go
 * AutocompleteInTeamForSearch`). A DM is named by the person, exactly as a person row ("David Loo (@david)"),
 * and keyed by them, so the DM and the person are one recent target; a GM by its other members.
 */
import type { FoundChannel, MattermostClient, MmChannel, MmTeam, MmUser } from './client';

export type ShareTarget =
  | { kind: 'channel'; channel: FoundChannel; team?: MmTeam; label: string; typeLabel: string; /** a DM's other member (the user for the self-DM) */ partnerId?: string }
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

/** A DM's other member from its name `<idA>__<idB>` (`model.GetDMNameFromIds`); the user for the self-DM. */
export function dmPartnerId(channel: Pick<MmChannel, 'name'>, myId: string): string | undefined {
  const ids = channel.name.split('__');
  if (ids.length !== 2 || !ids.includes(myId)) return undefined;
  return ids.find((x) => x !== myId) ?? myId;
}

/** A GM's stored display name lists every member's username ("abel, beth, david"); the user is left out. */
export function groupLabel(displayName: string, myUsername?: string): string {
  const names = displayName.split(',').map((n) => n.trim()).filter(Boolean);
  const others = names.filter((n) => n !== myUsername);
  return (others.length ? others : names).join(', ') || 'Group message';
}

/**
 * What the picker shows for a channel. DMs need the partner (`client.usersByIds`); without it, the username
 * search_autocomplete puts in `display_name` (stored DMs have none).
 */
export function channelLabel(channel: Pick<MmChannel, 'type' | 'name' | 'display_name'>, partner?: MmUser, myUsername?: string): string {
  if (channel.type === 'D') return partner ? userLabel(partner) : channel.display_name ? `@${channel.display_name}` : 'Direct message';
  if (channel.type === 'G') return groupLabel(channel.display_name, myUsername);
  return channel.display_name || channel.name;
}

/**
 * Targets matching what the user typed: `@name` searches people; anything else searches channels
 * of every team (in parallel, teams in the given order). A team that fails is skipped unless all do,
 * so one unreachable team never empties the picker.
 */
export async function searchTargets(client: MattermostClient, teams: MmTeam[], typed: string, me: Pick<MmUser, 'id' | 'username'>): Promise<ShareTarget[]> {
  const term = typed.trim();
  if (term.startsWith('@')) {
    const users = await client.autocompleteUsers(term.slice(1));
    return users.filter((u) => !u.is_bot).map((user) => ({ kind: 'person', user, label: userLabel(user), typeLabel: 'Direct message' }));
  }
  const results = await Promise.allSettled(teams.map((t) => client.searchChannels(t.id, term.toLowerCase())));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed && results.every((r) => r.status === 'rejected')) throw failed.reason;
  const seen = new Set<string>();
  const rows: { channel: FoundChannel; team?: MmTeam; partnerId?: string }[] = [];
  results.forEach((r, i) => {
    for (const channel of r.status === 'fulfilled' ? r.value : []) {
      if (seen.has(channel.id)) continue;
      seen.add(channel.id);
      rows.push({ channel, team: channel.team_id ? teams[i] : undefined, partnerId: channel.type === 'D' ? dmPartnerId(channel, me.id) : undefined });
    }
  });
  // one request for every person behind a DM; without it a DM still shows as @username
  const partnerIds = [...new Set(rows.flatMap((r) => r.partnerId ?? []))];
  const partners = new Map((partnerIds.length ? await client.usersByIds(partnerIds).catch(() => []) : []).map((u) => [u.id, u]));
  return rows.map(({ channel, team, partnerId }) => ({
    kind: 'channel',
    channel,
    team,
    partnerId,
    label: channelLabel(channel, partnerId ? partners.get(partnerId) : undefined, me.username),
    typeLabel: channelTypeLabel(channel.type),
  }));
}

/**
 * What the picker shows and hands back. A view type rather than `ShareTarget`, which carries whole Mattermost
 * objects and no server: a target must survive being stored as "recent" and crossing a message boundary.
 */
export interface PickerTarget {
  /** unique per server: `channel:<id>`, or `user:<id>` for a person and for the DM with them (see toPickerTarget) */
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
    // a DM is the person: posting resolves it with the idempotent POST /channels/direct
    key: type === 'D' && t.partnerId ? `user:${t.partnerId}` : `channel:${t.channel.id}`,
    kind: type === 'D' ? 'dm' : type === 'G' ? 'gm' : 'channel',
    label: t.label,
    team: t.team?.display_name,
    typeLabel: t.typeLabel,
    server,
  };
}
