// @vitest-environment node
/**
 * The share post format, checked as data and by posting it to the Mattermost simulator, whose
 * attachment validation is strict (snake_case, title_link ⇒ title, colours, http(s) URLs).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOSTS, MM_CHANNELS, MM_USERS, SN_RECORDS } from '../../sim/fixtures';
import { start, type RunningMattermost } from '../../sim/mattermost';
import type { SnRecord } from '../servicenow/record';
import { canonicalRecordUrl } from '../servicenow/record-url';
import { createMattermostClient } from './client';
import { formatShare, LIMITS, newPendingPostId, type ShareOptions } from './post-format';
import { bearerFetch } from '../testing/bearer-fetch';

const INSTANCE = `https://${HOSTS.servicenow}`;
const BETH = MM_USERS.agent;

/** The hostile short descriptions of the ServiceNow simulator's seed (sim/servicenow/seed.ts). */
const HOSTILE = {
  hostileMention: '@channel @here @all printer jam again, ping @beth.anglin',
  hostileMarkdown: '# Outage [click here](https://evil.example.test/login) ![pixel](https://evil.example.test/p.png) | a | b |',
  hostileHtml: `<b>Printer</b> on fire <script>alert('xss')</script><img src=x onerror="alert(document.cookie)">`,
} as const;
const HOSTILE_DESCRIPTION =
  '# Heading\n\n[login](https://evil.example.test/login)\n\n![tracker](https://evil.example.test/t.gif)\n\n| col1 | col2 |\n|---|---|\n| x | y |\n\n```\ncode\n```\n@channel see mailto:x@y.test';

const fv = (value: string, display = value) => ({ value, display });

function record(over: Partial<SnRecord> = {}): SnRecord {
  const r = SN_RECORDS.incident;
  return {
    instance: INSTANCE,
    table: r.table,
    sys_id: r.sys_id,
    number: r.number,
    shortDescription: 'Email server not responding for the finance team',
    url: canonicalRecordUrl({ origin: INSTANCE, table: r.table, sys_id: r.sys_id }),
    state: fv('2', 'In Progress'),
    priority: fv('3', '3 - Moderate'),
    updatedAt: '2026-10-05T07:30:00Z',
    fields: {},
    ...over,
  };
}

const incidentFields = (r: SnRecord, extra: ShareOptions['fields'] = []): ShareOptions['fields'] => [
  { title: 'State', value: r.state! },
  { title: 'Priority', value: r.priority! },
  { title: 'Assigned to', value: fv('6816f79cc0a8016401c5a33be04be441', 'Beth Anglin') },
  { title: 'Assignment group', value: 'Service Desk' },
  ...extra,
];

/** A hostile record: the text in its title, its fields and its description. */
function hostile(key: keyof typeof HOSTILE): { rec: SnRecord; opts: ShareOptions } {
  const r = SN_RECORDS[key];
  const rec = record({ number: r.number, sys_id: r.sys_id, shortDescription: HOSTILE[key] });
  return {
    rec,
    opts: { color: '#9e9e9e', fields: incidentFields(rec, [{ title: 'Short description', value: HOSTILE[key] }, { title: 'Caller', value: fv('x', HOSTILE[key]) }]), description: `${HOSTILE[key]}\n${HOSTILE_DESCRIPTION}` },
  };
}

