import { describe, expect, it, vi } from 'vitest';
import { cardKey, type RecordKeyRef } from '../servicenow/record';
import { createHandlers, type HandlerDeps } from './handlers';
import { createPostCheck } from './post-check';
import { toCard } from './record-service';
import type { Caller } from './router';

const S = 'https://chat.example.test';
const SN = 'https://acme.service-now.com';
const REAL = 'a'.repeat(26);
const FAKE = 'f'.repeat(26);
const inc = { table: 'incident', number: 'INC0010001' };
const chg = { table: 'change_request', number: 'CHG0030001' };
const page: Caller = { id: 'ext', url: `${S}/ops/channels/town-square`, fromExtensionPage: false };

function setup() {
  const cards = vi.fn(async (_instance: string, refs: readonly RecordKeyRef[]) => new Map(refs.map((r) => [`${r.table}/${'number' in r ? r.number : ''}`, { data: toCard({ ok: false, reason: 'not-found', message: 'x' }, r.table ?? 'task'), stale: false }])));
  const postsByIds = vi.fn(async (_s: string, ids: string[]) =>
    ids.includes(REAL) ? [{ id: REAL, create_at: 1, update_at: 1, edit_at: 0, delete_at: 0, user_id: REAL, channel_id: REAL, root_id: '', message: 'see INC0010001', type: '', props: {}, pending_post_id: '' }] : [],
  );
  const postCheck = createPostCheck({
    postsByIds,
    refsParser: async () => (m) => new Set(m.includes('INC0010001') ? [cardKey(SN, inc)] : []),
    windowMs: 0,
  });
  const handlers = createHandlers({ records: { cards } as unknown as HandlerDeps['records'], postCheck } as unknown as HandlerDeps);
  return { handlers, cards, postsByIds };
}

describe("record/cards: cards only for references in the server's copy of their post", () => {
  it('reads ServiceNow only for confirmed references; a fake post and a fake reference cost no ServiceNow request', async () => {
    const { handlers, cards, postsByIds } = setup();
    const answer = await handlers['record/cards'](
      {
        type: 'record/cards',
        server: S,
        items: [
          { postId: REAL, instance: SN, ref: inc },
          { postId: REAL, instance: SN, ref: chg }, // added to a real post's DOM by the page
          { postId: FAKE, instance: SN, ref: inc }, // a post the page made up
        ],
      },
      page,
    );
    expect(postsByIds).toHaveBeenCalledTimes(1);
    expect(postsByIds.mock.calls[0]![1]).toEqual([REAL, FAKE]);
    expect(cards).toHaveBeenCalledTimes(1);
    expect(cards.mock.calls[0]![1]).toEqual([inc]);
    expect(answer.cards.map((c) => c.key)).toEqual([cardKey(SN, inc)]);
    expect(answer.posts).toEqual(expect.arrayContaining([{ postId: REAL, keys: [cardKey(SN, inc)] }, { postId: FAKE, keys: [], reason: 'missing' }]));
  });

  it('only fakes: no ServiceNow request at all', async () => {
    const { handlers, cards } = setup();
    const answer = await handlers['record/cards']({ type: 'record/cards', server: S, items: [{ postId: FAKE, instance: SN, ref: inc }] }, page);
    expect(cards).not.toHaveBeenCalled();
    expect(answer).toEqual({ cards: [], posts: [{ postId: FAKE, keys: [], reason: 'missing' }] });
  });

  it('a content script speaks only for the server its page is on', async () => {
    const { handlers, postsByIds } = setup();
    await expect(
      handlers['record/cards']({ type: 'record/cards', server: 'https://other.example.test', items: [{ postId: REAL, instance: SN, ref: inc }] }, page),
    ).rejects.toThrow(/not a page of that server/);
    expect(postsByIds).not.toHaveBeenCalled();
  });
});
