/**
 * The server's `seenPendingPostIdsCache`, as `server/channels/app/post.go` keeps it
 * (`pendingPostIDsCacheTTL = 30 * time.Second`, `deduplicateCreatePost`, and the deferred update in `CreatePost`):
 * - keyed by the raw `pending_post_id`, not per user;
 * - the first request stores an empty marker (TTL 30 s) before it saves; a duplicate that finds the marker gets
 *   500 `api.post.deduplicate_create_post.pending`;
 * - a saved post replaces the marker with its id (TTL 30 s again, from the save); a duplicate then gets the
 *   existing post (201), unless the caller may not read it, when it creates a new one
 *   (`post_test.go` "after cache expires is not idempotent": past the TTL the same id posts again);
 * - a failed save removes the marker, so a retry can post.
 */
export const PENDING_POST_IDS_TTL_MS = 30_000;

export type PendingClaim = { kind: 'new' } | { kind: 'saving' } | { kind: 'saved'; postId: string };

export class PendingPostIds {
  private readonly entries = new Map<string, { postId: string; expiresAt: number }>();

  /** `clock` is the server's time, so tests can step past the TTL instead of waiting 30 s */
  constructor(private readonly clock: () => number) {}

  /** What a create with this id finds; a miss stores the "still saving" marker. */
  claim(pendingId: string): PendingClaim {
    const e = this.live(pendingId);
    if (!e) {
      this.entries.set(pendingId, { postId: '', expiresAt: this.clock() + PENDING_POST_IDS_TTL_MS });
      return { kind: 'new' };
    }
    return e.postId ? { kind: 'saved', postId: e.postId } : { kind: 'saving' };
  }

  saved(pendingId: string, postId: string): void {
    this.entries.set(pendingId, { postId, expiresAt: this.clock() + PENDING_POST_IDS_TTL_MS });
  }

  failed(pendingId: string): void {
    this.entries.delete(pendingId);
  }

  /** for tests: whether a create with this id is saving right now */
  isSaving(pendingId: string): boolean {
    return this.live(pendingId)?.postId === '';
  }

  private live(pendingId: string) {
    const e = this.entries.get(pendingId);
    if (e && e.expiresAt <= this.clock()) {
      this.entries.delete(pendingId);
      return undefined;
    }
    return e;
  }
}
