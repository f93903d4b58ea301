/**
 * Incoming webhooks: `POST {siteURL}/hooks/{id}`, as Mattermost's `server/channels/web/webhook.go incomingWebhook`
 * parses the request, `app/webhook.go HandleIncomingWebhook` / `CreateWebhookPost` / `SplitWebhookPost` turn it into
 * posts, and `server/public/model/incoming_webhook.go` decodes the body (`IncomingWebhookRequest`). No session: the
 * URL is the secret. Success is `200 text/plain "ok"`; every failure is an AppError the web handler wraps in one of
 * its own ids (`web.incoming_webhook.parse_form` / `decode` / `general.app_error`, the inner error's status kept).
 */
import type { SimRequest } from '../server';
import { MAX_POST_RUNES, isValidPostType, validateAttachments } from './api/post-rules';
import type { MmSettings } from './config';
import { AppError, writeAppError } from './errors';
import { newId } from './ids';
import { dmName } from './seed-ids';
import type { IncomingWebhook, SimChannel, SimStore, SimUser } from './store';

/** `model.PostPropsMaxUserRunes` (PostPropsMaxRunes − 40000): the most props a webhook post may carry. */
export const MAX_WEBHOOK_PROPS_RUNES = 800000 - 40000;
/** `model.DefaultWebhookUsername`: the override name when overrides are on and nobody gave one. */
export const DEFAULT_WEBHOOK_USERNAME = 'webhook';

export interface CreateIncomingWebhookInput {
  channel_id: string;
  /** the hook's creator: the author of its posts */
  creator_user_id: string;
  display_name?: string;
  description?: string;
  /** default username / icon for its posts; dropped unless the override settings are on when it is made */
  username?: string;
  icon_url?: string;
  /** only its own channel: a request's `channel` naming another is 403 */
  channel_locked?: boolean;
}

/**
 * A hook as `app/webhook.go CreateIncomingWebhookForChannel` saves one (501 while incoming webhooks are off; the
 * username and icon are blanked unless their override settings are on). Thrown errors are for test set-up mistakes:
 * an unknown or archived channel, a DM/GM (a hook belongs to a team), an unknown creator. The integration
 * permissions of the real API (manage_incoming_webhooks) are not checked: this is the admin's back door.
 */
export function createIncomingWebhook(store: SimStore, settings: MmSettings, input: CreateIncomingWebhookInput): IncomingWebhook {
  if (!settings.enableIncomingWebhooks) throw new Error('incoming webhooks are disabled (enableIncomingWebhooks: false)');
  const ch = store.channelById(input.channel_id);
  if (!ch) throw new Error(`no channel ${input.channel_id}`);
  if (!ch.team_id) throw new Error(`channel ${input.channel_id} is a DM or GM: a hook belongs to a team's channel`);
  if (ch.delete_at) throw new Error(`channel ${input.channel_id} is archived`);
  if (!store.userById(input.creator_user_id)) throw new Error(`no user ${input.creator_user_id}`);
  const at = store.clock();
  const hook: IncomingWebhook = {
    id: newId(),
    create_at: at,
    update_at: at,
    delete_at: 0,
    user_id: input.creator_user_id,
    channel_id: ch.id,
    team_id: ch.team_id,
    display_name: input.display_name ?? '',
    description: input.description ?? '',
    username: settings.enablePostUsernameOverride ? (input.username ?? '') : '',
    icon_url: settings.enablePostIconOverride ? (input.icon_url ?? '') : '',
    channel_locked: input.channel_locked ?? false,
  };
  if (hook.display_name.length > 64) throw new Error('display_name is longer than 64 (model.incoming_hook.display_name.app_error)');
  store.incomingHooks.set(hook.id, hook);
  return hook;
}

// --- the request ---------------------------------------------------------------------------------------------------

interface Priority {
  priority?: string | null;
  requested_ack?: boolean | null;
  persistent_notifications?: boolean | null;
}

/** `model.IncomingWebhookRequest` after `IncomingWebhookRequestFromJSON`. */
export interface HookRequest {
  text: string;
  username: string;
  icon_url: string;
  channel: string;
  props: Record<string, unknown> | null;
  /** nil when absent, null or without a non-null element (`StringifyMessageAttachmentFieldValue`) */
  attachments: Attachment[] | null;
  type: string;
  icon_emoji: string;
  priority: Priority | null;
}

