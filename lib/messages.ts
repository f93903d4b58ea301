import { z } from 'zod';

/**
 * Every message the background accepts, as a zod schema: anything else is refused before it is looked at.
 * Strict objects, so no extra field (a smuggled origin, a token) rides along unnoticed.
 */
const product = z.enum(['servicenow', 'mattermost']);
// Sites are http(s) origins (plus a Mattermost subpath): z.string().url() alone would let javascript: through.
const base = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(u) && URL.canParse(u), 'a web address');
const secretText = z.string().max(4096);

const recordRef = z.union([
  z.object({ table: z.string().regex(/^[a-z0-9_]+$/).max(80), sys_id: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
  z.object({ table: z.string().regex(/^[a-z0-9_]+$/).max(80).optional(), number: z.string().regex(/^[A-Za-z0-9]{2,40}$/) }).strict(),
]);
const httpUrl = z
  .string()
  .max(4096)
  .refine((u) => /^https?:\/\//i.test(u), 'web links only');
export const shareSubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('record'), instance: base, ref: recordRef }).strict(),
  z.object({ kind: z.literal('link'), url: httpUrl, title: z.string().max(500).optional() }).strict(),
  z.object({ kind: z.literal('quote'), text: z.string().min(1).max(20_000), url: httpUrl, title: z.string().max(500).optional() }).strict(),
]);
export type ShareSubjectMessage = z.infer<typeof shareSubject>;
const pickerTarget = z
  .object({
    key: z.string().regex(/^(channel|user):[a-z0-9]{26}$/),
    kind: z.enum(['channel', 'dm', 'gm', 'user']),
    label: z.string().max(300),
    team: z.string().max(300).optional(),
    typeLabel: z.string().max(60),
    server: base,
  })
  .strict();

const postId = z.string().regex(/^[a-z0-9]{26}$/);
const tableName = z.string().regex(/^[a-z0-9_]+$/).max(80);
const searchFilters = z
  .object({ mine: z.boolean().optional(), groups: z.boolean().optional(), open: z.boolean().optional(), tables: z.array(tableName).max(30).optional() })
  .strict();
const searchCursor = z.record(tableName, z.number().int().min(0).max(1_000_000));

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('search/instances') }).strict(),
  z.object({ type: z.literal('ui/styles'), sheet: z.enum(['search', 'share']) }).strict(),
  z.object({ type: z.literal('search/query'), instance: base, text: z.string().max(200), filters: searchFilters, cursor: searchCursor.optional() }).strict(),
  z.object({ type: z.literal('search/home'), instance: base }).strict(),
  z.object({ type: z.literal('search/visited'), instance: base, table: tableName, sys_id: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
  z.object({ type: z.literal('search/target'), tabId: z.number().int().min(0) }).strict(),
  z.object({ type: z.literal('search/insert'), tabId: z.number().int().min(0), text: z.string().min(1).max(4000) }).strict(),
  z.object({ type: z.literal('sites/sync') }).strict(),
  z.object({ type: z.literal('connection/list') }).strict(),
  z
    .object({
      type: z.literal('connection/connect'),
      product,
      base,
      method: z.enum(['session', 'oauth', 'pat']),
      clientId: z.string().max(256).optional(),
      clientSecret: secretText.optional(),
      accessToken: secretText.optional(),
    })
    .strict(),
  z.object({ type: z.literal('connection/check'), product, base }).strict(),
  z.object({ type: z.literal('connection/disconnect'), product, base }).strict(),
  z.object({ type: z.literal('record/card'), instance: base, ref: recordRef, fresh: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('record/full'), instance: base, ref: recordRef }).strict(),
  z
    .object({
      type: z.literal('record/cards'),
      /** the Mattermost server whose posts these are: their references are checked against its copy */
      server: base,
      // up to 1000: as many posts as one POST /posts/ids takes
      items: z.array(z.object({ postId, instance: base, ref: recordRef }).strict()).min(1).max(1000),
      fresh: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('share/servers') }).strict(),
  z.object({ type: z.literal('record/numbering'), instance: base }).strict(),
  z
    .object({
      type: z.literal('share/reply'),
      server: base,
      postId,
      instance: base,
      ref: recordRef,
      submissionId: z.number().int().positive(),
    })
    .strict(),
  z.object({ type: z.literal('ui/open-settings') }).strict(),
  z.object({ type: z.literal('share/search'), server: base, term: z.string().max(200) }).strict(),
  z
    .object({
      type: z.literal('share/post'),
      server: base,
      target: pickerTarget,
      subject: shareSubject,
      message: z.string().max(16_383),
      submissionId: z.number().int().positive(),
    })
    .strict(),
]);
export type Request = z.infer<typeof requestSchema>;

