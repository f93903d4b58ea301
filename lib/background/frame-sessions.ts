import type { FrameEvent, FrameSpec } from '../messages';
import { UserFacingError } from './router';

/**
 * Who may run a NowBridge frame, and for whom. An in-page frame (share dialog, search, hover card) is a
 * web-accessible extension page, so any page could load it; it works only for the tab and content script that
 * asked the background for it, once, shortly after asking:
 * - `open` (a content script, on a user's gesture) gets a random, unguessable session id bound to its tab and frame;
 * - `claim` (the frame page, with that id in its URL) must come from the same tab, and succeeds once: a page that
 *   read or guessed the URL (it can't: the frame hangs in a closed shadow root and, in Chrome, the URL is dynamic)
 *   gets a frame that refuses to work;
 * - `event` (size, close, insert) goes from the claiming frame to the content script that opened it, through the
 *   background, because a page can forge any postMessage but not an extension message.
 * Sessions live in storage.session (not readable by content scripts), so a worker restart loses none.
 */

export interface FrameSession {
  id: string;
  tabId: number;
  /** the content script's frame, where events go */
  frameId: number;
  spec: FrameSpec;
  createdAt: number;
  /** the frame page's own frame id, once it claimed the session */
  claimedBy?: number;
}

export interface SessionStore {
  get(id: string): Promise<FrameSession | undefined>;
  set(session: FrameSession): Promise<void>;
  delete(id: string): Promise<void>;
  all(): Promise<FrameSession[]>;
}

export interface FrameSessionDeps {
  store: SessionStore;
  /** the frame page's URL prefixes: the static extension URL, and Chrome's dynamic one */
  isFramePage(url: string): boolean;
  deliver(tabId: number, frameId: number, message: { type: 'nowbridge/frame'; id: string; event: FrameEvent }): Promise<unknown>;
  now(): number;
  randomId(): string;
}

/** An unclaimed session expires quickly: the frame loads within a second or two of being asked for. */
export const CLAIM_WITHIN_MS = 30_000;
/** At most this many live sessions per tab: a frame that never said "close" must not pile up. */
const PER_TAB = 8;

export interface FrameCaller {
  tab?: { id?: number };
  frameId?: number;
  url?: string;
}

const refused = () => new UserFacingError('This NowBridge window can only be opened by NowBridge, from the page it belongs to.');

export function createFrameSessions(deps: FrameSessionDeps) {
  const { store } = deps;

  async function prune(tabId: number): Promise<void> {
    const now = deps.now();
    const mine = (await store.all()).filter((s) => s.tabId === tabId);
    const stale = mine.filter((s) => s.claimedBy === undefined && now - s.createdAt > CLAIM_WITHIN_MS);
    const extra = mine.filter((s) => !stale.includes(s)).sort((a, b) => a.createdAt - b.createdAt).slice(0, Math.max(0, mine.length - stale.length - PER_TAB + 1));
    await Promise.all([...stale, ...extra].map((s) => store.delete(s.id)));
  }

  return {
    async open(spec: FrameSpec, caller: FrameCaller): Promise<{ id: string }> {
      const tabId = caller.tab?.id;
      if (tabId === undefined || caller.frameId === undefined) throw refused();
      await prune(tabId);
      const session: FrameSession = { id: deps.randomId(), tabId, frameId: caller.frameId, spec, createdAt: deps.now() };
      await store.set(session);
      return { id: session.id };
    },

    async claim(id: string, caller: FrameCaller): Promise<{ spec: FrameSpec; tabId: number }> {
      const session = await store.get(id);
      const fresh = session && deps.now() - session.createdAt <= CLAIM_WITHIN_MS;
      if (!session || !fresh || session.claimedBy !== undefined || !ownFrame(session, caller)) throw refused();
      await store.set({ ...session, claimedBy: caller.frameId! });
      return { spec: session.spec, tabId: session.tabId };
    },

    async event(id: string, event: FrameEvent, caller: FrameCaller): Promise<void> {
      const session = await store.get(id);
      if (!session || session.claimedBy === undefined || session.claimedBy !== caller.frameId || !ownFrame(session, caller)) throw refused();
      if (event.type === 'close') await store.delete(id);
      await deps.deliver(session.tabId, session.frameId, { type: 'nowbridge/frame', id, event });
    },

    /** The tab closed or navigated away: its frames are gone. */
    async forgetTab(tabId: number): Promise<void> {
      await Promise.all((await store.all()).filter((s) => s.tabId === tabId).map((s) => store.delete(s.id)));
    },
  };

  function ownFrame(session: FrameSession, caller: FrameCaller): boolean {
    return caller.tab?.id === session.tabId && caller.frameId !== undefined && caller.frameId !== 0 && !!caller.url && deps.isFramePage(caller.url);
  }
}

export type FrameSessions = ReturnType<typeof createFrameSessions>;
