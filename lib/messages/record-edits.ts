import { z } from 'zod';
import { defineMessages, EXTENSION_PAGES_ONLY } from './contract';
import { base, sysId, submissionId, tableName } from './fields';
import { cardDataSchema } from './records';

/**
 * Changing a record from the panel: its state (with the fields a state needs) and its assignment, as the connected
 * user (records-and-watch-contracts.md A.3–A.5, A.8, A.9). One source of truth for the panel (components/) and
 * the background (lib/background/record-edits.ts).
 */

const choice = z.object({ value: z.string(), label: z.string() });
const fieldValue = z.object({ value: z.string(), display: z.string() });
const person = z.object({ sys_id: sysId, name: z.string(), detail: z.string().optional() });

/** The fields the panel may change: contended ones are re-read before a write (A.8). */
export const EDITABLE_FIELDS = ['state', 'close_code', 'close_notes', 'hold_reason', 'assigned_to', 'assignment_group', 'comments', 'work_notes'] as const;
export const editableField = z.enum(EDITABLE_FIELDS);
export type EditableField = z.infer<typeof editableField>;

/** What the State and Assignment sections need, read with the panel. */
export const recordFormSchema = z.object({
  /** the record's class (sys_class_name), whose choice lists apply */
  table: tableName,
  sys_id: sysId,
  /** sys_mod_count as read: a later write compares with it (A.8) */
  modCount: z.string(),
  /** current values of the editable fields the record has (display = label / name) */
  values: z.record(z.string(), fieldValue),
  /** the class's active state choices, in order, in the user's language */
  states: z.array(choice),
  /** other choice lists the state forms need (close_code, hold_reason), where the class has them */
  choices: z.record(z.string(), z.array(choice)),
  /** 'defaults': sys_choice could not be read, the lists are NowBridge's built-in ones */
  choicesFrom: z.enum(['sys_choice', 'defaults']),
  /** labels ServiceNow is known to require for a target state (learned from a data-policy 403), by state value */
  mandatory: z.record(z.string(), z.array(editableField)),
  /** the connected user, for "Assign to me" */
  me: person.optional(),
  /** whether I am a member of the record's assignment group; undefined when it has none or it cannot be told */
  inGroup: z.boolean().optional(),
  /** my groups, for "Also set group" */
  myGroups: z.array(person),
});

const refused = z.object({
  outcome: z.literal('refused'),
  /** mandatory: a data policy named fields; acl: no right; rule: a business rule or anything else (detail verbatim) */
  kind: z.enum(['mandatory', 'acl', 'rule']),
  /** the fields a data policy named, mapped to ours where known */
  fields: z.array(editableField),
  /** the labels ServiceNow named (also those with no field of ours) */
  labels: z.array(z.string()),
  message: z.string(),
});

export const recordEditMessages = defineMessages({
  'record/form': { contentScripts: EXTENSION_PAGES_ONLY, request: { instance: base, table: tableName, sys_id: sysId }, response: recordFormSchema },
  'record/update': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: {
      instance: base,
      table: tableName,
      sys_id: sysId,
      changes: z.partialRecord(editableField, z.string().max(16_000)),
      /** what the panel showed: the write is refused as a conflict when someone else changed a written field since */
      seen: z.object({ modCount: z.string(), values: z.partialRecord(editableField, z.string()) }).strict(),
      /** the user saw the conflict and chose to overwrite */
      overwrite: z.boolean(),
      submissionId,
    },
    response: z.union([
      z.object({
        outcome: z.literal('saved'),
        /** fields ServiceNow answered without the value sent (no error: a field write ACL), by label */
        dropped: z.array(z.object({ field: editableField, label: z.string() })),
        card: cardDataSchema,
        form: recordFormSchema,
      }),
      z.object({
        outcome: z.literal('conflict'),
        /** who changed the record since it was shown, and when (ISO) */
        by: z.string(),
        at: z.string(),
        /** the written fields as they are now */
        now: z.array(z.object({ field: editableField, label: z.string(), display: z.string() })),
        form: recordFormSchema,
      }),
      refused,
    ]),
  },
  'record/people': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { instance: base, kind: z.enum(['user', 'group']), query: z.string().max(100), group: sysId.optional() },
    response: z.object({ options: z.array(person) }),
  },
});

const approval = z.object({
  instance: base,
  /** the sysapproval_approver row */
  sys_id: sysId,
  state: fieldValue,
  due: z.string().optional(),
  /** the record being approved */
  record: z.object({ table: tableName, sys_id: sysId, number: z.string(), shortDescription: z.string() }),
  card: cardDataSchema.optional(),
});
export type ApprovalItem = z.infer<typeof approval>;

export const approvalMessages = defineMessages({
  /** my pending approvals on every connected instance (or one), newest first */
  'approvals/mine': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { instance: base.optional() },
    response: z.object({ approvals: z.array(approval), errors: z.array(z.object({ instance: base, message: z.string() })) }),
  },
  /** my approval of one record, if I am an approver of it and it waits for me */
  'approvals/record': { contentScripts: EXTENSION_PAGES_ONLY, request: { instance: base, table: tableName, sys_id: sysId }, response: z.object({ approval: approval.optional() }) },
  'approvals/decide': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: {
      instance: base,
      approval: sysId,
      decision: z.enum(['approved', 'rejected']),
      /** the reason: required for a rejection */
      comment: z.string().max(16_000),
      submissionId,
    },
    response: z.object({ state: fieldValue, card: cardDataSchema.optional() }),
  },
});
