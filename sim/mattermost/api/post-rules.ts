/**
 * model.Post.IsValid and the attachment checks of Mattermost's `server/public/model/slack_attachment.go`. The real server only logs
 * bad attachments; the simulator answers 400 so the client stays strict.
 */
import { AppError, invalidBodyParam } from '../errors';
import { isValidId } from '../ids';

/** model.PostMessageMaxRunesV2 (65535 / 4), the MaxPostSize of a default database */
export const MAX_POST_RUNES = 16383;
export const MAX_PROPS_RUNES = 800000;

/** Post types a client may send: "", slack_attachment, custom_* and the known system types. */
const SYSTEM_TYPES = new Set([
  'system_join_channel', 'system_guest_join_channel', 'system_leave_channel', 'system_join_leave', 'system_add_to_channel',
  'system_add_guest_to_chan', 'system_remove_from_channel', 'system_add_to_team', 'system_join_team', 'system_leave_team',
  'system_remove_from_team', 'system_header_change', 'system_displayname_change', 'system_convert_channel',
  'system_purpose_change', 'system_channel_deleted', 'system_channel_restored', 'system_ephemeral', 'system_generic',
  'system_fake_parent_deleted', 'system_auto_responder', 'system_change_chan_privacy', 'system_me',
  'system_combined_user_activity', 'reminder', 'system_wrangler',
]);

/** Integration-only props; a user's post carrying one is refused (real servers strip them). */
export const RESERVED_PROPS = ['from_webhook', 'override_username', 'override_icon_url', 'override_icon_emoji', 'webhook_display_name', 'mm_blocks_actions'];

const ATTACHMENT_KEYS = new Set([
  'id', 'fallback', 'color', 'pretext', 'author_name', 'author_link', 'author_icon', 'title', 'title_link', 'text',
  'fields', 'image_url', 'thumb_url', 'footer', 'footer_icon', 'timestamp', 'ts', 'actions',
]);
const STRING_KEYS = ['fallback', 'color', 'pretext', 'author_name', 'author_link', 'author_icon', 'title', 'title_link', 'text', 'image_url', 'thumb_url', 'footer', 'footer_icon'];
const URL_KEYS = ['title_link', 'author_link', 'author_icon', 'image_url', 'thumb_url', 'footer_icon'];
const COLOUR = /^(good|warning|danger|#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6})$/;

const runes = (s: string) => [...s].length;
const bad = (what: string) => new AppError(400, 'model.post.is_valid.attachments.app_error', what);

export interface PostInput {
  id?: unknown;
  channel_id?: unknown;
  message?: unknown;
  root_id?: unknown;
  type?: unknown;
  props?: unknown;
  pending_post_id?: unknown;
  file_ids?: unknown;
}

/** model.Post.IsValid's type rule: "", slack_attachment, custom_* or a known system type. */
export function isValidPostType(type: unknown): type is string {
  return typeof type === 'string' && (type === '' || type === 'slack_attachment' || type.startsWith('custom_') || SYSTEM_TYPES.has(type));
}

/** Field shapes and sizes (IsValid); channel and root existence are checked by the caller. */
export function validatePost(p: PostInput): void {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw invalidBodyParam('post');
  if (!isValidId(p.channel_id)) throw invalidBodyParam('channel_id');
  if (p.id !== undefined && p.id !== '') throw new AppError(400, 'store.sql_post.save.existing.app_error');
  if (p.message !== undefined && typeof p.message !== 'string') throw invalidBodyParam('post');
  if (p.root_id !== undefined && p.root_id !== '' && !isValidId(p.root_id)) throw new AppError(400, 'model.post.is_valid.root_id.app_error');
  if (p.file_ids !== undefined && !Array.isArray(p.file_ids)) throw invalidBodyParam('post');
  // model/post.go IsValid (current server; `model.post.is_valid.msg.app_error` before message_length replaced it)
  const length = runes((p.message as string | undefined) ?? '');
  if (length > MAX_POST_RUNES) throw new AppError(400, 'model.post.is_valid.message_length.app_error', '', `${length}, MaxLength: ${MAX_POST_RUNES}`);
  const type = p.type ?? '';
  if (!isValidPostType(type)) {
    throw new AppError(400, 'model.post.is_valid.type.app_error', `type=${String(type)}`);
  }
  if (p.props === undefined || p.props === null) return;
  if (typeof p.props !== 'object' || Array.isArray(p.props)) throw invalidBodyParam('post');
  if (runes(JSON.stringify(p.props)) > MAX_PROPS_RUNES) throw new AppError(400, 'model.post.is_valid.props.app_error', 'props too long');
  const props = p.props as Record<string, unknown>;
  const reserved = RESERVED_PROPS.find((k) => k in props);
  if (reserved) throw new AppError(400, 'model.post.is_valid.props.app_error', `reserved prop ${reserved}`);
  if (props['attachments'] !== undefined) validateAttachments(props['attachments']);
}

export function validateAttachments(list: unknown): void {
  if (!Array.isArray(list)) throw bad('attachments must be an array');
  list.forEach((a: unknown, i) => {
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw bad(`attachments[${i}] must be an object`);
    const att = a as Record<string, unknown>;
    // snake_case only: PascalCase keys (the OpenAPI schema's) would be silently dropped by the web app
    const unknown = Object.keys(att).find((k) => !ATTACHMENT_KEYS.has(k));
    if (unknown) throw bad(`attachments[${i}]: unknown key ${unknown}`);
    for (const k of STRING_KEYS) if (att[k] !== undefined && typeof att[k] !== 'string') throw bad(`attachments[${i}].${k} must be a string`);
    if (att['title_link'] && !att['title']) throw bad(`attachments[${i}]: title_link requires title`);
    if (att['author_link'] && !att['author_name']) throw bad(`attachments[${i}]: author_link requires author_name`);
    for (const k of URL_KEYS) {
      const v = att[k];
      if (typeof v === 'string' && v !== '' && !isHttpUrl(v)) throw bad(`attachments[${i}].${k} must be an http(s) URL`);
    }
    const colour = att['color'];
    if (typeof colour === 'string' && colour !== '' && !COLOUR.test(colour)) throw bad(`attachments[${i}].color is not a valid colour`);
    if (att['fields'] !== undefined) validateFields(att['fields'], i);
    if (att['ts'] !== undefined && typeof att['ts'] !== 'string' && typeof att['ts'] !== 'number') throw bad(`attachments[${i}].ts`);
  });
}

function validateFields(fields: unknown, i: number): void {
  if (!Array.isArray(fields)) throw bad(`attachments[${i}].fields must be an array`);
  fields.forEach((f: unknown, j) => {
    if (typeof f !== 'object' || f === null) throw bad(`attachments[${i}].fields[${j}] must be an object`);
    const field = f as Record<string, unknown>;
    if (field['title'] !== undefined && typeof field['title'] !== 'string') throw bad(`attachments[${i}].fields[${j}].title`);
    const v = field['value'];
    if (v !== undefined && typeof v !== 'string' && typeof v !== 'number') throw bad(`attachments[${i}].fields[${j}].value`);
    if (field['short'] !== undefined && typeof field['short'] !== 'boolean') throw bad(`attachments[${i}].fields[${j}].short`);
  });
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
