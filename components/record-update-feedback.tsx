import { useEffect, useRef } from 'preact/hooks';
import { conflictText, type RecordUpdate } from './use-record-update';
import { fromUser } from './user-event';
import { AllowAccess } from './allow-access';

/**
 * What became of a section's write: "Saved.", what went wrong or was not accepted (role alert), and a conflict
 * with someone else's change (records-and-watch-contracts.md A.8) to decide before anything is overwritten. The
 * conflict takes the focus, so a keyboard or screen-reader user meets it at once.
 */
export function RecordUpdateFeedback({ u, busyText }: { u: RecordUpdate; busyText: string }) {
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (u.conflict) group.current?.focus();
  }, [u.conflict]);
  return (
    <>
      {u.conflict && (
        <div ref={group} class="nb-edit__conflict" role="alert" aria-label="Changed by someone else" tabIndex={-1}>
          <p class="nb-edit__conflict-text">{conflictText(u.conflict)}</p>
          <div class="nb-edit__row">
            <button type="button" class="nb-share__btn nb-share__btn--primary" aria-disabled={u.busy} onClick={(e) => fromUser(e) && void u.saveAnyway()}>
              Save anyway
            </button>
            <button type="button" class="nb-share__btn" aria-disabled={u.busy} onClick={(e) => fromUser(e) && !u.busy && u.keepTheirs()}>
              Keep theirs
            </button>
          </div>
        </div>
      )}
      <div class="nb-share__error" role="alert">
        {u.alert}
        <AllowAccess message={u.alert} />
      </div>
      <span class="nb-share__status" role="status">
        {u.busy ? busyText : u.status}
      </span>
    </>
  );
}
