/**
 * The shared-record post (issue 5): the user's own message plus one message attachment
 * (snake_case keys, as Mattermost's `server/public/model/slack_attachment.go`). Pure: no DOM, no browser APIs, no requests.
 *
 * Safety rule: ServiceNow text reaches only the fields Mattermost renders as Markdown (field values
 * and titles, `text`) through neutralize.ts, so it reads literally and no mention, link or Markdown
 * fires. The `title` beside `title_link` is plain text, so it keeps the record's exact text. The
 * user's `message` is theirs and is sent as typed; record text never goes into it.
 */
import type { FieldValue, SnRecord } from '../servicenow/record';
import { canonicalRecordUrl } from '../servicenow/record-url';
import { neutralizeBlock, neutralizeInline, plainTitle } from './neutralize';

/** Mattermost's MessageAttachment, only the keys NowBridge sends. */
export interface MessageAttachment {
  fallback: string;
  color?: string;
  title: string;
  title_link: string;
  text?: string;
  fields: { title: string; value: string; short: boolean }[];
  footer: string;
  ts?: number;
}

export interface SharePost {
  message: string;
  props: { attachments: [MessageAttachment] };
}

export interface ShareOptions {
  /** what the user typed; sent as is (the client refuses more than 16383 characters) */
  message?: string;
  /** `#RRGGBB` from the catalogue's colour rule (or good/warning/danger) */
  color: string;
  /** the table's card fields, in order */
  fields: { title: string; value: FieldValue | string }[];
  /** a description excerpt for the attachment `text`; omitted when blank */
  description?: string;
  /** added to the footer as "shared by <name>" when the post is not the sharer's own (e.g. a bot) */
  sharedBy?: string;
  /** the ServiceNow host shown in the footer; defaults to the record's instance host */
  instanceHost?: string;
}

/**
 * Caps in code points. The web app collapses long attachment text behind "Show more" but renders
 * titles and fields whole, so a card stays card-sized only if we cut; 300 is its footer limit.
 */
export const LIMITS = { title: 250, fieldTitle: 60, fieldValue: 300, text: 700, footer: 300 } as const;

const COLOUR = /^(good|warning|danger|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})$/;
const EMPTY = '—';

const shown = (v: FieldValue | string) => (typeof v === 'string' ? v : v.display || v.value);

/** sys_updated_on (ISO, UTC) → epoch seconds, the Slack-style `ts`; undefined when unreadable. */
function epochSeconds(iso: string): number | undefined {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso.replace(' ', 'T')}Z`);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

export function formatShare(record: SnRecord, opts: ShareOptions): SharePost {
  const heading = plainTitle(`${record.number}: ${record.shortDescription}`, LIMITS.title);
  const host = opts.instanceHost ?? new URL(record.instance).host;
  const footer = plainTitle(`ServiceNow · ${host}${opts.sharedBy ? ` · shared by ${opts.sharedBy}` : ''}`, LIMITS.footer);
  const attachment: MessageAttachment = {
    fallback: heading,
    // An invalid colour would get the post refused (or, on real servers, logged): leave it out instead.
    ...(COLOUR.test(opts.color) ? { color: opts.color } : {}),
    title: heading,
    title_link: canonicalRecordUrl({ origin: new URL(record.instance).origin, table: record.table, sys_id: record.sys_id }),
    fields: opts.fields.map((f) => ({
      title: neutralizeInline(f.title, { maxLength: LIMITS.fieldTitle }),
      value: neutralizeInline(shown(f.value), { maxLength: LIMITS.fieldValue }) || EMPTY,
      short: true,
    })),
    footer,
  };
  const text = opts.description ? neutralizeBlock(opts.description, { maxLength: LIMITS.text }) : '';
  if (text) attachment.text = text;
  const ts = epochSeconds(record.updatedAt);
  if (ts !== undefined) attachment.ts = ts;
  return { message: opts.message ?? '', props: { attachments: [attachment] } };
}

/**
 * The web app's pending post id, `<user_id>:<epoch ms>`. Make one per submission and reuse it on
 * every retry (and across a worker restart): the server returns the first post for a repeat.
 */
export function newPendingPostId(userId: string, now = Date.now()): string {
  return `${userId}:${now}`;
}
