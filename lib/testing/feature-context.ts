import type { ContentContext } from '../messages';
import type { Product } from '../origins';
import { createDomObserver } from '../content/dom-observer';
import type { FeatureContext } from '../content/feature';

/**
 * A feature's context for unit tests: the boot context given (sites connected unless said otherwise), a real
 * DOM observer of this document whose frames are timers, and `refresh(next)` standing for a new boot context.
 */
export function testFeatureContext(opts: { product?: Product; site: string; info?: Partial<ContentContext>; signal: AbortSignal }) {
  let info: ContentContext = { site: opts.site, topLevel: true, servicenow: [], mattermost: [], preferences: { detectNumbers: true }, ...opts.info };
  const listeners = new Set<() => void>();
  const observer = createDomObserver({ schedule: (cb) => void setTimeout(cb, 0) });
  const errors: unknown[] = [];
  const ctx: FeatureContext = {
    product: opts.product ?? 'mattermost',
    site: opts.site,
    isTop: true,
    get info() {
      return info;
    },
    observer,
    instances: () => info.servicenow.map((s) => s.base),
    state: (p, base) => info[p].find((s) => s.base === base)?.state ?? 'not-connected',
    onChange(cb, until) {
      listeners.add(cb);
      until.addEventListener('abort', () => listeners.delete(cb));
    },
    observe: (sub) => observer.subscribe(sub, opts.signal, (e) => errors.push(e)),
    report: (e) => void errors.push(e),
  };
  return {
    ctx,
    errors,
    refresh(next: Partial<ContentContext>) {
      info = { ...info, ...next };
      for (const cb of listeners) cb();
    },
  };
}

/** Lets timers, the observer's frame and its slices run. */
export const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));
