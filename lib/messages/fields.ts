import { z } from 'zod';
import type { PickerTarget } from '../mattermost/channels';

/** Field schemas shared by several domains' messages. */
export const product = z.enum(['servicenow', 'mattermost']);
// Sites are http(s) origins (plus a Mattermost subpath): z.string().url() alone would let javascript: through.
export const base = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(u) && URL.canParse(u), 'a web address');
export const secretText = z.string().max(4096);
export const tableName = z.string().regex(/^[a-z0-9_]+$/).max(80);
export const sysId = z.string().regex(/^[0-9a-f]{32}$/);
export const tabId = z.number().int().min(0);
export const submissionId = z.number().int().positive();
export const postId = z.string().regex(/^[a-z0-9]{26}$/);

export const recordRef = z.union([
  z.object({ table: tableName, sys_id: sysId }).strict(),
  // The number's shape is checked reference by reference where it is read (lib/servicenow/records.ts,
  // RECORD_NUMBER), so one odd number in a batch of cards costs its own card only, never the whole batch.
  z.object({ table: tableName.optional(), number: z.string().min(1).max(60) }).strict(),
]);
export const httpUrl = z
  .string()
  .max(4096)
  .refine((u) => /^https?:\/\//i.test(u), 'web links only');

export const pickerTarget = z
  .object({
    key: z.string().regex(/^(channel|user):[a-z0-9]{26}$/),
    kind: z.enum(['channel', 'dm', 'gm', 'user']),
    label: z.string().max(300),
    team: z.string().max(300).optional(),
    typeLabel: z.string().max(60),
    server: base,
  })
  .strict() satisfies z.ZodType<PickerTarget>;

export const empty = z.object({});
