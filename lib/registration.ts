import type { Product } from './origins';
import { siteOf } from './origins';
import type { Settings } from './settings';

/** The content scripts NowBridge registers at runtime, one per product. Never prefix ids with `wxt:`. */
export const CONTENT_SCRIPTS: Record<Product, { id: string; file: string; allFrames: boolean }> = {
  // All frames: classic forms live in the Next Experience shell's iframe#gsft_main.
  servicenow: { id: 'nb-servicenow', file: 'content-scripts/servicenow.js', allFrames: true },
  mattermost: { id: 'nb-mattermost', file: 'content-scripts/mattermost.js', allFrames: false },
};

export interface RegisteredScript {
  id: string;
  matches?: string[];
  allFrames?: boolean;
}

/** The slices of `permissions`, `scripting` and `tabs` the reconciler needs; injected so tests can fake them. */
export interface RegistrationApi {
  containsOrigin(pattern: string): Promise<boolean>;
  getRegistered(): Promise<RegisteredScript[]>;
  register(scripts: ScriptRegistration[]): Promise<void>;
  update(scripts: ScriptRegistration[]): Promise<void>;
  unregister(ids: string[]): Promise<void>;
  /** tab ids whose URL matches any of the patterns */
  tabsMatching(patterns: string[]): Promise<number[]>;
  inject(tabId: number, file: string, allFrames: boolean): Promise<void>;
}

export interface ScriptRegistration {
  id: string;
  js: string[];
  matches: string[];
  allFrames: boolean;
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

export interface SiteStatus {
  product: Product;
  base: string;
  granted: boolean;
}

export interface ReconcileResult {
  sites: SiteStatus[];
  /** tabs that got the script because their origin was newly covered */
  injectedTabs: number[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Makes the registered content scripts match the configured *and* granted sites. Idempotent: a run
 * with nothing changed makes no scripting call, so it can run on every event that might matter
 * (install, startup, permission added/removed, settings changed).
 */
export async function reconcile(settings: Settings, api: RegistrationApi): Promise<ReconcileResult> {
  const sites: SiteStatus[] = [];
  const registered = await api.getRegistered();
  const toRegister: ScriptRegistration[] = [];
  const toUpdate: ScriptRegistration[] = [];
  const toUnregister: string[] = [];
  const newlyCovered: { product: Product; patterns: string[] }[] = [];

  for (const product of ['servicenow', 'mattermost'] as const) {
    const script = CONTENT_SCRIPTS[product];
    const matches: string[] = [];
    for (const { base } of settings[product]) {
      const site = siteOf(base, product);
      const granted = await api.containsOrigin(site.permissionPattern);
      sites.push({ product, base, granted });
      if (granted && !matches.includes(site.matchPattern)) matches.push(site.matchPattern);
    }
    const current = registered.find((r) => r.id === script.id);
    const before = current?.matches ?? [];
    const wanted: ScriptRegistration = {
      id: script.id,
      js: [script.file],
      matches,
      allFrames: script.allFrames,
      runAt: 'document_idle',
      persistAcrossSessions: true,
    };
    if (!matches.length) {
      if (current) toUnregister.push(script.id);
    } else if (!current) {
      toRegister.push(wanted);
    } else if (!sameSet(before, matches) || current.allFrames !== script.allFrames) {
      toUpdate.push(wanted);
    }
    const added = matches.filter((m) => !before.includes(m));
    if (added.length) newlyCovered.push({ product, patterns: added });
  }

  if (toUnregister.length) await api.unregister(toUnregister);
  if (toUpdate.length) await api.update(toUpdate);
  if (toRegister.length) await api.register(toRegister);

  // Registration only affects future page loads: give tabs already open on a newly covered site the
  // script now. The script's own guard makes a second injection a no-op.
  const injectedTabs: number[] = [];
  for (const { product, patterns } of newlyCovered) {
    const { file, allFrames } = CONTENT_SCRIPTS[product];
    for (const tabId of await api.tabsMatching(patterns)) {
      try {
        await api.inject(tabId, file, allFrames);
        injectedTabs.push(tabId);
      } catch {
        // error pages, discarded tabs and the like can't take scripts; they get it on their next load
      }
    }
  }
  return { sites, injectedTabs };
}

/** Runs async jobs one after another, so overlapping events never interleave their scripting calls. */
export function serial<T>(job: () => Promise<T>): () => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return () => {
    const next = last.then(job, job);
    last = next.catch(() => undefined);
    return next;
  };
}
