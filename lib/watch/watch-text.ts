/**
 * The words of a watch event: one headline saying who did what, then the changes, the notes and "and N more
 * updates". A notification, the Activity view and a channel post all say it this way (the Jira plugin's template,
 * records-and-watch-contracts.md C.7). No dependencies, so extension pages use it as they are.
 */
import type { FieldChange, JournalNote, WatchEvent } from './watch-model';

/** A state label's verb: "Beth Anglin resolved INC0010001". */
function stateVerb(label: string): ((actor: string, n: string) => string) | undefined {
  if (/resolv/i.test(label)) return (a, n) => `${a} resolved ${n}`;
  if (/cancel/i.test(label)) return (a, n) => `${a} canceled ${n}`;
  if (/clos|complete/i.test(label)) return (a, n) => `${a} closed ${n}`;
  if (/hold/i.test(label)) return (a, n) => `${a} put ${n} on hold`;
  return undefined;
}

/** One line saying who did what: the notification's title, the Activity entry's heading, the channel post's headline. */
export function headline(e: Pick<WatchEvent, 'kind' | 'number' | 'actor' | 'changes' | 'journal' | 'queue' | 'digest'>): string {
  const actor = e.actor.name || e.actor.user_name || 'Someone';
  if (e.digest) return `${e.number} changed while you were away`;
  if (e.kind === 'created') return `${actor} created ${e.number}`;
  if (e.kind === 'entered') return `${e.number} is new in ${e.queue ?? 'a watched queue'}`;
  const state = e.changes.find((c) => c.field === 'state');
  const verb = state && stateVerb(state.to);
  if (verb) return verb(actor, e.number);
  if (!e.changes.length && e.journal.length) {
    return e.journal.every((j) => j.element === 'work_notes') ? `${e.journal[0]!.author} added a work note to ${e.number}` : `${e.journal[0]!.author} commented on ${e.number}`;
  }
  const assignee = e.changes.length === 1 && e.changes[0]!.field === 'assigned_to' ? e.changes[0]! : undefined;
  if (assignee && assignee.to !== '(empty)') return `${actor} assigned ${e.number} to ${assignee.to}`;
  return `${actor} updated ${e.number}`;
}

/** "State: In Progress → Resolved" for each change. */
export const changeLine = (c: FieldChange) => `${c.label}: ${c.from} → ${c.to}`;

export const JOURNAL_NAME: Record<JournalNote['element'], string> = { comments: 'Comment', work_notes: 'Work note' };

/** The lines under the headline: the changes, the notes (by whom, when not the actor), "and N more updates". */
export function detailLines(e: Pick<WatchEvent, 'changes' | 'journal' | 'more' | 'actor'>, maxText = 300): string[] {
  const lines = e.changes.length ? [e.changes.map(changeLine).join(' · ')] : [];
  for (const j of e.journal) {
    const text = j.text.length > maxText ? `${j.text.slice(0, maxText - 1)}…` : j.text;
    const by = j.author && j.author !== e.actor.name ? ` (${j.author})` : '';
    lines.push(`${JOURNAL_NAME[j.element]}${by}: ${text}`);
  }
  if (e.more > 0) lines.push(`and ${e.more} more update${e.more === 1 ? '' : 's'}`);
  return lines;
}
