import { useState } from 'preact/hooks';
import { accessPattern, hostWithoutAccess } from '@/lib/http';
import { requestOrigins } from '@/lib/content/ext';
import { fromUser } from './user-event';

/**
 * "Allow access" beside an error that says NowBridge lost access to a site (lib/http.ts withSiteAccess): the browser
 * asks the user to give it back. permissions.request needs the user's click, so it is the first thing the click does
 * (Chrome's docs, permissions.request: "must be called during a user gesture"); only an extension page or frame may
 * ask, never a content script. Once granted the button goes, and the user tries again.
 */
export function AllowAccess({ message }: { message: string }) {
  const host = hostWithoutAccess(message);
  const [granted, setGranted] = useState('');
  if (!host || granted === host) return null;
  const allow = (e: Event) => {
    if (!fromUser(e)) return;
    requestOrigins([accessPattern(host)]).then((ok) => ok && setGranted(host), () => undefined);
  };
  return (
    <button type="button" class="nb-share__btn" onClick={allow}>
      Allow access
    </button>
  );
}
