import cardCss from '@/components/record-card-compact.css?inline';
import { RecordCard, RECORD_CARD_HEIGHT } from '@/components/record-card';
import { fromUser } from '@/components/user-event';
import type { Response } from '../../messages';

export type CardData = Response<'record/card'>;
export interface CardSlot {
  key: string;
  /** the record number or text the post shows, naming the card until it loads */
  reference: string;
  data?: CardData;
  stale?: boolean;
}

export interface PostCardsProps {
  cards: CardSlot[];
  /** how many more references the post has beyond the cards shown */
  more: number;
  /** the product to connect first: ServiceNow (records of that instance) or Mattermost (this server's posts) */
  /** `again`: the product's sign-in ended (it was connected) */
  notConnected?: { product: 'ServiceNow' | 'Mattermost'; instanceHost: string; again?: boolean; onConnect(): void };
  /** what became of the user's last action on these cards (e.g. a reply that failed), said under them */
  notice?: { text: string; error?: boolean };
  actionsFor(slot: CardSlot): { label: string; onClick(): void }[];
  onRefresh(slot: CardSlot): void;
  onConnect(): void;
}

export const MAX_CARDS = 3;

/** A card that says what went wrong (with Retry), naming the record by what the post shows. */
export const errorCard = (message: string): CardData => ({ lookup: { ok: false, reason: 'error', message }, accent: '#80868B', fields: [], tableLabel: '' });

const EXTRA_CSS = `:host{display:block;margin:6px 0 2px;max-width:560px}
.nb-post-cards{display:flex;flex-direction:column;gap:6px}
.nb-more,.nb-connect,.nb-notice{font:400 12px/18px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--center-channel-color,#3f4350);margin:0}
.nb-more,.nb-connect{opacity:.72}
.nb-notice{margin:4px 0 0}
.nb-notice:empty{margin:0}
.nb-notice--error{color:var(--error-text,#d24b4e)}
.nb-connect button{font:inherit;color:var(--link-color,#1c58d9);background:none;border:0;padding:0;cursor:pointer;text-decoration:underline}`;
export const POST_CARDS_CSS = `${cardCss}\n${EXTRA_CSS}`;

/** The space the cards will take, reserved before they render, so the virtualised list doesn't jump. */
export function reservedHeight(cards: number, more: boolean): number {
  return cards * RECORD_CARD_HEIGHT.compact + Math.max(0, cards - 1) * 6 + (more ? 24 : 0) + 8;
}

/** Compact cards under one Mattermost post: at most three, then "and N more". */
export function PostCards(props: PostCardsProps) {
  if (props.notConnected) {
    return (
      <p class="nb-connect">
        <button type="button" onClick={(e) => fromUser(e) && props.notConnected!.onConnect()}>
          {props.notConnected.again ? `Sign in to ${props.notConnected.product} again` : `Connect ${props.notConnected.product}`} to preview
        </button>{' '}
        {props.notConnected.product === 'ServiceNow' ? `records from ${props.notConnected.instanceHost} in this post.` : 'the records in this post.'}
      </p>
    );
  }
  return (
    <>
      <div class="nb-post-cards">
        {props.cards.map((slot) => (
          <RecordCard
            key={slot.key}
            lookup={slot.data?.lookup}
            variant="compact"
            accent={slot.data?.accent ?? '#80868B'}
            fields={(slot.data?.fields ?? []).slice(2, 4)}
            tableLabel={slot.data?.tableLabel}
            reference={slot.reference}
            stale={slot.stale}
            actions={slot.data?.lookup.ok ? props.actionsFor(slot) : undefined}
            onRetry={() => props.onRefresh(slot)}
            onReconnect={props.onConnect}
            onConnect={props.onConnect}
            onAllowAccess={props.onConnect}
          />
        ))}
        {props.more > 0 && <p class="nb-more">and {props.more} more</p>}
      </div>
      {/* Always rendered, so assistive tech announces the text when it arrives. */}
      <p class={props.notice?.error ? 'nb-notice nb-notice--error' : 'nb-notice'} role="status">
        {props.notice?.text}
      </p>
    </>
  );
}
