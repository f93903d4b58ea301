import { HttpError } from '../http';
import type { MattermostClient, MmPost } from '../mattermost/client';
import { findMessageRefs } from '../mattermost/post-refs';
import { cardKey } from '../servicenow/record';
import { buildNumberMatcher } from '../servicenow/record-number';
import { loadSettings } from '../settings';

/**
 * Which record references Mattermost's own copy of a post holds: a rendered post is only a claim (a page script
 * can insert fake posts, or change the text of real ones), the server's `message` is the truth.
 *
 * - Claims the remembered copies answer are answered at once. Every other claim asked for within one window
 *   (default 50 ms: a virtualised list mounts a channel over a few frames, and every tab talks to this one
 *   worker) costs ONE `POST /api/v4/posts/ids` per server and 1000 posts
 *   (`server/channels/api4/post.go getPostsByIds`), made as the user.
 * - The answer is remembered per post: its references, `update_at` and `edit_at`. A later claim that the
 *   remembered references cover is answered from memory (a revisit costs nothing); a claim they do not cover
 *   (the post was edited, or its DOM was tampered with) reads the post again. Posts Mattermost did not return
 *   (a fake, a deleted post, a channel the user may not read) are remembered as missing for the same time.
 * - Nothing here reads ServiceNow: the caller reads only what `confirm` reports as confirmed, so a reference
 *   that is not in the server's copy of its post never causes a ServiceNow request.
 */

export type Confirmation =
  | { ok: true; /** the claimed keys that the server's message holds */ keys: string[] }
  | { ok: false; reason: 'missing' | 'mattermost-not-connected' | 'error'; message?: string };

export interface PostCheckOptions {
  /** the posts of a batch, through the user's Mattermost connection (404 = none of them: see client.postsByIds) */
  postsByIds(server: string, ids: string[]): Promise<MmPost[]>;
  /** how to find the card keys a server message refers to (read once per batch: settings and numbering) */
  refsParser(): Promise<(message: string) => ReadonlySet<string>>;
  now?: () => number;
  windowMs?: number;
  schedule?: (run: () => void, ms: number) => void;
  /** how long a post's answer is remembered */
  ttlMs?: number;
  /** most posts remembered; the oldest go first */
  maxEntries?: number;
}

/** a post's claimed keys */
export type Claims = ReadonlyMap<string, readonly string[]>;

interface Known {
  at: number;
  /** null: Mattermost did not return the post */
  keys: ReadonlySet<string> | null;
  updateAt: number;
  editAt: number;
}

interface Job {
  server: string;
  /** the claims this job needs the server for */
  claims: Claims;
  onConfirmed(answers: Map<string, Confirmation>): void;
  resolve(): void;
}

interface Window {
  jobs: Job[];
  /** server → post ids to read */
  ids: Map<string, Set<string>>;
}

export const POSTS_BY_IDS_MAX = 1000;
export const POST_CHECK_TTL_MS = 10 * 60_000;

const isNotConnected = (err: unknown) => err instanceof HttpError && /Connect .* first|not one of your configured/.test(err.message);