export const siteStatusSchema = z.object({
  product,
  base: z.string(),
  granted: z.boolean(),
});
export type SiteStatusMessage = z.infer<typeof siteStatusSchema>;

export const connectionStatusSchema = z.object({
  product,
  base: z.string(),
  method: z.enum(['session', 'oauth', 'pat']),
  state: z.enum(['connected', 'needs-sign-in']),
  user: z.object({ name: z.string(), username: z.string() }),
  reason: z.string().optional(),
});

const fieldValue = z.object({ value: z.string(), display: z.string() });
const snRecord = z.object({
  instance: z.string(),
  table: z.string(),
  sys_id: z.string(),
  number: z.string(),
  shortDescription: z.string(),
  url: z.string(),
  state: fieldValue.optional(),
  priority: fieldValue.optional(),
  updatedAt: z.string(),
  fields: z.record(z.string(), fieldValue),
});
const recordLookup = z.union([
  z.object({ ok: z.literal(true), record: snRecord }),
  z.object({ ok: z.literal(false), reason: z.enum(['not-found', 'needs-sign-in', 'not-connected', 'error']), message: z.string() }),
]);
export const cardDataSchema = z.object({
  lookup: recordLookup,
  accent: z.string(),
  fields: z.array(z.object({ name: z.string(), title: z.string() })),
  tableLabel: z.string(),
});

const searchResult = z.object({
  instance: z.string(),
  table: z.string(),
  tableLabel: z.string(),
  sys_id: z.string(),
  number: z.string(),
  shortDescription: z.string(),
  url: z.string(),
  state: z.string(),
  priority: z.string(),
  priorityValue: z.string(),
  updatedAt: z.string(),
  markdown: z.string(),
});

export const responseSchemas = {
  'search/instances': z.object({
    instances: z.array(z.object({ base: z.string(), label: z.string(), state: z.enum(['connected', 'needs-sign-in', 'not-connected']) })),
  }),
  'search/query': z.object({ exact: searchResult.optional(), results: z.array(searchResult), total: z.number(), cursor: searchCursor.optional() }),
  'search/home': z.object({ recent: z.array(searchResult), mine: z.array(searchResult) }),
  'search/visited': z.object({}),
  'ui/styles': z.object({ css: z.string() }),
  'search/target': z.object({ mattermost: z.boolean() }),
  'search/insert': z.object({}),
  'sites/sync': z.object({ sites: z.array(siteStatusSchema) }),
  'connection/list': z.object({
    connections: z.array(connectionStatusSchema),
    redirectUrls: z.object({ servicenow: z.string(), mattermost: z.string() }),
  }),
  'connection/connect': connectionStatusSchema,
  'connection/check': connectionStatusSchema,
  'connection/disconnect': z.object({}),
  'record/card': cardDataSchema,
  'record/full': cardDataSchema,
  'share/servers': z.object({
    servers: z.array(z.object({ base: z.string(), label: z.string(), connected: z.boolean() })),
    recent: z.record(z.string(), z.array(pickerTarget)),
  }),
  'ui/open-settings': z.object({}),
  'record/cards': z.object({
    /** only for references the server's copy of their post holds */
    cards: z.array(z.object({ key: z.string(), data: cardDataSchema, stale: z.boolean() })),
    /** per post: the claimed card keys confirmed by Mattermost, or why none is */
    posts: z.array(
      z.object({
        postId: z.string(),
        keys: z.array(z.string()),
        reason: z.enum(['missing', 'mattermost-not-connected', 'error']).optional(),
        message: z.string().optional(),
      }),
    ),
  }),
  'record/numbering': z.object({ prefixes: z.record(z.string(), z.string()), minDigits: z.number() }),
  'share/reply': z.object({ channelLabel: z.string(), postUrl: z.string() }),
  'share/search': z.object({ targets: z.array(pickerTarget) }),
  'share/post': z.object({ channelLabel: z.string(), postUrl: z.string() }),
} satisfies Record<Request['type'], z.ZodType>;

export type Response<T extends Request['type']> = z.infer<(typeof responseSchemas)[T]>;

/** What crosses back to a page: a result, or an error message safe to show (never a token, never a stack). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