/** `model.MessageAttachment` as it marshals back to JSON: every key, `actions` only when present. */
interface Attachment {
  id: number;
  fallback: string;
  color: string;
  pretext: string;
  author_name: string;
  author_link: string;
  author_icon: string;
  title: string;
  title_link: string;
  text: string;
  fields: Field[] | null;
  image_url: string;
  thumb_url: string;
  footer: string;
  footer_icon: string;
  ts: unknown;
  actions?: unknown[];
}

interface Field {
  title: string;
  value: unknown;
  short: boolean;
}

class DecodeError extends Error {}

/**
 * The Go JSON decoder's view of an object: keys match the struct tags case-insensitively (a later key for the same
 * field wins), unknown keys are dropped.
 */
function byTag(o: Record<string, unknown>, tags: readonly string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(o)) {
    const tag = tags.find((t) => t === k) ?? tags.find((t) => t.toLowerCase() === k.toLowerCase());
    if (tag) out.set(tag, v);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, what: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new DecodeError(`json: cannot unmarshal into ${what} of type string`);
  return v;
}

const ATTACHMENT_TAGS = [
  'id', 'fallback', 'color', 'pretext', 'author_name', 'author_link', 'author_icon', 'title', 'title_link', 'text',
  'fields', 'image_url', 'thumb_url', 'footer', 'footer_icon', 'ts', 'actions',
] as const;
const ATTACHMENT_STRINGS = ['fallback', 'color', 'pretext', 'author_name', 'author_link', 'author_icon', 'title', 'title_link', 'text', 'image_url', 'thumb_url', 'footer', 'footer_icon'] as const;

/** `model.SlackCompatibleBool`: true/false or the strings "true"/"false" (any case); anything else, null too, fails. */
function slackBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && ['true', 'false'].includes(v.toLowerCase())) return v.toLowerCase() === 'true';
  throw new DecodeError(`unmarshal: unable to convert ${JSON.stringify(v)} to bool`);
}

function decodeAttachment(v: unknown): Attachment | null {
  if (v === null) return null;
  if (!isObject(v)) throw new DecodeError('json: cannot unmarshal into model.MessageAttachment');
  const m = byTag(v, ATTACHMENT_TAGS);
  const id = m.get('id');
  if (id !== undefined && id !== null && !(typeof id === 'number' && Number.isInteger(id))) throw new DecodeError('json: cannot unmarshal into .id of type int64');
  const a = { id: (id as number | null | undefined) ?? 0 } as Attachment;
  for (const k of ATTACHMENT_STRINGS) a[k] = str(m.get(k), `.${k}`);
  const fields = m.get('fields');
  if (fields !== undefined && fields !== null && !Array.isArray(fields)) throw new DecodeError('json: cannot unmarshal into .fields');
  a.fields = fields === undefined || fields === null ? null : (fields as unknown[]).map(decodeField) as Field[];
  a.ts = m.has('ts') ? m.get('ts') : null;
  const actions = m.get('actions');
  if (actions !== undefined && actions !== null && !Array.isArray(actions)) throw new DecodeError('json: cannot unmarshal into .actions');
  if (Array.isArray(actions) && actions.length > 0) a.actions = actions;
  return a;
}

function decodeField(v: unknown): Field | null {
  if (v === null) return null;
  if (!isObject(v)) throw new DecodeError('json: cannot unmarshal into model.MessageAttachmentField');
  const m = byTag(v, ['title', 'value', 'short']);
  return { title: str(m.get('title'), '.title'), value: m.has('value') ? m.get('value') : null, short: m.has('short') ? slackBool(m.get('short')) : false };
}

