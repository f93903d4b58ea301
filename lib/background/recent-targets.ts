import { storage } from 'wxt/utils/storage';
import type { PickerTarget } from '../mattermost/channels';

const RECENT_MAX = 10;

/** The channels and people last shared to, newest first, per Mattermost server (no secrets, no message text). */
const recentTargetsItem = storage.defineItem<Record<string, PickerTarget[]>>('local:recentTargets', { fallback: {} });

/** A server's recent targets; anything malformed (hand-edited, older version) is left out. */
export async function recentTargets(server: string): Promise<PickerTarget[]> {
  const all = await recentTargetsItem.getValue();
  return Array.isArray(all[server]) ? all[server].filter((t) => typeof t?.key === 'string' && typeof t.label === 'string') : [];
}

/** Moves a target to the front of its server's list. */
export async function rememberTarget(target: PickerTarget): Promise<void> {
  const all = await recentTargetsItem.getValue();
  const list = [target, ...(all[target.server] ?? []).filter((t) => t.key !== target.key)].slice(0, RECENT_MAX);
  await recentTargetsItem.setValue({ ...all, [target.server]: list });
}