export function createPostCheck(opts: PostCheckOptions) {
  const now = opts.now ?? Date.now;
  const windowMs = opts.windowMs ?? 50;
  const schedule = opts.schedule ?? ((run, ms) => void setTimeout(run, ms));
  const ttlMs = opts.ttlMs ?? POST_CHECK_TTL_MS;
  const maxEntries = opts.maxEntries ?? 5000;
  const known = new Map<string, Known>();
  /** bumped by forget(): an answer from before a disconnect is not remembered after it */
  const generation = new Map<string, number>();
  let current: Window | undefined;

  const entryKey = (server: string, postId: string) => `${server} ${postId}`;
  const fresh = (server: string, postId: string): Known | undefined => {
    const k = known.get(entryKey(server, postId));
    if (!k) return undefined;
    if (now() - k.at < ttlMs) return k;
    known.delete(entryKey(server, postId));
    return undefined;
  };
  const remember = (server: string, postId: string, k: Known) => {
    const key = entryKey(server, postId);
    known.delete(key); // re-inserted last: the map's order is the eviction order
    known.set(key, k);
    while (known.size > maxEntries) known.delete(known.keys().next().value!);
  };
  const answer = (k: Known, claimed: readonly string[]): Confirmation =>
    k.keys ? { ok: true, keys: claimed.filter((key) => k.keys!.has(key)) } : { ok: false, reason: 'missing' };

  /** One server's reads for a window: ≤ 1000 ids a request, all at once. */
  const read = async (server: string, ids: string[]): Promise<Map<string, Known> | Confirmation> => {
    const gen = generation.get(server) ?? 0;
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += POSTS_BY_IDS_MAX) chunks.push(ids.slice(i, i + POSTS_BY_IDS_MAX));
    let posts: MmPost[];
    let refsOf: (message: string) => ReadonlySet<string>;
    try {
      [posts, refsOf] = await Promise.all([Promise.all(chunks.map((c) => opts.postsByIds(server, c))).then((x) => x.flat()), opts.refsParser()]);
    } catch (err) {
      if (isNotConnected(err)) return { ok: false, reason: 'mattermost-not-connected' };
      return { ok: false, reason: 'error', message: err instanceof HttpError ? err.message : 'Mattermost did not answer.' };
    }
    const at = now();
    const out = new Map<string, Known>();
    const byId = new Map(posts.map((p) => [p.id, p]));
    for (const id of ids) {
      const p = byId.get(id);
      out.set(id, p && p.delete_at === 0 ? { at, keys: refsOf(p.message), updateAt: p.update_at, editAt: p.edit_at } : { at, keys: null, updateAt: 0, editAt: 0 });
    }
    if ((generation.get(server) ?? 0) === gen) for (const [id, k] of out) remember(server, id, k);
    return out;
  };

  const flush = (w: Window) => {
    if (current === w) current = undefined;
    const reads = new Map<string, ReturnType<typeof read>>();
    for (const [server, ids] of w.ids) reads.set(server, read(server, [...ids]));
    for (const job of w.jobs) {
      void reads.get(job.server)!.then((got) => {
        const fromServer = new Map<string, Confirmation>();
        for (const [postId, claimed] of job.claims) {
          const k = got instanceof Map ? got.get(postId) : undefined;
          fromServer.set(postId, !(got instanceof Map) ? got : k ? answer(k, claimed) : { ok: false, reason: 'missing' });
        }
        job.onConfirmed(fromServer);
        job.resolve();
      });
    }
  };

  return {
    /**
     * Checks claims against Mattermost's copy of the posts. `onConfirmed` is called at most twice: at once with what
     * memory answers, and when the server has answered for the rest (after the window). Resolves after the last call.
     */
    confirm(server: string, claims: Claims, onConfirmed: (answers: Map<string, Confirmation>) => void): Promise<void> {
      // What memory answers is answered now (a revisit waits for nothing); the rest joins the window's read.
      const fromMemory = new Map<string, Confirmation>();
      const reading = new Map<string, readonly string[]>();
      for (const [postId, claimed] of claims) {
        const k = fresh(server, postId);
        if (k && (k.keys === null || claimed.every((key) => k.keys!.has(key)))) fromMemory.set(postId, answer(k, claimed));
        else reading.set(postId, claimed);
      }
      if (fromMemory.size) onConfirmed(fromMemory);
      if (!reading.size) return Promise.resolve();
      let w = current;
      if (!w) {
        const opened: Window = { jobs: [], ids: new Map() };
        current = w = opened;
        schedule(() => flush(opened), windowMs);
      }
      const ids = w.ids.get(server) ?? new Set<string>();
      w.ids.set(server, ids);
      for (const id of reading.keys()) ids.add(id);
      const job = w;
      return new Promise<void>((resolve) => job.jobs.push({ server, claims: reading, onConfirmed, resolve }));
    },

    /** After a disconnect: nothing read with that sign-in is remembered. */
    forget(server: string): void {
      generation.set(server, (generation.get(server) ?? 0) + 1);
      for (const key of known.keys()) if (key.startsWith(`${server} `)) known.delete(key);
    },
  };

}

export type PostCheck = ReturnType<typeof createPostCheck>;

/** How to find the record references in a Mattermost message: the user's instances, the first one's numbering. */
export async function messageRefParser(numbering: { get(instance: string): Promise<{ prefixes: Record<string, string>; minDigits: number }> }) {
  const instances = (await loadSettings()).servicenow.map((s) => s.base);
  const defaultInstance = instances[0];
  const n = defaultInstance ? await numbering.get(defaultInstance) : undefined;
  const numbers = n ? buildNumberMatcher(n.prefixes, { minDigits: n.minDigits }) : null;
  return (message: string) => findMessageRefs(message, { instances, defaultInstance, numbers });
}

/** The worker's post check: reads through the user's Mattermost client, parses with their instances' numbering. */
export function createPostCheckService(
  mattermost: (server: string) => Promise<Pick<MattermostClient, 'postsByIds'>>,
  numbering: { get(instance: string): Promise<{ prefixes: Record<string, string>; minDigits: number }> },
  opts: Pick<PostCheckOptions, 'windowMs'> = {},
): PostCheck {
  return createPostCheck({
    ...opts,
    postsByIds: async (server, ids) => (await mattermost(server)).postsByIds(ids),
    async refsParser() {
      const refsOf = await messageRefParser(numbering);
      return (message) => new Set(refsOf(message).map((r) => cardKey(r.instance, r.ref)));
    },
  });
}