function decodeObject(v: unknown): HookRequest {
  const req: HookRequest = { text: '', username: '', icon_url: '', channel: '', props: null, attachments: null, type: '', icon_emoji: '', priority: null };
  if (v === null) return req;
  if (!isObject(v)) throw new DecodeError('json: cannot unmarshal into model.IncomingWebhookRequest');
  const m = byTag(v, ['text', 'username', 'icon_url', 'channel', 'props', 'attachments', 'type', 'icon_emoji', 'priority']);
  for (const k of ['text', 'username', 'icon_url', 'channel', 'type', 'icon_emoji'] as const) req[k] = str(m.get(k), `.${k}`);
  const props = m.get('props');
  if (props !== undefined && props !== null && !isObject(props)) throw new DecodeError('json: cannot unmarshal into .props');
  req.props = (props as Record<string, unknown> | undefined) ?? null;
  const atts = m.get('attachments');
  if (atts !== undefined && atts !== null && !Array.isArray(atts)) throw new DecodeError('json: cannot unmarshal into .attachments');
  const decoded = ((atts as unknown[] | null | undefined) ?? []).map(decodeAttachment);
  const priority = m.get('priority');
  if (priority !== undefined && priority !== null) {
    if (!isObject(priority)) throw new DecodeError('json: cannot unmarshal into .priority');
    const p = byTag(priority, ['priority', 'requested_ack', 'persistent_notifications']);
    const pr = p.get('priority');
    if (pr !== undefined && pr !== null && typeof pr !== 'string') throw new DecodeError('json: cannot unmarshal into .priority.priority');
    for (const k of ['requested_ack', 'persistent_notifications']) {
      const b = p.get(k);
      if (b !== undefined && b !== null && typeof b !== 'boolean') throw new DecodeError(`json: cannot unmarshal into .priority.${k}`);
    }
    req.priority = Object.fromEntries(p) as Priority;
  }
  // model.StringifyMessageAttachmentFieldValue: null attachments and fields go, field values become strings, and a
  // list left empty is nil
  const kept = decoded.filter((a): a is Attachment => a !== null);
  for (const a of kept) {
    const f = (a.fields ?? []).filter((x): x is Field => x !== null);
    a.fields = f.length ? f.map((x) => ({ ...x, value: x.value === null ? null : goString(x.value) })) : null;
  }
  req.attachments = kept.length ? kept : null;
  return req;
}

/** Go's `fmt.Sprintf("%v", v)` for a decoded JSON value (float64, bool, string, map, slice). */
export function goString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (v === 0) return Object.is(v, -0) ? '-0' : '0';
    // %v is strconv 'g' with the shortest digits, switching to %e below 1e-4 and from 1e6 (eprec 6): 1e+06, 1.5e-05
    const [mant, exp] = v.toExponential().split('e') as [string, string];
    const x = Number(exp);
    if (x < -4 || x >= 6) return `${mant}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  if (isObject(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goString(v[k])}`).join(' ')}]`;
  return String(v);
}

/**
 * `model.IncomingWebhookRequestFromJSON`: decode; when that fails, escape raw newlines and tabs inside the values of
 * text / fallback / pretext / author_name / title / value and try once more; then 400 `model.incoming_hook.parse_data`.
 */
export function decodeHookRequest(body: string): HookRequest {
  const attempt = (s: string): HookRequest => decodeObject(JSON.parse(s));
  try {
    return attempt(body);
  } catch {
    try {
      const escaped = body.replace(/"(text|fallback|pretext|author_name|title|value)"\s*:\s*"(\\"|[^"])*"/gs, (m) => m.replace(/\n/g, '\\n').replace(/\t/g, '\\t'));
      return attempt(escaped);
    } catch (err) {
      throw new AppError(400, 'model.incoming_hook.parse_data.app_error', err instanceof Error ? err.message : String(err));
    }
  }
}

// --- request parsing (web/webhook.go) ------------------------------------------------------------------------------

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}(?:/${TOKEN})?$`);
const PARAM = new RegExp(`^(${TOKEN})\\s*=\\s*("(?:[^"\\\\]|\\\\.)*"|${TOKEN})`);

