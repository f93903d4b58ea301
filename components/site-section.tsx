import { useState } from 'preact/hooks';
import type { Product } from '@/lib/origins';
import { parseSiteAddress } from '@/lib/origins';
import type { SiteStatusMessage } from '@/lib/messages';
import { ConnectionPanel, type ConnectionStatus } from './connection-panel';

export interface SiteSectionProps {
  product: Product;
  title: string;
  fieldLabel: string;
  addLabel: string;
  placeholder: string;
  hint: string;
  sites: SiteStatusMessage[];
  connections: ConnectionStatus[];
  /** sites and sign-in preset by an administrator */
  managed: { bases: string[]; signIn?: { method: ConnectionStatus['method']; clientId?: string }; locked: boolean };
  redirectUrl: string;
  onConnectionChange(): void;
  /** must call permissions.request before any await: it is the first thing done inside the click */
  requestAccess(permissionPattern: string): Promise<boolean>;
  onAdd(base: string): Promise<void>;
  /** resolves with what to tell the user when the server kept its sign-in (revocation failed) */
  onRemove(base: string): Promise<string | undefined>;
}

const deniedMessage = (origin: string) => `NowBridge can't run on ${origin} until access is granted.`;

/** One product's list of sites, with the field that adds one and the buttons that remove them. */
export function SiteSection(props: SiteSectionProps) {
  const { product, title, fieldLabel, addLabel, sites } = props;
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  /** after a Remove whose sign-in the server did not revoke: the site's own panel is gone, so it is said here */
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const id = `${product}-site`;

  const add = (event: Event) => {
    event.preventDefault();
    const parsed = parseSiteAddress(value, product);
    if (!parsed.ok) return setError(parsed.error);
    const { site } = parsed;
    if (sites.some((s) => s.base === site.base)) return setError(`${site.base} is already in the list.`);
    setBusy(true);
    props
      .requestAccess(site.permissionPattern)
      .then(async (granted) => {
        if (!granted) return setError(deniedMessage(site.origin));
        await props.onAdd(site.base);
        setValue('');
        setError('');
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };

  const grant = (base: string) => {
    const parsed = parseSiteAddress(base, product);
    if (!parsed.ok) return;
    props.requestAccess(parsed.site.permissionPattern).then((granted) => {
      if (!granted) setError(deniedMessage(parsed.site.origin));
    }, () => setError(deniedMessage(parsed.site.origin)));
  };

  return (
    <section class="site-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      <p class="hint">{props.hint}</p>
      <form class="add-site" onSubmit={add} noValidate>
        <label for={`${id}-input`}>{fieldLabel}</label>
        <div class="field-row">
          <input
            id={`${id}-input`}
            type="text"
            inputMode="url"
            autoComplete="url"
            spellcheck={false}
            placeholder={props.placeholder}
            value={value}
            aria-invalid={error ? 'true' : 'false'}
            aria-describedby={error ? `${id}-error` : undefined}
            onInput={(e) => {
              setValue(e.currentTarget.value);
              if (error) setError('');
            }}
          />
          <button type="submit" disabled={busy}>
            {addLabel}
          </button>
        </div>
        {error && (
          <p id={`${id}-error`} class="error" role="alert">
            {error}
          </p>
        )}
      </form>
      {notice && (
        <p class="warning" role="alert">
          {notice}
        </p>
      )}
      {sites.length > 0 ? (
        <ul class="site-list" aria-label={`${title} sites`}>
          {sites.map((s) => (
            <li key={s.base}>
              <div class="site-row">
              <span class="site-base">{s.base}</span>
              {s.granted ? (
                <span class="status ok">Active</span>
              ) : (
                <>
                  <span class="status warn">Access not granted</span>
                  <button type="button" onClick={() => grant(s.base)} aria-label={`Grant access to ${s.base}`}>
                    Grant access
                  </button>
                </>
              )}
              {props.managed.bases.includes(s.base) ? (
                <span class="managed">Set by your administrator</span>
              ) : (
                <button type="button" class="remove" aria-label={`Remove ${s.base}`} onClick={() => void props.onRemove(s.base).then((n) => setNotice(n ?? ''))}>
                  Remove
                </button>
              )}
              </div>
              {s.granted && (
                <ConnectionPanel
                  product={product}
                  base={s.base}
                  status={props.connections.find((c) => c.base === s.base)}
                  redirectUrl={props.redirectUrl}
                  preset={props.managed.signIn}
                  locked={props.managed.locked}
                  onChange={props.onConnectionChange}
                />
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">None yet.</p>
      )}
    </section>
  );
}
