/**
 * What a watch can notify and the queues offered in one click: plain constants (no zod), so the popup's Activity
 * view reads them without the schemas (watch-model.ts builds those from them).
 */

/** The kinds of change a watch may notify, each switchable per watch. */
export const WATCH_EVENTS = ['created', 'state', 'priority', 'assignment', 'comments', 'work_notes', 'other'] as const;
export type WatchEventKind = (typeof WATCH_EVENTS)[number];

export const EVENT_LABELS: Record<WatchEventKind, string> = {
  created: 'New or entered',
  state: 'State',
  priority: 'Priority',
  assignment: 'Assignment (person, group)',
  comments: 'New comment',
  work_notes: 'New work note',
  other: 'Any other field',
};

/** Everything but "any other field" (off by default: the and the Jira plugin's choice). */
export const DEFAULT_EVENTS: Record<WatchEventKind, boolean> = {
  created: true,
  state: true,
  priority: true,
  assignment: true,
  comments: true,
  work_notes: true,
  other: false,
};

/** The queues offered in one click; their queries use the out-of-box DYNAMIC filters (contracts C.1). */
export const QUEUE_PRESETS = {
  mine: { label: 'Assigned to me', query: 'assigned_toDYNAMIC90d1921e5f510100a9ad2572f2b477fe^active=true' },
  'my-groups': {
    label: 'My groups, unassigned',
    query: 'assignment_groupDYNAMICd6435e965f510100a9ad2572f2b47744^assigned_toISEMPTY^active=true',
  },
  p1: { label: 'Priority 1 open', query: 'priority=1^active=true' },
} as const;
export type QueuePreset = keyof typeof QUEUE_PRESETS;

/**
 * The background's broadcast to its own pages that a watch check ended (an alarm's, a Retry-After's, anyone's
 * "Check now"): an open Activity view reads the list again, so what a check found or why it could not check shows
 * without another click.
 */
export const WATCH_CHECKED = { type: 'nowbridge/watch-checked' } as const;
export const isWatchChecked = (m: unknown): boolean => (m as { type?: unknown } | null)?.type === WATCH_CHECKED.type;
