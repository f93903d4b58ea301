import { storage } from 'wxt/utils/storage';
import type { Product } from '../origins';
import type { SignInMethod } from '../sign-in';

/**
 * What the user should see about each connection: who they are signed in as, or that they must sign in
 * again. Not secret (no tokens), so it lives in storage.local where every NowBridge page can read it.
 */
export const STATUS_KEY = 'connections';

export interface ConnectionStatus {
  product: Product;
  base: string;
  method: SignInMethod;
  state: 'connected' | 'needs-sign-in';
  user: { name: string; username: string };
  /** why sign-in is needed, written for the user */
  reason?: string;
}

export const connectionId = (product: Product, base: string) => `${product}:${base}`;

type StatusMap = Record<string, ConnectionStatus>;

/** Read through parse: storage may hold anything (hand-edited, an older version). */
const statusesItem = storage.defineItem<unknown>(`local:${STATUS_KEY}`);

function parse(raw: unknown): StatusMap {
  if (typeof raw !== 'object' || !raw) return {};
  const out: StatusMap = {};
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    const s = v as Partial<ConnectionStatus> | undefined;
    if (
      s &&
      (s.product === 'servicenow' || s.product === 'mattermost') &&
      typeof s.base === 'string' &&
      id === connectionId(s.product, s.base) &&
      (s.state === 'connected' || s.state === 'needs-sign-in') &&
      typeof s.method === 'string' &&
      typeof s.user?.name === 'string' &&
      typeof s.user.username === 'string'
    ) {
      out[id] = {
        product: s.product,
        base: s.base,
        method: s.method,
        state: s.state,
        user: { name: s.user.name, username: s.user.username },
        ...(typeof s.reason === 'string' ? { reason: s.reason } : {}),
      };
    }
  }
  return out;
}

export async function loadStatuses(): Promise<StatusMap> {
  return parse(await statusesItem.getValue());
}

/** One read-modify-write at a time across contexts: two connections changing together must both land. */
async function updateStatuses(fn: (all: StatusMap) => void): Promise<void> {
  const run = async () => {
    const all = await loadStatuses();
    fn(all);
    await statusesItem.setValue(all);
  };
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  await (locks ? locks.request('nowbridge-status', run) : run());
}

export function setStatus(status: ConnectionStatus): Promise<void> {
  return updateStatuses((all) => {
    all[connectionId(status.product, status.base)] = status;
  });
}

export function clearStatus(product: Product, base: string): Promise<void> {
  return updateStatuses((all) => {
    delete all[connectionId(product, base)];
  });
}

/** Marks a connection as needing sign-in, keeping who it was for, so the prompt can name them. */
export function markNeedsSignIn(product: Product, base: string, reason: string): Promise<void> {
  return updateStatuses((all) => {
    const current = all[connectionId(product, base)];
    if (current && current.state !== 'needs-sign-in') all[connectionId(product, base)] = { ...current, state: 'needs-sign-in', reason };
  });
}
