import type { Instance } from './use-search';
import { AllowAccess } from '../allow-access';

/** Not connected or needing sign-in: say so, and offer the one button that fixes it. */
export function ConnectionState({ instance, onSettings }: { instance: Instance | undefined; onSettings(): void }) {
  if (!instance) {
    return (
      <div class="nb-state" role="status">
        <p>Add your ServiceNow instance in NowBridge's settings to search it.</p>
        <button type="button" class="nb-btn nb-primary" onClick={onSettings}>Open settings</button>
      </div>
    );
  }
  const needs = instance.state === 'needs-sign-in';
  return (
    <div class="nb-state" role="status">
      <p>{needs ? `Sign in to ${instance.label} again to search it.` : `Connect ${instance.label} to search it.`}</p>
      <button type="button" class="nb-btn nb-primary" onClick={onSettings}>{needs ? 'Reconnect' : 'Connect'}</button>
    </div>
  );
}

/** Loading: grey rows the size of results, so nothing jumps when they arrive. */
export function Skeleton() {
  return (
    <div aria-busy="true" role="status" aria-label="Searching…">
      {[0, 1, 2, 3].map((i) => (
        <div key={i} class="nb-skel" />
      ))}
    </div>
  );
}

export function NoResults({ text }: { text: string }) {
  return (
    <div class="nb-state" role="status">
      <p>No records match{text ? ` “${text}”` : ''}.</p>
      <ul class="nb-small">
        <li>Try a record number (inc10001) or fewer words.</li>
        <li>Turn filters off.</li>
      </ul>
    </div>
  );
}

/** ServiceNow asked to wait: when the search runs again, by itself. */
export function WaitingState({ at, instance }: { at: number; instance: string }) {
  const time = new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <div class="nb-state" role="status">
      <p>{instance} is rate-limiting your requests. Retrying at {time}…</p>
    </div>
  );
}

export function ErrorState({ message, onRetry, onSettings }: { message: string; onRetry(): void; onSettings(): void }) {
  const signIn = /sign.?in|connect /i.test(message);
  return (
    <div class="nb-state" role="alert">
      <p>{message}</p>
      <button type="button" class="nb-btn" onClick={onRetry}>Retry</button>
      <AllowAccess message={message} />
      {signIn && (
        <button type="button" class="nb-btn" onClick={onSettings}>Reconnect</button>
      )}
    </div>
  );
}
