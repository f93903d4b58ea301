import { storage } from 'wxt/utils/storage';

/**
 * Records the user viewed recently (ServiceNow pages visited, results and cards opened), newest first, per
 * instance. References only (table and sys_id), no record text: the popup reads them again, as the user,
 * when it shows them, so nothing the user may no longer read lingers in storage.
 */
const MAX = 20;

export interface RecentRef {
  instance: string;
  table: string;
  sys_id: string;
  at: number;
}

/** Stored as a list across instances; read through parse, since storage may hold anything. */
const recentRecordsItem = storage.defineItem<unknown>('local:recentRecords');

function parse(raw: unknown): RecentRef[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (r): r is RecentRef =>
      !!r && typeof r.instance === 'string' && typeof r.table === 'string' && /^[0-9a-f]{32}$/.test(r.sys_id) && typeof r.at === 'number',
  );
}

export function createRecentRecords(now: () => number = Date.now) {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    async list(instance: string): Promise<RecentRef[]> {
      await chain;
      return parse(await recentRecordsItem.getValue()).filter((r) => r.instance === instance);
    },
    /** Moves the record to the front; serialised so two quick visits both land. */
    add(ref: Omit<RecentRef, 'at'>): Promise<void> {
      const run = async () => {
        const rest = parse(await recentRecordsItem.getValue()).filter((r) => !(r.instance === ref.instance && r.sys_id === ref.sys_id));
        await recentRecordsItem.setValue([{ ...ref, at: now() }, ...rest].slice(0, MAX * 4));
      };
      const p = chain.then(run, run);
      chain = p.catch(() => undefined);
      return p;
    },
    async forget(instance: string): Promise<void> {
      const rest = parse(await recentRecordsItem.getValue()).filter((r) => r.instance !== instance);
      await recentRecordsItem.setValue(rest);
    },
    max: MAX,
  };
}
export type RecentRecords = ReturnType<typeof createRecentRecords>;
