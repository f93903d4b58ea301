import { useEffect, useState } from 'preact/hooks';
import type { Request, Response } from '@/lib/messages';
import { ApprovalActions } from './approval-actions';
import { RecordCard } from './record-card';

type Mine = Response<'approvals/mine'>;
type Item = Mine['approvals'][number];
/** the part of lib/send.ts this view uses (tests pass their own) */
export type ApprovalsSend = <T extends 'approvals/mine' | 'approvals/decide'>(request: Extract<Request, { type: T }>) => Promise<Response<T>>;

const host = (base: string) => new URL(base).host;
const due = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ApprovalItem({ item, send }: { item: Item; send: ApprovalsSend }) {
  const [card, setCard] = useState(item.card);
  const title = `${item.record.number}: ${item.record.shortDescription}`;
  return (
    <li class="nb-approvals__item" aria-label={title}>
      {card ? (
        <RecordCard lookup={card.lookup} variant="compact" accent={card.accent} fields={card.fields} tableLabel={card.tableLabel} reference={item.record.number} />
      ) : (
        <p class="nb-approvals__title">{title}</p>
      )}
      {/* the card names the instance already */}
      <p class="nb-approvals__meta">{[card ? '' : host(item.instance), item.due ? `Due ${due(item.due)}` : ''].filter(Boolean).join(' · ')}</p>
      <ApprovalActions
        subject={item.record.number}
        decide={async (decision, comment, submissionId) => {
          const answer = await send({ type: 'approvals/decide', instance: item.instance, approval: item.sys_id, decision, comment, submissionId });
          // the record as it is after the decision (its approval field has followed)
          if (answer.card) setCard(answer.card);
        }}
      />
    </li>
  );
}

/**
 * The popup's "My approvals": what waits for my decision on every connected instance, each with its record's card
 * and Approve / Reject (records-and-watch-contracts.md A.6). A decided item stays, saying its outcome, until the
 * list is read again; an instance that could not be read says so without hiding the others.
 */
export function MyApprovals({ send }: { send: ApprovalsSend }) {
  const [mine, setMine] = useState<Mine>();
  const [error, setError] = useState('');
  const [reads, setReads] = useState(0);

  useEffect(() => {
    setError('');
    send({ type: 'approvals/mine' }).then(setMine, (err: unknown) => setError((err instanceof Error && err.message) || 'NowBridge could not read your approvals.'));
  }, [reads]);

  const loading = !mine && !error;
  return (
    <section class="nb-share nb-approvals" aria-label="My approvals" aria-busy={loading}>
      <div class="nb-approvals__head">
        <h2 class="nb-approvals__heading">My approvals</h2>
        <button type="button" class="nb-share__btn" onClick={() => setReads(reads + 1)}>
          Refresh
        </button>
      </div>
      {error && (
        <p class="nb-share__error" role="alert">
          {error}
        </p>
      )}
      {mine?.errors.map((e) => (
        <p key={e.instance} class="nb-share__error" role="alert">
          {host(e.instance)}: {e.message}
        </p>
      ))}
      {loading ? (
        <p class="nb-approvals__empty">Reading your approvals…</p>
      ) : mine && mine.approvals.length === 0 ? (
        <p class="nb-approvals__empty">Nothing waits for your approval.</p>
      ) : mine ? (
        <ul class="nb-approvals__list" aria-label="My approvals">
          {mine.approvals.map((item) => (
            <ApprovalItem key={`${item.instance} ${item.sys_id}`} item={item} send={send} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
