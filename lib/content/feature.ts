import type { ContentContext } from '../messages';
import type { Product } from '../origins';
import type { BatchListener, DomObserver, Watcher } from './dom-observer';

export type SiteState = ContentContext['servicenow'][number]['state'];

/** What every feature of a page shares: the boot context (loaded once), the page's observer and its URL. */
export interface PageContext {
  readonly product: Product;
  /** the configured site this frame is on (its base) */
  readonly site: string;
  /** this frame is the tab's top frame */
  readonly isTop: boolean;
  /** the boot context as last answered by the background (refreshed when settings or sign-ins change) */
  readonly info: ContentContext;
  readonly observer: DomObserver;
  /** the configured ServiceNow instances' bases, first first */
  instances(): string[];
  /** a configured site's sign-in state ('not-connected' for unknown sites) */
  state(product: Product, base: string): SiteState;
  /** `cb` after every refresh of `info`, until `signal` aborts */
  onChange(cb: () => void, signal: AbortSignal): void;
}

/**
 * The page's context over a boot context that may be replaced: `update(next)` swaps it and tells every
 * `onChange` listener.
 */
export function createPageContext(base: Pick<PageContext, 'product' | 'site' | 'isTop' | 'observer'>, first: ContentContext) {
  let info = first;
  const listeners = new Set<() => void>();
  const page: PageContext = {
    ...base,
    get info() {
      return info;
    },
    instances: () => info.servicenow.map((s) => s.base),
    state: (p, site) => info[p].find((s) => s.base === site)?.state ?? 'not-connected',
    onChange(cb, until) {
      listeners.add(cb);
      until.addEventListener('abort', () => listeners.delete(cb), { once: true });
    },
  };
  const update = (next: ContentContext) => {
    info = next;
    for (const cb of listeners) cb();
  };
  return { page, update };
}

/** A feature's own view: DOM batches it subscribes to stop with its signal, and its errors carry its id. */
export interface FeatureContext extends PageContext {
  observe<T>(sub: BatchListener | Watcher<T>): void;
  /** reports an error of this feature (console.error with its id), once */
  report(err: unknown): void;
}

export interface Feature {
  /** kebab-case, unique per product: names the feature in error reports and in README's list */
  id: string;
  /** whether the feature applies to this page; asked at boot and again after every in-page navigation */
  include?(ctx: PageContext): boolean;
  /** restart on every in-page navigation (the signal aborts, and init runs again if still included) */
  perPage?: boolean;
  /** sets the feature up; undo everything when `signal` aborts (navigation, site removed, extension gone) */
  init(signal: AbortSignal, ctx: FeatureContext): void | Promise<void>;
}

/** One in-page feature, in its own file, registered in lib/content/<product>/index.ts (Refined GitHub style). */
export const defineFeature = (feature: Feature): Feature => feature;

/**
 * Runs each feature isolated from the others: one throwing (at once or later, in init's promise) is reported
 * once, with its id, and stops nothing else. `navigated()` re-evaluates `include` and restarts per-page features;
 * `refreshed()` (a new boot context) re-evaluates `include` only.
 */
export function runFeatures(features: readonly Feature[], page: PageContext, signal: AbortSignal): { navigated(): void; refreshed(): void } {
  const running = new Map<Feature, AbortController>();
  const includeFailed = new Set<Feature>();

  const start = (f: Feature) => {
    const own = new AbortController();
    running.set(f, own);
    const featureSignal = AbortSignal.any([signal, own.signal]);
    let reported = false;
    const report = (err: unknown) => {
      if (reported || featureSignal.aborted) return; // a feature stopped mid-work fails quietly
      reported = true;
      console.error(`NowBridge: feature "${f.id}" failed`, err);
    };
    const ctx: FeatureContext = Object.assign(Object.create(page) as PageContext, {
      observe: <T>(sub: BatchListener | Watcher<T>) => page.observer.subscribe(sub, featureSignal, report),
      report,
    });
    try {
      const done = f.init(featureSignal, ctx);
      if (done) done.catch(report);
    } catch (err) {
      report(err);
    }
  };

  const included = (f: Feature) => {
    try {
      return !f.include || f.include(page);
    } catch (err) {
      if (!includeFailed.has(f)) console.error(`NowBridge: feature "${f.id}" failed`, err);
      includeFailed.add(f);
      return false;
    }
  };

  const evaluate = (navigation: boolean) => {
    if (signal.aborted) return;
    for (const f of features) {
      const own = running.get(f);
      const want = included(f);
      if (own && (!want || (navigation && f.perPage))) {
        own.abort();
        running.delete(f);
      }
      if (want && !running.has(f)) start(f);
    }
  };

  evaluate(false);
  return { navigated: () => evaluate(true), refreshed: () => evaluate(false) };
}