/** `mime.ParseMediaType`: the lower-cased type and its parameters, or undefined when malformed. */
export function parseMediaType(v: string): { type: string; params: Record<string, string> } | undefined {
  const semi = v.indexOf(';');
  const type = (semi < 0 ? v : v.slice(0, semi)).trim().toLowerCase();
  if (!MEDIA_TYPE.test(type)) return undefined;
  const params: Record<string, string> = {};
  let rest = semi < 0 ? '' : v.slice(semi);
  while ((rest = rest.trimStart())) {
    if (rest[0] !== ';') return undefined;
    rest = rest.slice(1).trimStart();
    if (!rest) break;
    const m = PARAM.exec(rest);
    if (!m) return undefined;
    const raw = m[2]!;
    params[m[1]!.toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    rest = rest.slice(m[0].length);
  }
  return { type, params };
}

/** `url.ParseQuery`: values by key, or undefined on a bad escape or a `;` separator (Go ≥ 1.17 refuses it). */
export function parseQuery(q: string): Map<string, string[]> | undefined {
  const out = new Map<string, string[]>();
  for (const part of q.split('&')) {
    if (part === '') continue;
    if (part.includes(';')) return undefined;
    const eq = part.indexOf('=');
    const dec = (s: string) => {
      if (/%(?![0-9A-Fa-f]{2})/.test(s)) throw new Error('invalid URL escape');
      return decodeURIComponent(s.replace(/\+/g, ' '));
    };
    try {
      const k = dec(eq < 0 ? part : part.slice(0, eq));
      const v = dec(eq < 0 ? '' : part.slice(eq + 1));
      out.set(k, [...(out.get(k) ?? []), v]);
    } catch {
      return undefined;
    }
  }
  return out;
}

/** `multipart.Reader` over the text parts (files are skipped), or undefined when the body is not a closed multipart. */
function parseMultipart(body: string, boundary: string | undefined): Map<string, string[]> | undefined {
  if (!boundary) return undefined;
  const delim = `--${boundary}`;
  const start = body.indexOf(delim);
  if (start < 0 || !body.includes(`${delim}--`)) return undefined;
  const out = new Map<string, string[]>();
  for (const chunk of body.slice(start + delim.length).split(delim)) {
    if (chunk.startsWith('--')) break;
    const part = chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    const sep = part.search(/\r?\n\r?\n/);
    if (sep < 0) return undefined;
    const head = part.slice(0, sep);
    const value = part.slice(sep).replace(/^\r?\n\r?\n/, '');
    const disp = /content-disposition:\s*form-data([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disp)?.[1];
    if (name === undefined || /;\s*filename=/i.test(disp)) continue;
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

/**
 * gorilla/schema decoding multipart fields into IncomingWebhookRequest: keys are the Go field names, matched without
 * regard to case (`Text`, `Username`, `IconURL`, `ChannelName`, `Type`, `IconEmoji`; the last value wins); any other
 * key, `channel` and `icon_url` included, is an "invalid path" error. Props, attachments and priority cannot be sent
 * this way.
 */
function schemaDecode(form: Map<string, string[]>): HookRequest {
  const req: HookRequest = { text: '', username: '', icon_url: '', channel: '', props: null, attachments: null, type: '', icon_emoji: '', priority: null };
  const FIELDS: Record<string, 'text' | 'username' | 'icon_url' | 'channel' | 'type' | 'icon_emoji'> = {
    text: 'text', username: 'username', iconurl: 'icon_url', channelname: 'channel', type: 'type', iconemoji: 'icon_emoji',
  };
  for (const [k, vs] of form) {
    const f = FIELDS[k.toLowerCase()];
    if (!f) throw new AppError(400, 'model.incoming_hook.parse_data.app_error', `schema: invalid path "${k}"`);
    req[f] = vs.at(-1) ?? '';
  }
  return req;
}

// --- the handler -----------------------------------------------------------------------------------------------------

export interface HookDeps {
  store: SimStore;
  settings: () => MmSettings;
}

/** Wraps an inner failure as the web handler does: its own id and message, the inner status, the inner error as detail. */
function wrap(id: string, inner: AppError, hookId: string, mediaType: string): AppError {
  return new AppError(inner.status, id, `${inner.id}: ${inner.detailed}`.replace(/: $/, ''), { hook_id: hookId, media_type: mediaType });
}

/** Handles `POST /hooks/{id}` (path below the subpath already matched). */
export function handleIncomingWebhook(deps: HookDeps, r: SimRequest, hookId: string, requestId: string): void {
  const settings = deps.settings();
  const fail = (err: AppError) => writeAppError(r.res, r.method, err, requestId, settings.developerMode);
  const ctx = { hook_id: hookId };
  const contentType = r.req.headers['content-type'] ?? '';

  // r.ParseForm(): the query always; the body too for a form post, whose Content-Type must parse (an empty one is
  // application/octet-stream). A malformed Content-Type or query fails here, before the media type is looked at.
  const media = contentType === '' ? { type: '', params: {} as Record<string, string> } : parseMediaType(contentType);
  const query = parseQuery(r.url.search.slice(1));
  const isForm = media?.type === 'application/x-www-form-urlencoded';
  const postForm = isForm ? parseQuery(r.body) : new Map<string, string[]>();
  if (!media || !query || !postForm) return fail(new AppError(400, 'web.incoming_webhook.parse_form.app_error', 'invalid form', ctx));
  const mediaType = media.type;

  let req: HookRequest;
  try {
    if (isForm) {
      // r.FormValue("payload"): the body's value first, then the query's
      req = decodeHookRequest(postForm.get('payload')?.[0] ?? query.get('payload')?.[0] ?? '');
    } else if (mediaType === 'multipart/form-data') {
      const form = parseMultipart(r.body, media.params['boundary']);
      if (!form) return fail(new AppError(400, 'web.incoming_webhook.parse_multipart.app_error', 'multipart: NextPart: EOF', ctx));
      req = schemaDecode(form);
    } else {
      // application/json, none, or anything else: the body is JSON
      req = decodeHookRequest(r.body);
    }
  } catch (err) {
    if (err instanceof AppError) return fail(wrap('web.incoming_webhook.decode.app_error', err, hookId, mediaType));
    throw err;
  }

  try {
    handleHookRequest(deps.store, settings, hookId, req);
  } catch (err) {
    if (err instanceof AppError) return fail(wrap('web.incoming_webhook.general.app_error', err, hookId, mediaType));
    throw err;
  }
  r.res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
}

const runes = (s: string) => [...s].length;

/** app/slack.go ProcessSlackText: Slack announcements and `<@userid>` mentions become Mattermost ones. */
function processSlackText(store: SimStore, text: string): string {
  const announced = text.replaceAll('<!channel>', '@channel').replaceAll('<!here>', '@here').replaceAll('<!all>', '@all');
  return announced.replace(/<@([a-zA-Z0-9]+)>/g, (whole, id: string) => {
    const u = store.userById(id);
    return u ? `@${u.username}` : whole;
  });
}

/** `<url|text>` → `[text](url)`: app/webhook.go's pattern for the message, model/message_attachment.go's for attachments. */
const linkInText = (s: string) => s.replace(/<([^\n<|>]+)\|([^|\n>]+)>/g, '[$2]($1)');
const linkInAttachment = (s: string) => s.replace(/<([^<|]+)\|([^>]+)>/g, '[$2]($1)');

/**
 * `app/webhook.go HandleIncomingWebhook` then `CreateWebhookPost`, in the real order. Throws the inner AppErrors
 * (the caller wraps them); returns the posts made.
 */
export function handleHookRequest(store: SimStore, settings: MmSettings, hookId: string, req: HookRequest) {
  if (!settings.enableIncomingWebhooks) throw new AppError(501, 'web.incoming_webhook.disabled.app_error');
  // checked before the hook is even looked up
  if (req.text === '' && req.attachments === null) throw new AppError(400, 'web.incoming_webhook.text.app_error', `hook_id=${hookId}`);
  const hook = store.incomingHooks.get(hookId);
  // a hook of an archived channel is gone with it (app/channel.go DeleteChannel deletes the channel's incoming hooks)
  if (!hook || hook.delete_at || store.channelById(hook.channel_id)?.delete_at) {
    throw new AppError(400, 'web.incoming_webhook.invalid.app_error', `hook_id=${hookId}`);
  }
  const props: Record<string, unknown> = { ...(req.props ?? {}), webhook_display_name: hook.display_name };
  const text = processSlackText(store, req.text);
  let type = req.type;
  // ProcessMessageAttachments: announcements and mentions in pretext, text, title and field values
  const attachments = (req.attachments ?? []).map((a) => {
    const out: Attachment = { ...a, pretext: processSlackText(store, a.pretext), text: processSlackText(store, a.text), title: processSlackText(store, a.title) };
    if (out.fields) out.fields = out.fields.map((f) => ({ ...f, value: f.value === null ? null : processSlackText(store, goString(f.value)) }));
    return out;
  });
  // `req.Props["attachments"] = req.Attachments` (typed) and the type becomes slack_attachment; a `props.attachments`
  // of the request's own is untyped JSON, which CreateWebhookPost's type switch drops
  delete props['attachments'];
  if (attachments.length) type = 'slack_attachment';

  let channel: SimChannel | undefined;
  const target = req.channel;
  if (target.startsWith('@')) {
    const other = store.userByName(target.slice(1));
    if (!other) throw new AppError(400, 'web.incoming_webhook.user.app_error', `hook_id=${hookId}`, { user: target.slice(1) });
    channel = directChannel(store, hook.user_id, other);
  } else if (target !== '') {
    // GetByName(hook.TeamId, name, includeDeleted=true)
    channel = store.channelByName(hook.team_id, target.startsWith('#') ? target.slice(1) : target);
    if (!channel) throw new AppError(404, 'web.incoming_webhook.channel.app_error', `name=${target}`);
  } else {
    channel = store.channelById(hook.channel_id);
    if (!channel) throw new AppError(404, 'app.channel.get.existing.app_error');
  }
  if (hook.channel_locked && channel.id !== hook.channel_id) {
    throw new AppError(403, 'web.incoming_webhook.channel_locked.app_error', `hook_id=${hookId}`, { channel_id: hook.channel_id });
  }
  const creator = store.userById(hook.user_id);
  if (!creator) throw new AppError(403, 'web.incoming_webhook.user.app_error', `hook_id=${hookId}`, { user: hook.user_id });
  // only a non-public channel needs the creator's read_channel_content: a hook may post in any public channel of its team
  if (channel.type !== 'O' && !(channel.member_ids.includes(creator.id) || store.isAdmin(creator.id))) {
    throw new AppError(403, 'web.incoming_webhook.permissions.app_error', `hook_id=${hookId}`, { user: creator.id, channel: channel.id });
  }
  const overrideUsername = req.username || hook.username;
  const overrideIconUrl = req.icon_url || hook.icon_url;
  return createWebhookPost(store, settings, creator, channel, text, overrideUsername, overrideIconUrl, req.icon_emoji, props, attachments, type, req.priority);
}

/** GetOrCreateDirectChannel between the hook's creator and a user. */
function directChannel(store: SimStore, a: string, other: SimUser): SimChannel {
  const name = dmName(a, other.id);
  const found = [...store.channelMap.values()].find((x) => x.type === 'D' && x.name === name);
  if (found) return found;
  const now = store.now();
  const created: SimChannel = {
    id: newId(), team_id: '', type: 'D', name, display_name: '', read_only: false, delete_at: 0,
    member_ids: [...new Set([a, other.id])], create_at: now, update_at: now, last_post_at: now, header: '', purpose: '', creator_id: '',
  };
  store.addChannel(created);
  return created;
}

/**
 * `app/webhook.go CreateWebhookPost`: the message's `<url|text>` links become Markdown; `props.from_webhook = "true"`;
 * `override_username` (default "webhook") only with EnablePostUsernameOverride, `override_icon_url` /
 * `override_icon_emoji` only with EnablePostIconOverride; the request's own props are kept except `from_webhook`,
 * `override_username`, `override_icon_url` (and a `props.attachments` of its own: only top-level `attachments` count);
 * a `system_` type is 400; the post is split (`SplitWebhookPost`) into posts of at most 16383 runes, attachments on the
 * last; there is no root_id: a webhook post is never a reply. Each part is saved as its creator's post (store.createPost
 * adds `from_bot` for a bot creator); a part the post model refuses is 500 `api.post.create_webhook_post.creating`.
 */
function createWebhookPost(
  store: SimStore, settings: MmSettings, creator: SimUser, channel: SimChannel, rawText: string, overrideUsername: string,
  overrideIconUrl: string, overrideIconEmoji: string, reqProps: Record<string, unknown>, typed: Attachment[], type: string,
  priority: Priority | null,
) {
  const text = linkInText(rawText);
  const props: Record<string, unknown> = { from_webhook: 'true' };
  if (priority && (priority.priority === undefined || priority.priority === null)) {
    throw new AppError(400, 'api.context.invalid_param.app_error', 'Setting the priority of a post is required to use priority.', 'webhook.priority.priority');
  }
  if (type.startsWith('system_')) throw new AppError(400, 'api.context.invalid_param.app_error', '', 'post.type');
  if (settings.enablePostUsernameOverride) props['override_username'] = overrideUsername || DEFAULT_WEBHOOK_USERNAME;
  if (settings.enablePostIconOverride) {
    if (overrideIconUrl) props['override_icon_url'] = overrideIconUrl;
    if (overrideIconEmoji) props['override_icon_emoji'] = overrideIconEmoji;
  }
  for (const [k, v] of Object.entries(reqProps)) {
    if (k !== 'override_icon_url' && k !== 'override_username' && k !== 'from_webhook') props[k] = v;
  }
  // model.ParseMessageAttachment: links in text, pretext and string field values
  const attachments = typed.map((a) => ({
    ...a,
    text: linkInAttachment(a.text),
    pretext: linkInAttachment(a.pretext),
    fields: a.fields && a.fields.map((f) => (typeof f.value === 'string' ? { ...f, value: linkInAttachment(f.value) } : f)),
  }));
  if (attachments.length && type === '') type = 'slack_attachment';
  // the simulator's strictness, as on POST /posts: attachments the web app would render badly are refused (the real
  // server only logs them)
  if (attachments.length) validateAttachments(JSON.parse(JSON.stringify(attachments.map(({ id: _id, ts: _ts, actions: _a, ...rest }) => stripEmpty(rest)))));

  const splits = splitWebhookPost(text, props, attachments);
  if (!isValidPostType(type)) {
    throw new AppError(500, 'api.post.create_webhook_post.creating.app_error', `err=model.post.is_valid.type.app_error type=${type}`);
  }
  const metadata = priority ? { priority: { ...priority } } : undefined;
  return splits.map((s) => {
    const post = store.createPost({ channel_id: channel.id, user_id: creator.id, message: s.message, props: s.props, type });
    if (metadata) post.metadata = { ...post.metadata, ...metadata };
    return post;
  });
}

/** Empty strings, nulls and empty lists are what an attachment's unset keys marshal to: the strict check skips them. */
function stripEmpty(a: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== '' && v !== null && !(Array.isArray(v) && v.length === 0)));
}

/**
 * `app/webhook.go SplitWebhookPost`: props without the attachments must fit `PostPropsMaxUserRunes` (400
 * `web.incoming_webhook.split_props_length`); the message is cut into parts of at most MaxPostSize runes, each with
 * those props; the attachments go on the last part while its props fit, then on new parts. (A single attachment too
 * big for a part alone is refused here; the real server truncates its text.)
 */
function splitWebhookPost(message: string, props: Record<string, unknown>, attachments: Attachment[]): { message: string; props: Record<string, unknown> }[] {
  const size = (p: Record<string, unknown>) => runes(JSON.stringify(p));
  if (size(props) > MAX_WEBHOOK_PROPS_RUNES) {
    throw new AppError(400, 'web.incoming_webhook.split_props_length.app_error', '', { Max: String(MAX_WEBHOOK_PROPS_RUNES) });
  }
  const chars = [...message];
  const splits: { message: string; props: Record<string, unknown> }[] = [];
  for (let i = 0; chars.length - i > MAX_POST_RUNES; i += MAX_POST_RUNES) splits.push({ message: chars.slice(i, i + MAX_POST_RUNES).join(''), props: { ...props } });
  splits.push({ message: chars.slice(splits.length * MAX_POST_RUNES).join(''), props: { ...props } });
  for (const a of attachments) {
    for (;;) {
      const last = splits.at(-1)!;
      const current = (last.props['attachments'] as Attachment[] | undefined) ?? [];
      const next = { ...last.props, attachments: [...current, a] };
      if (size(next) <= MAX_WEBHOOK_PROPS_RUNES) {
        last.props = next;
        break;
      }
      if (current.length === 0) throw new AppError(400, 'web.incoming_webhook.split_props_length.app_error', '', { Max: String(MAX_WEBHOOK_PROPS_RUNES) });
      splits.push({ message: '', props: { ...props } });
    }
  }
  return splits;
}

/** `/hooks/{id:[A-Za-z0-9]+}` (web/webhook.go InitWebhooks) */
export const HOOK_PATH = /^\/hooks\/([A-Za-z0-9]+)$/;
