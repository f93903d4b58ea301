import { storage } from 'wxt/utils/storage';
import { loadNumbering, type Numbering } from '../servicenow/catalogue';
import { DEFAULT_PREFIXES } from '../servicenow/record-number';
import type { Clients } from './clients';

const MAX_AGE_MS = 24 * 3600_000;

type Stored = Record<string, { at: number; numbering: Numbering } | undefined>;
/** Each instance's numbering and when it was read. */
const numberingItem = storage.defineItem<Stored>('local:numbering', { fallback: {} });

/**
 * Each instance's record-number prefixes (sys_number), read once a day per instance and kept in storage.local
 * (they are not secret), so scanning Mattermost posts for numbers costs no request per page.
 */
export function createNumberingService(clients: Pick<Clients, 'servicenow'>, now: () => number = Date.now) {
  const inFlight = new Map<string, Promise<Numbering>>();
  return {
    async get(instance: string): Promise<Numbering> {
      const hit = (await numberingItem.getValue())[instance];
      if (hit && now() - hit.at < MAX_AGE_MS && hit.numbering?.prefixes) return hit.numbering;
      let p = inFlight.get(instance);
      if (!p) {
        p = (async () => {
          try {
            const numbering = await loadNumbering(await clients.servicenow(instance));
            await numberingItem.setValue({ ...(await numberingItem.getValue()), [instance]: { at: now(), numbering } });
            return numbering;
          } catch {
            return { prefixes: { ...DEFAULT_PREFIXES }, minDigits: 7 }; // not connected yet: the defaults, not remembered
          } finally {
            inFlight.delete(instance);
          }
        })();
        inFlight.set(instance, p);
      }
      return p;
    },
  };
}
