// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_USERS, SN_RECORDS } from '../fixtures';
import { ID_ALPHABET, isValidId } from './ids';
import { BASE_EPOCH, SEEDED_POSTS, SEEDED_REFERENCES, SEED_CHANNELS, seed, seedLargeChannel } from './seed';
import { SimStore } from './store';

function seeded(n = 1): SimStore {
  const s = new SimStore();
  seed(s, n);
  return s;
}

const snapshot = (s: SimStore) => JSON.stringify(s.channels().map((c) => [c.id, s.postsIn(c.id).map((p) => [p.id, p.create_at, p.user_id, p.message])]));

describe('seed', () => {
  test('is deterministic per seed and does not read the clock', () => {
    expect(snapshot(seeded(1))).toBe(snapshot(seeded(1)));
    expect(snapshot(seeded(2))).not.toBe(snapshot(seeded(1)));
    const s = seeded(1);
    for (const c of s.channels()) for (const p of s.postsIn(c.id)) expect(p.create_at).toBeLessThan(BASE_EPOCH + 30 * 24 * 3600_000);
  });

  test('ids are 26 chars over the real alphabet', () => {
    const s = seeded();
    const ids = [...s.users().map((u) => u.id), ...s.channels().map((c) => c.id), ...s.channels().flatMap((c) => s.postsIn(c.id).map((p) => p.id))];
    for (const id of ids) {
      expect(isValidId(id)).toBe(true);
      expect([...id].every((ch) => ID_ALPHABET.includes(ch))).toBe(true);
    }
  });

  test('beth is in every channel but the nonmember one; read-only and archived flags follow `kind`', () => {
    const s = seeded();
    for (const c of Object.values(MM_CHANNELS)) {
      const ch = s.channelById(c.id)!;
      expect(ch.member_ids.includes(MM_USERS.agent.id)).toBe(c.kind !== 'nonmember');
      expect(ch.read_only).toBe(c.kind === 'readonly');
      expect(ch.delete_at > 0).toBe(c.kind === 'archived');
    }
  });

  test('a DM (type D, team "", display_name "") and a GM (40-hex name)', () => {
    const s = seeded();
    const dm = s.channelById(SEED_CHANNELS.dm.id)!;
    expect(dm).toMatchObject({ type: 'D', team_id: '', display_name: '', name: [MM_USERS.agent.id, MM_USERS.agent2.id].sort().join('__') });
    const gm = s.channelById(SEED_CHANNELS.gm.id)!;
    expect(gm.type).toBe('G');
    expect(gm.name).toMatch(/^[0-9a-f]{40}$/);
    expect(s.postsIn(dm.id).length).toBeGreaterThan(3);
  });

  test('open channels hold dozens of posts', () => {
    const s = seeded();
    for (const c of Object.values(MM_CHANNELS).filter((c) => c.kind === 'open')) expect(s.postsIn(c.id).length).toBeGreaterThanOrEqual(24);
  });

  test('every seeded reference is stored with its text, in a channel its author belongs to', () => {
    const s = seeded();
    const keys = new Set<string>();
    for (const r of SEEDED_REFERENCES) {
      expect(keys.has(r.key)).toBe(false);
      keys.add(r.key);
      const p = s.postById(r.postId)!;
      expect(p.message).toBe(r.text);
      expect(p.channel_id).toBe(r.channelId);
      expect(s.channelById(r.channelId)!.member_ids).toContain(r.userId);
      expect(r.text).toContain(r.ref);
    }
  });

  test('covers every record URL format and the negatives', () => {
    const keys = SEEDED_REFERENCES.map((r) => r.key);
    for (const k of ['classic', 'classic-by-number', 'nav_to-raw', 'nav_to-encoded', 'nav_to-double-encoded', 'nav_to-legacy', 'next-classic', 'next-double-encoded', 'next-kb-tail', 'sow', 'workspace-agent', 'cwf', 'sub-record', 'sp-ticket', 'sp-ticket-reordered', 'esc-standard-ticket', 'kb_view', 'sp-kb-number', 'sp-kb-sys_id', 'kb-article-view', 'kb_knowledge-form', 'number-inc', 'code-block', 'inline-code-number', 'unknown-instance', 'list-page', 'new-record', 'home']) {
      expect(keys).toContain(k);
    }
    expect(SEEDED_REFERENCES.filter((r) => r.expect === null).length).toBeGreaterThanOrEqual(10);
    const hosts = new Set(SEEDED_REFERENCES.map((r) => r.expect?.instance).filter(Boolean));
    expect(hosts).toEqual(new Set(['acme.service-now.com', 'itsm.example.test']));
    const sysIds = new Set(Object.values(SN_RECORDS).map((r) => r.sys_id));
    for (const r of SEEDED_REFERENCES) if (r.expect?.sys_id) expect(sysIds).toContain(r.expect.sys_id);
  });

  test('a thread, an edited post and an attachment post', () => {
    const s = seeded();
    expect(s.repliesOf(SEEDED_POSTS.threadRoot).map((p) => p.id)).toEqual([...SEEDED_POSTS.threadReplies]);
    expect(s.postById(SEEDED_POSTS.edited)!.edit_at).toBeGreaterThan(0);
    const att = s.postById(SEEDED_POSTS.attachment)!;
    expect(att.metadata).toEqual({ embeds: [{ type: 'message_attachment' }] });
  });

  test('seedLargeChannel: 300 posts with 100 distinct references over 3 tables and 2 URL styles', () => {
    const s = seeded();
    const { channel, references } = seedLargeChannel(s, { posts: 300, refs: 100 });
    expect(s.postsIn(channel.id)).toHaveLength(300);
    expect(references).toHaveLength(100);
    expect(new Set(references.map((r) => r.url)).size).toBe(100);
    expect(new Set(references.map((r) => r.expect.table)).size).toBe(3);
    expect(references.some((r) => r.url.includes('/now/nav/ui/classic/params/target/'))).toBe(true);
    expect(references.some((r) => /\.do\?sysparm_query=number=/.test(r.url))).toBe(true);
    expect(channel.member_ids).toContain(MM_USERS.agent.id);
  });
});