const MENTION = /@(channel|here|all|beth)\b/i;
const LINK = /\]\(/;
/** a URL scheme not broken by a word joiner (which stops Mattermost autolinking it) */
const SCHEME = /\b(?:https?|ftp|mailto|javascript|tel):(?!\u2060)/i;
const RAW_HTML = /<[a-z/!]/i;

describe('formatShare', () => {
  test('the attachment, key by key', () => {
    const r = record();
    const post = formatShare(r, { message: 'FYI @david, can you look?', color: '#f5a623', fields: incidentFields(r), instanceHost: HOSTS.servicenow });
    expect(post.message).toBe('FYI @david, can you look?'); // the user's own words, as typed
    expect(post.props.attachments).toEqual([
      {
        fallback: 'INC0010001: Email server not responding for the finance team',
        color: '#f5a623',
        title: 'INC0010001: Email server not responding for the finance team',
        title_link: `${INSTANCE}/nav_to.do?uri=incident.do%3Fsys_id%3D${r.sys_id}`,
        fields: [
          { title: 'State', value: 'In Progress', short: true },
          { title: 'Priority', value: '3 \\- Moderate', short: true },
          { title: 'Assigned to', value: 'Beth Anglin', short: true },
          { title: 'Assignment group', value: 'Service Desk', short: true },
        ],
        footer: 'ServiceNow · acme.service-now.com',
        ts: Date.UTC(2026, 9, 5, 7, 30) / 1000,
      },
    ]);
  });

  test('no message → empty message; footer host defaults to the instance; sharedBy goes to the footer', () => {
    const post = formatShare(record(), { color: 'danger', fields: [], sharedBy: 'Beth Anglin' });
    expect(post.message).toBe('');
    expect(post.props.attachments[0].footer).toBe('ServiceNow · acme.service-now.com · shared by Beth Anglin');
    expect(post.props.attachments[0].color).toBe('danger');
  });

  test('an invalid colour is left out rather than getting the post refused', () => {
    expect(formatShare(record(), { color: 'red; x', fields: [] }).props.attachments[0]).not.toHaveProperty('color');
  });

  test('ts from "YYYY-MM-DD hh:mm:ss" (UTC) too; unreadable → no ts', () => {
    expect(formatShare(record({ updatedAt: '2026-10-05 07:30:00' }), { color: '#000000', fields: [] }).props.attachments[0].ts).toBe(Date.UTC(2026, 9, 5, 7, 30) / 1000);
    expect(formatShare(record({ updatedAt: '' }), { color: '#000000', fields: [] }).props.attachments[0]).not.toHaveProperty('ts');
  });

  test('empty field values show a dash; a blank description adds no text', () => {
    const a = formatShare(record(), { color: '#000000', fields: [{ title: 'Assigned to', value: fv('', '') }], description: '  \n ' }).props.attachments[0];
    expect(a.fields).toEqual([{ title: 'Assigned to', value: '—', short: true }]);
    expect(a).not.toHaveProperty('text');
  });

  test('long texts are cut with …; whitespace in the title collapses', () => {
    const long = 'word '.repeat(2000);
    const a = formatShare(record({ shortDescription: `  Disk\n\tfull  ${long}` }), {
      color: '#000000',
      fields: [{ title: 'Description', value: long }],
      description: long,
    }).props.attachments[0];
    expect(a.title.startsWith('INC0010001: Disk full word word')).toBe(true);
    expect(a.title.endsWith('…')).toBe(true);
    expect([...a.title].length).toBeLessThanOrEqual(LIMITS.title);
    expect(a.fallback).toBe(a.title);
    expect([...a.fields[0]!.value].length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(a.fields[0]!.value.endsWith('…')).toBe(true);
    expect([...a.text!].length).toBeLessThanOrEqual(LIMITS.text);
  });

  test.each(Object.keys(HOSTILE) as (keyof typeof HOSTILE)[])('%s: nothing fires in Markdown fields; the title reads exactly as the record', (key) => {
    const { rec, opts } = hostile(key);
    const a = formatShare(rec, opts).props.attachments[0];
    expect(a.title).toBe(`${rec.number}: ${HOSTILE[key]}`);
    for (const s of [...a.fields.map((f) => f.value), a.text ?? '']) {
      expect(s).not.toMatch(MENTION);
      expect(s).not.toMatch(LINK);
      expect(s).not.toMatch(SCHEME);
      expect(s).not.toMatch(RAW_HTML);
    }
    expect(formatShare(rec, opts).message).toBe(''); // record text never goes into the message
  });

  test('newPendingPostId is <user_id>:<epoch ms>', () => {
    expect(newPendingPostId(BETH.id, 1_760_000_000_000)).toBe(`${BETH.id}:1760000000000`);
    expect(newPendingPostId(BETH.id)).toMatch(/^[a-z0-9]{26}:\d{13}$/);
  });
});

describe('posting the format to the Mattermost simulator', () => {
  let mm: RunningMattermost;
  let client: ReturnType<typeof createMattermostClient>;
  const channel = MM_CHANNELS.incidents.id;
  const bearer = bearerFetch(BETH.token);
  let tick = 1_760_000_000_000;

  beforeAll(async () => {
    mm = await start();
    client = createMattermostClient(bearer, mm.siteUrl, { sleep: async () => {} });
  });
  afterAll(() => mm.stop());

  test('accepted by the strict attachment validation; the stored post matches field by field', async () => {
    const r = record();
    const share = formatShare(r, { message: 'Heads up', color: '#f5a623', fields: incidentFields(r), description: 'Users in finance get bounce-backs.', instanceHost: HOSTS.servicenow });
    const created = await client.createPost({ channel_id: channel, ...share, pending_post_id: newPendingPostId(BETH.id, tick++) });
    const stored = mm.store.postById(created.id)!;
    expect(stored.message).toBe('Heads up');
    const [sent] = share.props.attachments;
    const [kept] = stored.props['attachments'] as (typeof sent)[];
    for (const key of Object.keys(sent) as (keyof typeof sent)[]) expect(kept![key], key).toEqual(sent[key]);
    expect(stored.metadata).toEqual({ embeds: [{ type: 'message_attachment' }] });
    expect((await client.getPost(created.id)).props).toEqual(share.props);
  });

  test.each(Object.keys(HOSTILE) as (keyof typeof HOSTILE)[])('%s is posted as literal text', async (key) => {
    const { rec, opts } = hostile(key);
    const created = await client.createPost({ channel_id: channel, ...formatShare(rec, opts), pending_post_id: newPendingPostId(BETH.id, tick++) });
    const [a] = mm.store.postById(created.id)!.props['attachments'] as { title: string; text: string; fields: { value: string }[] }[];
    expect(a!.title).toBe(`${rec.number}: ${HOSTILE[key]}`);
    for (const s of [...a!.fields.map((f) => f.value), a!.text]) {
      expect(s).not.toMatch(MENTION);
      expect(s).not.toMatch(LINK);
      expect(s).not.toMatch(SCHEME);
    }
  });

  test('every colour the catalogue can give, and the record URL, pass validation', async () => {
    for (const color of ['#d32f2f', '#f57c00', '#fbc02d', '#9e9e9e', '#2e7d32']) {
      const share = formatShare(record(), { color, fields: [] });
      await expect(client.createPost({ channel_id: channel, ...share, pending_post_id: newPendingPostId(BETH.id, tick++) })).resolves.toMatchObject({ channel_id: channel });
    }
  });

  test('a double submission (same pending_post_id) is one post', async () => {
    const share = formatShare(record(), { color: '#9e9e9e', fields: [] });
    const pending = newPendingPostId(BETH.id, tick++);
    const before = mm.control.posts(channel).length;
    const [a, b] = await Promise.all([
      client.createPost({ channel_id: channel, ...share, pending_post_id: pending }),
      client.createPost({ channel_id: channel, ...share, pending_post_id: pending }),
    ]);
    expect(b.id).toBe(a.id);
    expect(mm.control.posts(channel).length).toBe(before + 1);
  });
});
