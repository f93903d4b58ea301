import type { ContentContext } from '../messages';
import type { Product } from '../origins';
import { createDomObserver } from '../content/dom-observer';
import { createPageContext, type FeatureContext } from '../content/feature';

/**
 * A feature's context for unit tests: the boot context given, a real DOM observer of this document whose
 * frames are timers and whose clock stands still, and `refresh(next)` standing for a new boot context from the background.
 */
export function testFeatureContext(opts: { product?: Product; site: string; info?: Partial<ContentContext>; signal: AbortSignal }) {
  const first: ContentContext = { site: opts.site, topLevel: true, servicenow: [], mattermost: [], preferences: { detectNumbers: true }, ...opts.info };
  // A clock that never moves: a frame's work always fits its slice (slicing is dom-observer.test.ts's subject).
  const observer = createDomObserver({ schedule: (cb) => void setTimeout(cb, 0), now: () => 0 });
  const { page, update } = createPageContext({ product: opts.product ?? 'mattermost', site: opts.site, isTop: true, observer }, first);
  const errors: unknown[] = [];
  const ctx: FeatureContext = Object.assign(Object.create(page) as typeof page, {
    observe: ((sub) => observer.subscribe(sub, opts.signal, (e) => errors.push(e))) as FeatureContext['observe'],
    report: (e: unknown) => void errors.push(e),
  });
  return { ctx, errors, refresh: (next: Partial<ContentContext>) => update({ ...page.info, ...next }) };
}

/** Lets timers, the observer's frame and its slices run. */
export const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));
