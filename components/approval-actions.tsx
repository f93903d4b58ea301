import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { fromUser } from './user-event';
import { AllowAccess } from './allow-access';

export type ApprovalDecision = 'approved' | 'rejected';

export interface ApprovalActionsProps {
  /** what is being approved, e.g. "CHG0030002": names the group of controls */
  subject: string;
  /**
   * Sends the decision. The same submission id comes back for a retry of the same decision and reason, so the
   * background sends it at most once (lib/background/approvals.ts). Rejects with a message for the user.
   */
  decide(decision: ApprovalDecision, comment: string, submissionId: number): Promise<void>;
  /** after ServiceNow confirmed the decision */
  onDecided?(decision: ApprovalDecision): void;
}

const DONE: Record<ApprovalDecision, string> = { approved: 'Approved.', rejected: 'Rejected.' };

/**
 * "Approve" and "Reject" for one of my approvals. A rejection asks for a "Reason" first (NowBridge always asks,
 * records-and-watch-contracts.md A.6): an empty one is refused here, nothing is sent. What was typed stays on
 * failure; the outcome is said only once ServiceNow confirmed it.
 */
export function ApprovalActions({ subject, decide, onDecided }: ApprovalActionsProps) {
  const id = useId();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState<ApprovalDecision>();
  const [error, setError] = useState('');
  const [done, setDone] = useState<ApprovalDecision>();
  const box = useRef<HTMLTextAreaElement>(null);
  const submission = useRef<{ key: string; id: number }>();
  // a second click before the re-render must not send a second decision
  const inFlight = useRef(false);

  const send = async (decision: ApprovalDecision) => {
    if (inFlight.current) return;
    const comment = decision === 'rejected' ? reason : '';
    if (decision === 'rejected' && !reason.trim()) {
      setInvalid(true);
      setError('Say why you reject it: a reason is required.');
      box.current?.focus();
      return;
    }
    const key = `${decision}\n${comment}`;
    if (submission.current?.key !== key) submission.current = { key, id: Date.now() };
    inFlight.current = true;
    setBusy(decision);
    setError('');
    try {
      await decide(decision, comment, submission.current.id);
      submission.current = undefined;
      setDone(decision);
      onDecided?.(decision);
    } catch (err) {
      setError((err instanceof Error && err.message) || 'ServiceNow did not take the decision.');
    } finally {
      inFlight.current = false;
      setBusy(undefined);
    }
  };

  const startRejecting = () => {
    setRejecting(true);
    setError('');
  };
  // the Reason box takes focus when it appears, so the reason can be typed at once
  useEffect(() => {
    if (rejecting) box.current?.focus();
  }, [rejecting]);

  return (
    <div class="nb-approval" role="group" aria-label={`Approval of ${subject}`}>
      {done ? null : rejecting ? (
        <div class="nb-share__field">
          <label class="nb-share__label" for={`${id}-r`}>
            Reason
          </label>
          <textarea
            ref={box}
            id={`${id}-r`}
            class="nb-share__input nb-share__message"
            rows={2}
            required
            aria-invalid={invalid}
            aria-describedby={`${id}-e`}
            placeholder="Why you reject it (goes to the approval's comments)"
            value={reason}
            onInput={(e) => {
              setReason(e.currentTarget.value);
              if (e.currentTarget.value.trim()) setInvalid(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                if (fromUser(e)) void send('rejected');
              } else if (e.key === 'Escape' && !busy) {
                e.stopPropagation();
                setRejecting(false);
              }
            }}
          />
          <div class="nb-approval__buttons">
            <button type="button" class="nb-share__btn nb-share__btn--primary" aria-disabled={!!busy} aria-keyshortcuts="Control+Enter Meta+Enter" onClick={(e) => fromUser(e) && void send('rejected')}>
              Send rejection
            </button>
            <button type="button" class="nb-share__btn" aria-disabled={!!busy} onClick={() => !busy && setRejecting(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div class="nb-approval__buttons">
          <button type="button" class="nb-share__btn nb-share__btn--primary" aria-disabled={!!busy} onClick={(e) => fromUser(e) && void send('approved')}>
            Approve
          </button>
          <button type="button" class="nb-share__btn" aria-disabled={!!busy} onClick={(e) => fromUser(e) && startRejecting()}>
            Reject
          </button>
        </div>
      )}
      {/* live regions stay rendered (and shown) while empty, so what they later say is announced */}
      <div class="nb-approval__said">
        <div id={`${id}-e`} class="nb-share__error" role="alert">
          {error}
          <AllowAccess message={error} />
        </div>
        <span class="nb-share__status" role="status">
          {busy === 'approved' ? 'Approving…' : busy === 'rejected' ? 'Rejecting…' : done ? DONE[done] : ''}
        </span>
      </div>
    </div>
  );
}
