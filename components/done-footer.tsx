import { safeHttpUrl } from './record-card';

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
