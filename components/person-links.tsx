import { useState } from 'preact/hooks';
import type { FrameEvent } from '@/lib/messages';
import type { send as Send } from '@/lib/send';
import type { SnRecord } from '@/lib/servicenow/record';
import { tableSpec } from '@/lib/servicenow/tables';
import { fromUser } from './user-event';

export interface RecordPerson {
  sys_id: string;
  name: string;
  /** what they are to the record: Assigned to, Caller, … */
  role: string;
}

/** The people a record names (the table spec's person fields, tables.ts), each once, as the record shows them. */
export function peopleOf(record: SnRecord): RecordPerson[] {
  const seen = new Set<string>();
  return tableSpec(record.table).panelShows.flatMap((f) => {
    const v = record.fields[f.name];
    if (!f.person || !v?.display || !/^[0-9a-f]{32}$/.test(v.value) || seen.has(v.value)) return [];
    seen.add(v.value);
    return [{ sys_id: v.value, name: v.display, role: f.title }];
  });
}

/**
 * How "Message <name> in Mattermost" opens the DM: over a Mattermost page (a frame that knows its server) the page
 * goes there itself (the content script follows the frame's `navigate`); elsewhere (the popup, a dialog over
 * ServiceNow) in a new tab.
 */
export function dmOpener(send: typeof Send, instance: string, over?: { server: string; emit(e: FrameEvent): void }) {
  return async (p: RecordPerson) => {
    const r = await send({ type: 'people/dm', instance, sys_id: p.sys_id, ...(over ? { server: over.server } : {}) });
    if (over) over.emit({ type: 'navigate', path: r.path });
    else window.open(r.url, '_blank', 'noopener');
  };
}

/**
 * "Message <name> in Mattermost" for the people a record names (issue 13: people both ways): the DM with their
 * Mattermost user, found by email (or user name where Mattermost hides emails) by the background. A person with no
 * Mattermost user is said so here, not guessed.
 */
export function PersonLinks({ record, open }: { record: SnRecord; open(p: RecordPerson): Promise<void> }) {
  const people = peopleOf(record);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  if (!people.length) return null;
  const go = async (p: RecordPerson) => {
    setBusy(p.sys_id);
    setError('');
    try {
      await open(p);
    } catch (err) {
      setError(`${p.name}: ${(err instanceof Error && err.message) || 'Mattermost did not open the conversation.'}`);
    } finally {
      setBusy('');
    }
  };
  return (
    <div class="nb-people" role="group" aria-label="Message in Mattermost">
      {people.map((p) => (
        <button
          key={p.sys_id}
          type="button"
          class="nb-people__button"
          aria-label={`Message ${p.name} in Mattermost`}
          aria-busy={busy === p.sys_id}
          onClick={(e) => fromUser(e) && void go(p)}
        >
          Message {p.name} <span class="nb-people__role">({p.role})</span>
        </button>
      ))}
      <span class="nb-people__error" role="alert">
        {error}
      </span>
    </div>
  );
}
