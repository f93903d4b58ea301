import { fromUser } from '@/components/user-event';
import type { ComponentChildren } from 'preact';
import { hostWithoutAccess } from '@/lib/http';
import type { FieldValue, RecordLookup, SnRecord } from '@/lib/servicenow/record';
import { exactTime, relativeTime, toEpoch } from './relative-time';

/**
 * The ServiceNow record card: a pure view shared by the share dialog (full), Mattermost unfurls (compact) and
 * hover cards (full). It takes its colour and field list as props so it never needs the table catalogue, and
 * renders every remote string as a text node — the card is drawn inside other people's pages.
 */

export type RecordCardVariant = 'full' | 'compact';

/**
 * Outer height in px per variant. Loading, loaded, stale and error cards all use it, so nothing jumps when data
 * arrives; the unfurl observer reserves exactly this much space before the card mounts. Mirrored in
 * record-card.css (a test keeps the two equal).
 */
export const RECORD_CARD_HEIGHT: Readonly<Record<RecordCardVariant, number>> = { compact: 64, full: 280 };

/** At most this many `fields` show per variant; the rest would not fit the fixed height. */
const MAX_FIELDS: Readonly<Record<RecordCardVariant, number>> = { compact: 2, full: 6 };
const EXCERPT_CHARS = 300;

export interface RecordCardField {
  /** key into `record.fields` */
  name: string;
  /** label shown beside (full) or announced with (compact) the value */
  title: string;
}

export interface RecordCardAction {
  /** the button's accessible name and tooltip */
  label: string;
  onClick(): void;
  /** a short glyph (e.g. "↗"); when given the button shows only it, the label stays its name */
  icon?: string;
}

export interface RecordCardProps {
  /** undefined while loading */
  lookup: RecordLookup | undefined;
  variant: RecordCardVariant;
  /** #RRGGBB for the left border and state pill; ignored unless the record loaded (it would hint at priority) */
  accent: string;
  /** which `record.fields` to show, in order (compact shows the first 2 non-empty, full the first 6) */
  fields: RecordCardField[];
  tableLabel?: string;
  /** the cached record is being refreshed */
  stale?: boolean;
  /** when the stale data was saved (epoch ms or ISO), for "Showing saved data from 5 min ago" */
  savedAt?: number | string;
  actions?: RecordCardAction[];
  onRetry?(): void;
  /** offered on `needs-sign-in` */
  onReconnect?(): void;
  /** offered on `not-connected` */
  onConnect?(): void;
  /**
   * offered on an error saying NowBridge lost its access to the site (lib/http.ts), instead of Retry: in a page the
   * card can't ask the browser for it, so this opens the settings, whose Grant access does
   */
  onAllowAccess?(): void;
  /**
   * What the page itself called the record (the number or link text the post already shows). Only used to name
   * error cards, so they too have a name beginning with the record number; never anything read from ServiceNow.
   */
  reference?: string;
  /**
   * Full variant: the long-text field excerpted below the fields. `html` strips markup first (kb_knowledge
   * `text` is HTML); the result is still rendered as text.
   */
  excerpt?: { field: string; html?: boolean };
  /** for tests: the clock relative times are computed against */
  now?: number;
  /** render the title as h2–h6 (dialogs); by default a plain line, since posts should not add headings */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  /** full variant (the hover card): the title is a button "Open <NUMBER> panel" that calls this */
  onTitle?(): void;
}

/**
 * The Mattermost content script draws compact cards only (the full card is the hover frame's and the share
 * dialog's, both extension pages): WXT names the entrypoint being built, so its bundle leaves the full layout out
 * and stays inside its size budget (size-budgets.json).
 */
const COMPACT_ONLY = import.meta.env.ENTRYPOINT === 'mattermost';

export function RecordCard(props: RecordCardProps) {
  const { lookup, variant } = props;
  if (!lookup) return <Skeleton variant={variant} />;
  if (!lookup.ok) return <Problem {...props} lookup={lookup} />;
  return <Loaded {...props} record={lookup.record} />;
}

function Shell(p: {
  variant: RecordCardVariant;
  modifier: string;
  label: string;
  accent?: string;
  busy?: boolean;
  children: ComponentChildren;
}) {
  const style: Record<string, string> = { height: `${RECORD_CARD_HEIGHT[p.variant]}px` };
  if (p.accent) style['--nb-accent'] = p.accent;
  return (
    <article
      class={`nb-card nb-card--${p.variant} nb-card--${p.modifier}`}
      aria-label={p.label}
      aria-busy={p.busy ? 'true' : undefined}
      style={style}
    >
      {p.children}
    </article>
  );
}

