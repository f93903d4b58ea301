import { useState } from 'preact/hooks';
import { AllowAccess } from './allow-access';
import { fromUser } from './user-event';

/**
 * A dialog's ServiceNow write is done but its Mattermost post (the new incident's card, the "Added to …" reply) is
 * not: says why, offers Allow access where the browser withdrew NowBridge's access, and posts again. Again is the
 * same submission: the background's ledger answers the ServiceNow part with its first answer (nothing is written
 * twice) and the post keeps its pending_post_id, so it lands at most once however often this is pressed.
 */
export function ReplyFailed(p: { what: string; error: string; label: string; onRetry(): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const again = (e: Event) => {
    if (!fromUser(e) || busy) return;
    setBusy(true);
    p.onRetry().finally(() => setBusy(false));
  };
  return (
    <div class="nb-share__reply-failed">
      <p role="alert">
        {p.what}: {p.error}
      </p>
      <AllowAccess message={p.error} />
      <button type="button" class="nb-share__btn" aria-disabled={busy} onClick={again}>
        {p.label}
      </button>
      <span class="nb-share__status" role="status">
        {busy ? 'Posting…' : ''}
      </span>
    </div>
  );
}
