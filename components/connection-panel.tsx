import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Product } from '@/lib/origins';
import type { Response } from '@/lib/messages';
import { send } from '@/lib/send';

export type ConnectionStatus = Response<'connection/check'>;
type Method = ConnectionStatus['method'];

const METHODS: Record<Product, { value: Method; label: string; hint: string }[]> = {
  servicenow: [
    { value: 'session', label: 'Browser session', hint: 'Uses the ServiceNow sign-in you already have in this browser. No setup.' },
    { value: 'oauth', label: 'OAuth 2.0', hint: 'Uses an OAuth app your ServiceNow administrator registered.' },
  ],
  mattermost: [
    { value: 'session', label: 'Browser session', hint: 'Uses the Mattermost sign-in you already have in this browser.' },
    { value: 'pat', label: 'Personal access token', hint: 'Create one under Profile › Security › Personal access tokens.' },
    { value: 'oauth', label: 'OAuth 2.0', hint: 'Uses an OAuth app your Mattermost administrator registered under Integrations › OAuth 2.0 Applications.' },
  ],
};

export interface ConnectionPanelProps {
  product: Product;
  base: string;
  status?: ConnectionStatus;
  /** the redirect URL an administrator registers for the OAuth app */
  redirectUrl: string;
  /** what an administrator preset by policy, and whether the user may change it */
  preset?: { method: Method; clientId?: string };
  locked?: boolean;
  onChange(): void;
}

/** How one site is signed in: choose a method and connect, or see who you are and disconnect. */
export function ConnectionPanel({ product, base, status, redirectUrl, preset, locked = false, onChange }: ConnectionPanelProps) {
  const [method, setMethod] = useState<Method>(status?.method ?? preset?.method ?? 'session');
  const [clientId, setClientId] = useState(preset?.clientId ?? '');
  const lockedMethod = locked && preset ? preset.method : undefined;
  const [clientSecret, setClientSecret] = useState('');
  const [accessToken, setAccessToken] = useState('');
  const [error, setError] = useState('');
  /** after a disconnect the server did not honour: said until the next attempt, here where the user just clicked */
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const host = new URL(base).host;
  const id = `${product}-${host.replace(/[^a-z0-9]/gi, '-')}`;

  const run = async (job: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    setNotice('');
    try {
      await job();
      setAccessToken('');
      setClientSecret('');
      onChange();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const connect = (chosen: Method) =>
    run(() =>
      send({
        type: 'connection/connect',
        product,
        base,
        method: chosen,
        ...(chosen === 'oauth' ? { clientId: clientId || undefined, clientSecret: clientSecret || undefined } : {}),
        ...(chosen === 'pat' ? { accessToken } : {}),
      }),
    );

  if (status?.state === 'connected') {
    return (
      <div class="connection">
        <p class="connected" role="status">
          Connected as {status.user.name} ({status.user.username})
        </p>
        <button
          type="button"
          disabled={busy}
          onClick={() => run(async () => setNotice((await send({ type: 'connection/disconnect', product, base })).revocationFailed ?? ''))}
        >
          Disconnect
        </button>
        {error && <p class="error" role="alert">{error}</p>}
      </div>
    );
  }

  const needsSignIn = status?.state === 'needs-sign-in';
  const canReconnect = needsSignIn && status.method !== 'pat';
  const signInTab = /Sign in to .* in a tab/.test(error);
  const current = METHODS[product].find((m) => m.value === method)!;

  return (
    <div class="connection">
      {notice && (
        <p class="warning" role="alert">
          {notice}
        </p>
      )}
      {needsSignIn && (
        <div class="needs-sign-in" role="status">
          <strong>Needs sign-in</strong>
          <span>
            {' '}
            — was {status.user.name} ({status.user.username}). {status.reason}
          </span>
          {canReconnect && (
            <button type="button" class="primary" disabled={busy} onClick={() => void connect(status.method)}>
              Reconnect
            </button>
          )}
        </div>
      )}
      <fieldset class="methods">
        <legend>Sign-in method</legend>
        {METHODS[product].map((m) => (
          <label key={m.value}>
            <input
              type="radio"
              name={`${id}-method`}
              value={m.value}
              checked={method === m.value}
              disabled={!!lockedMethod && lockedMethod !== m.value}
              onChange={() => setMethod(m.value)}
            />
            {m.label}
          </label>
        ))}
      </fieldset>
      <p class="hint">
        {current.hint}
        {lockedMethod && ' Your administrator set this sign-in method.'}
      </p>
      {method === 'oauth' && (
        <div class="oauth-fields">
          <label for={`${id}-client-id`}>Client ID</label>
          <input
            id={`${id}-client-id`}
            type="text"
            spellcheck={false}
            readOnly={locked && !!preset?.clientId}
            value={clientId}
            onInput={(e) => setClientId(e.currentTarget.value)}
          />
          <label for={`${id}-client-secret`}>Client secret</label>
          <input
            id={`${id}-client-secret`}
            type="password"
            autoComplete="off"
            placeholder="Leave empty for a public (PKCE) client"
            value={clientSecret}
            onInput={(e) => setClientSecret(e.currentTarget.value)}
          />
          <p class="redirect">
            Redirect URL to register: <code>{redirectUrl}</code>{' '}
            <button
              type="button"
              aria-label="Copy redirect URL"
              onClick={() => void navigator.clipboard.writeText(redirectUrl).then(() => setCopied(true))}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </p>
        </div>
      )}
      {method === 'pat' && (
        <div class="pat-fields">
          <label for={`${id}-token`}>Access token</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={accessToken}
            onInput={(e) => setAccessToken(e.currentTarget.value)}
          />
        </div>
      )}
      <div class="connect-row">
        <button type="button" class="primary" disabled={busy} onClick={() => void connect(method)}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
            {signInTab && (
              <>
                {' '}
                <button type="button" onClick={() => void browser.tabs.create({ url: base })}>
                  Open {host}
                </button>
              </>
            )}
          </p>
        )}
      </div>
    </div>
  );
}
