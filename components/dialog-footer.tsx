import { safeHttpUrl } from './record-card';
import { fromUser } from './user-event';
import { AllowAccess } from './allow-access';

/**
 * A form dialog's footer (Create incident, Add to record): what went wrong and what is under way, both always
 * present so they are announced when they change; Cancel; and the action, which only the user's own click runs.
 * aria-disabled, not disabled: a disabled button would drop focus out of the dialog mid-write.
 */
export function SubmitFooter(p: { error: string; busyText: string; busy: boolean; unavailable: boolean; label: string; onCancel(): void; onSubmit(): void }) {
  return (
    <div class="nb-share__footer">
      <div class="nb-share__error" role="alert">
        {p.error}
        <AllowAccess message={p.error} />
      </div>
      <span class="nb-share__status" role="status">
        {p.busy ? p.busyText : ''}
      </span>
      <button type="button" class="nb-share__btn" onClick={p.onCancel}>
        Cancel
      </button>
      <button
        type="button"
        class="nb-share__btn nb-share__btn--primary"
        aria-disabled={p.busy || p.unavailable}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        onClick={(e) => fromUser(e) && p.onSubmit()}
      >
        {p.label}
      </button>
    </div>
  );
}

/** The end of a dialog that wrote to ServiceNow: "Open in ServiceNow" (a web address only) and Close. */
export function DoneFooter({ url, onClose }: { url: string | undefined; onClose(): void }) {
  const href = url && safeHttpUrl(url);
  return (
    <div class="nb-share__footer">
      {href && (
        <a class="nb-share__link" href={href} target="_blank" rel="noopener noreferrer">
          Open in ServiceNow
        </a>
      )}
      <button type="button" class="nb-share__btn nb-share__btn--primary" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
