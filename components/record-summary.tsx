import type { Response } from '@/lib/messages';
import type { OpenRecordsIn } from '@/lib/preferences';
import type { SnRecord } from '@/lib/servicenow/record';
import { recordOpenUrl } from '@/lib/servicenow/open-url';
import { type PanelField, tableSpec } from '@/lib/servicenow/tables';
import { snDateToIso } from '@/lib/servicenow/user-dates';
import { RecordCard } from './record-card';
import { dueRelative, exactTime, relativeTime } from './relative-time';
import { useOpenRecordsIn } from './use-open-records-in';

type Card = Response<'record/full'>;

export interface RecordSummaryProps {
  /** the panel's card (record/full, which also read the summary's fields); undefined while loading */
  card: Card | undefined;
  /** default: the user's "Open records in" preference */
  openIn?: OpenRecordsIn;
  /** for tests: the clock due dates are measured against */
  now?: number;
}

const GLIDE_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date field in the viewer's locale. Values are the Table API's (UTC date-times, user-dates.ts); a date
 * without a time (glide_date: knowledge `published`, `valid_to`) is a calendar day, shown as that day wherever
 * the viewer is.
 */
function readDate(value: string): { iso: string; text: string; at?: number } | undefined {
  const day = GLIDE_DATE.exec(value);
  if (day) {
    const d = new Date(+day[1]!, +day[2]! - 1, +day[3]!);
    return { iso: value, text: d.toLocaleDateString(undefined, { dateStyle: 'medium' }) };
  }
  const iso = snDateToIso(value);
  return iso ? { iso, text: exactTime(iso), at: Date.parse(iso) } : undefined;
}

/** Open means a due date can still be missed: neither inactive (closed) nor resolved. */
const isOpen = (r: SnRecord) => r.fields.active?.value !== 'false' && !r.fields.resolved_at?.value && !r.fields.closed_at?.value;

function Value({ field, record, now }: { field: PanelField; record: SnRecord; now: number }) {
  const f = record.fields[field.name];
  if (field.kind === 'text') {
    // record text renders as text (a text node), whatever it holds
    return f?.display ? <>{f.display}</> : <span class="nb-summary__none">None</span>;
  }
  const d = readDate(f?.value ?? '');
  if (!d) return <>{f?.display}</>;
  const due = field.kind === 'due' && d.at !== undefined ? dueRelative(d.at, now, isOpen(record)) : undefined;
  return (
    <>
      <time dateTime={d.iso}>{d.text}</time>
      {due && (
        <span class={due.overdue ? 'nb-summary__due nb-summary__due--overdue' : 'nb-summary__due'}>
          {due.overdue && <span aria-hidden="true">⚠ </span>}
          {due.text}
        </span>
      )}
    </>
  );
}

/**
 * The record panel's head (issue 12): the key fields, who the record is for and its SLA-relevant dates, as the
 * table's spec lists them (tables.ts `panelShows`), and "Open <NUMBER> in ServiceNow" in the classic form or the
 * workspace, as the user prefers. Loading and unreadable records show the compact card's own states.
 */
export function RecordSummary({ card, openIn, now = Date.now() }: RecordSummaryProps) {
  const where = useOpenRecordsIn(openIn);
  const lookup = card?.lookup;
  if (!card || !lookup?.ok) {
    return <RecordCard lookup={lookup} variant="compact" accent={card?.accent ?? '#80868B'} fields={card?.fields.slice(0, 2) ?? []} tableLabel={card?.tableLabel} />;
  }
  const record = lookup.record;
  // dates not set are left out; key fields and "for" say None
  const shown = tableSpec(record.table).panelShows.filter((f) => f.group !== 'dates' || readDate(record.fields[f.name]?.value ?? ''));
  const workspace = where === 'workspace' && recordOpenUrl(record, 'workspace') !== record.url;
  return (
    <section class="nb-summary" aria-label={`Summary of ${record.number}`} style={{ '--nb-accent': card.accent }}>
      <dl class="nb-summary__list">
        {shown.map((f) => (
          <div key={f.name} class={`nb-summary__item nb-summary__item--${f.group}`}>
            <dt>{f.title}</dt>
            <dd>
              <Value field={f} record={record} now={now} />
            </dd>
          </div>
        ))}
      </dl>
      <div class="nb-summary__foot">
        <span class="nb-summary__meta">
          {card.tableLabel}
          {record.updatedAt && (
            <>
              {' · Updated '}
              <time dateTime={record.updatedAt} title={exactTime(record.updatedAt)}>
                {relativeTime(record.updatedAt, now)}
              </time>
            </>
          )}
        </span>
        <a
          class="nb-summary__open"
          href={recordOpenUrl(record, where)}
          target="_blank"
          rel="noopener noreferrer"
          title={workspace ? 'Opens in Service Operations Workspace' : 'Opens the classic form'}
        >
          Open {record.number} in ServiceNow <span aria-hidden="true">↗</span>
        </a>
      </div>
    </section>
  );
}
