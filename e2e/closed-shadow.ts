/**
 * Tests reach into NowBridge's closed shadow roots (record cards, the hover card) the way assistive technology and
 * DevTools do: through the Chrome DevTools Protocol. Playwright's locators stop at a closed root, and the page
 * itself must not be able to look in, so the product has no hook for tests either.
 *
 * - hosts are found with a CSS selector in the light DOM (`#post_<id> nowbridge-cards`);
 * - controls inside a host by role and accessible name (`Accessibility.queryAXTree`, which sees the flat tree);
 * - clicks are REAL: the control is scrolled into view and `page.mouse` clicks the centre of its box, so the
 *   events are trusted and travel through the page like a user's (Mattermost's own handlers included);
 * - reads run a function on the shadow roots themselves (`DOM.resolveNode` + `Runtime.callFunctionOn`).
 *
 * Node ids are asked for afresh on every call: the list is virtualised, so hosts come and go. `until` polls every
 * 20 ms by default; each poll is a few protocol round trips.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface Named {
  role: string;
  /** the accessible name: exactly this string, or matching this expression */
  name?: string | RegExp;
}

export interface Found {
  backendNodeId: number;
  role: string;
  name: string;
}

export interface ClosedShadow {
  /** the accessible nodes of `role` (and name) inside every host matching `hosts`, in document order */
  all(hosts: string, what: Named): Promise<Found[]>;
  count(hosts: string, what: Named): Promise<number>;
  /** accessible names of the matches, e.g. the cards' labels */
  names(hosts: string, what: Named): Promise<string[]>;
  /** clicks the first match with the real mouse, at the centre of its box */
  click(hosts: string, what: Named): Promise<void>;
  /** focuses the first match; then use page.keyboard */
  focus(hosts: string, what: Named): Promise<void>;
  /** the visible text of each matching host's shadow content (style sheets left out) */
  texts(hosts: string): Promise<string[]>;
  /** runs `fn` on each matching host's shadow root, in the page, and returns what it returns (JSON values only) */
  inRoots<T>(hosts: string, fn: (root: ShadowRoot) => T): Promise<T[]>;
  /**
   * Runs `fn` once in the page with every matching host's shadow root, and waits for the promise it returns (JSON
   * values only): for watching roots from inside, e.g. with a MutationObserver, to time what happens in them.
   */
  withRoots<T>(hosts: string, fn: (roots: ShadowRoot[]) => Promise<T>): Promise<T>;
  /** polls (every 20 ms, or `intervalMs`; 0 = back to back) until `check` is true; fails with `message` after `timeoutMs` */
  until(check: () => Promise<boolean>, opts?: { timeoutMs?: number; message?: string; intervalMs?: number }): Promise<void>;
  detach(): Promise<void>;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/** The helper for a page; one CDP session per page, made on first use. */
export function closedShadow(page: Page): ClosedShadow {
  const session = () => {
    let s = sessions.get(page);
    if (!s) {
      s = page.context().newCDPSession(page).then(async (cdp) => {
        await cdp.send('Accessibility.enable');
        return cdp;
      });
      sessions.set(page, s);
    }
    return s;
  };

  /** Backend node ids of the hosts matching `selector` (in the top document). */
  const hostIds = async (selector: string): Promise<number[]> => {
    const cdp = await session();
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const described = await Promise.all(nodeIds.map((nodeId) => cdp.send('DOM.describeNode', { nodeId })));
    return described.map((d) => d.node.backendNodeId);
  };

  /** The shadow roots of those hosts, as remote objects in the page. */
  const roots = async (selector: string): Promise<string[]> => {
    const cdp = await session();
    const hosts = await hostIds(selector);
    const described = await Promise.all(hosts.map((backendNodeId) => cdp.send('DOM.describeNode', { backendNodeId, pierce: true, depth: 1 })));
    const ids = described.flatMap((d) => d.node.shadowRoots?.map((r) => r.backendNodeId) ?? []);
    const objects = await Promise.all(ids.map((backendNodeId) => cdp.send('DOM.resolveNode', { backendNodeId })));
    return objects.map((o) => o.object.objectId!);
  };

  const matches = (want: Named['name'], name: string) => want === undefined || (typeof want === 'string' ? name === want : want.test(name));

  const api: ClosedShadow = {
    async all(hosts, what) {
      const cdp = await session();
      const out: Found[] = [];
      for (const backendNodeId of await hostIds(hosts)) {
        const query = typeof what.name === 'string' ? { role: what.role, accessibleName: what.name } : { role: what.role };
        const { nodes } = await cdp.send('Accessibility.queryAXTree', { backendNodeId, ...query });
        for (const n of nodes) {
          const name = String(n.name?.value ?? '');
          if (n.backendDOMNodeId !== undefined && !n.ignored && matches(what.name, name)) out.push({ backendNodeId: n.backendDOMNodeId, role: what.role, name });
        }
      }
      return out;
    },
    async count(hosts, what) {
      return (await api.all(hosts, what)).length;
    },
    async names(hosts, what) {
      return (await api.all(hosts, what)).map((f) => f.name);
    },
    async click(hosts, what) {
      const cdp = await session();
      const [target] = await api.all(hosts, what);
      if (!target) throw new Error(`No ${what.role} ${String(what.name ?? '')} in ${hosts}`);
      await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: target.backendNodeId });
      const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: target.backendNodeId });
      const q = model.border;
      const x = (q[0]! + q[2]! + q[4]! + q[6]!) / 4;
      const y = (q[1]! + q[3]! + q[5]! + q[7]!) / 4;
      await page.mouse.click(x, y);
    },
    async focus(hosts, what) {
      const cdp = await session();
      const [target] = await api.all(hosts, what);
      if (!target) throw new Error(`No ${what.role} ${String(what.name ?? '')} in ${hosts}`);
      await cdp.send('DOM.focus', { backendNodeId: target.backendNodeId });
    },
    async texts(hosts) {
      return api.inRoots(hosts, (root) =>
        [...root.children]
          .filter((el) => el.tagName !== 'STYLE')
          .map((el) => (el as HTMLElement).innerText ?? el.textContent ?? '')
          .join('\n')
          .trim(),
      );
    },
    async inRoots(hosts, fn) {
      const cdp = await session();
      const ids = await roots(hosts);
      if (!ids.length) return [];
      // One call for all of them: the first root is `this`, the others arguments.
      const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
        objectId: ids[0]!,
        functionDeclaration: `function (...others) { const fn = (${fn.toString()}); return [this, ...others].map((r) => fn(r)); }`,
        arguments: ids.slice(1).map((objectId) => ({ objectId })),
        returnByValue: true,
      });
      await Promise.all(ids.map((objectId) => cdp.send('Runtime.releaseObject', { objectId }).catch(() => {})));
      if (exceptionDetails) throw new Error(`in a shadow root: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value as Awaited<ReturnType<typeof fn>>[];
    },
    async withRoots(hosts, fn) {
      const cdp = await session();
      const ids = await roots(hosts);
      // `this` must be an object: the document when there is no root at all.
      const self = ids[0] ?? (await cdp.send('Runtime.evaluate', { expression: 'document' })).result.objectId!;
      const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
        objectId: self,
        functionDeclaration: `function (...others) { return (${fn.toString()})(${ids.length ? '[this, ...others]' : '[]'}); }`,
        arguments: ids.slice(1).map((objectId) => ({ objectId })),
        returnByValue: true,
        awaitPromise: true,
      });
      await Promise.all([...ids, self].map((objectId) => cdp.send('Runtime.releaseObject', { objectId }).catch(() => {})));
      if (exceptionDetails) throw new Error(`in shadow roots: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value as Awaited<ReturnType<typeof fn>>;
    },
    async until(check, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
      for (;;) {
        // A host can vanish between two protocol calls (the list unmounts rows): that is a "not yet".
        if (await check().catch(() => false)) return;
        if (Date.now() > deadline) throw new Error(opts.message ?? 'condition not met in time');
        await new Promise((r) => setTimeout(r, opts.intervalMs ?? 20));
      }
    },
    async detach() {
      const s = sessions.get(page);
      sessions.delete(page);
      if (s) await (await s).detach().catch(() => {});
    },
  };
  return api;
}

/** The card hosts of a post on a surface: `#post_<id>`, `#rhsPost_<id>` or `#searchResult_<id>`. */
export const cardsOf = (postId: string, surface: 'post' | 'rhsPost' | 'searchResult' = 'post') => `#${surface}_${postId} nowbridge-cards`;