function Skeleton({ variant }: { variant: RecordCardVariant }) {
  // Bars shaped like the final layout; purely decorative, the article's name says what is happening.
  const bars = variant === 'compact' ? ['title', 'meta'] : ['title', 'title2', 'meta', 'grid', 'grid', 'text', 'text', 'meta'];
  return (
    <Shell variant={variant} modifier="loading" label="Loading ServiceNow record" busy>
      {bars.map((b, i) => (
        <span key={i} class={`nb-card__bone nb-card__bone--${b}`} aria-hidden="true" />
      ))}
    </Shell>
  );
}

function Problem(props: RecordCardProps & { lookup: Extract<RecordLookup, { ok: false }> }) {
  const { lookup, variant, reference, onRetry, onReconnect, onConnect, onAllowAccess } = props;
  // Fixed wording per reason: for not-found the message could carry record details from the server, and
  // "no access" must not be distinguishable from "does not exist".
  let text: string;
  let button: RecordCardAction | undefined;
  switch (lookup.reason) {
    case 'not-found':
      text = 'No access or not found';
      break;
    case 'needs-sign-in':
      text = 'Sign in to ServiceNow again to preview';
      if (onReconnect) button = { label: 'Reconnect', onClick: onReconnect };
      break;
    case 'not-connected':
      text = 'Connect ServiceNow to preview';
      if (onConnect) button = { label: 'Connect', onClick: onConnect };
      break;
    default:
      text = lookup.message || 'Could not load the record';
      if (onAllowAccess && hostWithoutAccess(text)) button = { label: 'Allow access', onClick: onAllowAccess };
      else if (onRetry) button = { label: 'Retry', onClick: onRetry };
  }
  const ref = reference?.trim();
  return (
    <Shell variant={variant} modifier={`problem nb-card--${lookup.reason}`} label={ref ? `${ref}: ${text}` : `ServiceNow record: ${text}`}>
      <div class="nb-card__problem">
        {ref && <span class="nb-card__ref">{ref}</span>}
        <span class="nb-card__problem-text" title={text}>
          {text}
        </span>
        {button && <Actions actions={[button]} />}
      </div>
    </Shell>
  );
}

function Loaded(props: RecordCardProps & { record: SnRecord }) {
  const { record, variant, tableLabel, stale, savedAt, actions, headingLevel } = props;
  const now = props.now ?? Date.now();
  const compact = variant === 'compact';
  const title = record.shortDescription ? `${record.number}: ${record.shortDescription}` : record.number;
  const label = record.shortDescription ? title : `${record.number} — ${tableLabel || record.table}`;
  const href = safeHttpUrl(record.url);
  const host = hostOf(record.instance);
  const fields = pickFields(record, props.fields, variant);
  const accent = /^#[0-9a-f]{6}$/i.test(props.accent) ? props.accent : undefined;

  const saved = toEpoch(savedAt);
  const staleText = stale
    ? saved !== undefined
      ? `Showing saved data from ${relativeTime(saved, now)}`
      : 'Updated data is loading…'
    : '';

  const Heading = (headingLevel ? `h${headingLevel}` : 'div') as 'div';
  const titleLine = (
    <Heading class="nb-card__title">
      {!COMPACT_ONLY && props.onTitle ? (
        <button type="button" class="nb-card__title-btn" aria-label={`Open ${record.number} panel`} title={title} onClick={(e) => fromUser(e) && props.onTitle?.()}>
          {title}
        </button>
      ) : href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" title={title}>
          {title}
        </a>
      ) : (
        <span title={title}>{title}</span>
      )}
    </Heading>
  );
  const pill = record.state?.display ? (
    <span class="nb-card__pill">
      <span class="nb-card__sr">State: </span>
      {record.state.display}
    </span>
  ) : null;
  const updated = <Updated iso={record.updatedAt} now={now} />;

  if (compact || COMPACT_ONLY) {
    return (
      <Shell variant={variant} modifier={stale ? 'loaded nb-card--stale' : 'loaded'} label={label} accent={accent}>
        <div class="nb-card__row">
          {titleLine}
          {pill}
        </div>
        <div class="nb-card__row nb-card__meta">
          {/* Most useful first, since the row ellipsises: priority is left to the accent colour here. */}
          <span class="nb-card__items">
            {fields.map((f) => (
              <span key={f.name} class="nb-card__item" title={f.title}>
                <span class="nb-card__sr">{f.title}: </span>
                {f.value.display}
              </span>
            ))}
            {updated}
            {staleText && (
              <span class="nb-card__item nb-card__stale" title={staleText}>
                {staleText}
              </span>
            )}
            <span class="nb-card__item nb-card__host">{host}</span>
          </span>
          {actions && actions.length > 0 && <Actions actions={actions} />}
        </div>
      </Shell>
    );
  }

  // (only here: the compact-only Mattermost bundle carries none of it)
  const priority = record.priority?.display ? (
    <span class="nb-card__priority">
      <span class="nb-card__sr">Priority: </span>
      {record.priority.display}
    </span>
  ) : null;
  const excerptSpec = props.excerpt ?? { field: 'description' };
  const excerpt = excerptOf(record.fields[excerptSpec.field]?.display ?? '', excerptSpec.html === true);
  return (
    <Shell variant={variant} modifier={stale ? 'loaded nb-card--stale' : 'loaded'} label={label} accent={accent}>
      {titleLine}
      <div class="nb-card__row nb-card__badges">
        {pill}
        {priority}
        {updated}
        {staleText && (
          <span class="nb-card__stale" title={staleText}>
            {staleText}
          </span>
        )}
      </div>
      {fields.length > 0 && (
        <dl class="nb-card__fields">
          {fields.map((f) => (
            <div key={f.name} class="nb-card__field">
              <dt>{f.title}</dt>
              <dd title={f.value.display}>{f.value.display || '—'}</dd>
            </div>
          ))}
        </dl>
      )}
      {excerpt && <p class="nb-card__excerpt">{excerpt}</p>}
      <div class="nb-card__row nb-card__footer">
        <span class="nb-card__items">
          {tableLabel && <span class="nb-card__item">{tableLabel}</span>}
          <span class="nb-card__item nb-card__host" title={record.instance}>
            {host}
          </span>
        </span>
        {actions && actions.length > 0 && <Actions actions={actions} />}
      </div>
    </Shell>
  );
}

function Updated({ iso, now }: { iso: string; now: number }) {
  const rel = relativeTime(iso, now);
  if (!rel) return null;
  return (
    <span class="nb-card__item nb-card__updated">
      Updated{' '}
      <time dateTime={iso} title={exactTime(iso)}>
        {rel}
      </time>
    </span>
  );
}

function Actions({ actions }: { actions: RecordCardAction[] }) {
  return (
    <span class="nb-card__actions">
      {actions.map((a) => (
        <button
          key={a.label}
          type="button"
          class={a.icon ? 'nb-card__action nb-card__action--icon' : 'nb-card__action'}
          aria-label={a.icon ? a.label : undefined}
          title={a.label}
          // A page script's synthetic click (isTrusted false) must not act as the user.
          onClick={(e) => fromUser(e) && a.onClick()}
        >
          {a.icon ? <span aria-hidden="true">{a.icon}</span> : a.label}
        </button>
      ))}
    </span>
  );
}

/**
 * The record link is the only remote text that becomes an attribute with behaviour, so it must be http(s):
 * a `javascript:` or `data:` URL from a hostile or broken record renders no link at all.
 */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function hostOf(instance: string): string {
  try {
    return new URL(instance).host;
  } catch {
    return instance;
  }
}

/**
 * The requested fields the record actually has. Compact skips empty ones (no room for "—"); full keeps them,
 * since "Assigned to —" is itself information.
 */
function pickFields(record: SnRecord, wanted: RecordCardField[], variant: RecordCardVariant) {
  const out: (RecordCardField & { value: FieldValue })[] = [];
  for (const f of wanted) {
    const value = record.fields[f.name];
    if (!value || (variant === 'compact' && !value.display)) continue;
    out.push({ ...f, value });
    if (out.length === MAX_FIELDS[variant]) break;
  }
  return out;
}

/** First ~300 characters of a long text, whitespace collapsed; markup removed for HTML fields. */
export function excerptOf(text: string, html = false): string {
  let s = text;
  if (html) {
    // Tag stripping by regex is fine here: the result is rendered as a text node, never parsed as HTML, so a
    // malformed tag can at worst show up as literal text. Common entities decoded so articles read normally.
    s = s
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  }
  s = s.replace(/\s+/g, ' ').trim();
  if (s.length <= EXCERPT_CHARS) return s;
  const cut = s.slice(0, EXCERPT_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_CHARS - 40 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
