/**
 * GET/POST /oauth_auth.do (ServiceNow docs, "OAuth authorization code flow"): validate the request, log the user in if needed, ask
 * Allow/Deny, then redirect with a code (or error=access_denied).
 *
 * Problems that make the redirect target untrustworthy (unknown client, redirect_uri not registered
 * exactly) and a missing `state` get an HTML error page and no redirect. Once the redirect target is
 * known good, protocol errors (response_type, PKCE) go back to the client as RFC 6749 §4.1.2.1 errors.
 */
import type { SimRequest } from '../server';
import { isPublic, type Grants, type OAuthClient } from './oauth-grants';
import { banner, escapeHtml, htmlDocument, sendHtml } from './pages/html';
import { sendLoginPage } from './pages/login';
import type { Sessions } from './session';

/** The parameters that travel through the login and consent steps. */
const CARRIED = ['response_type', 'client_id', 'redirect_uri', 'state', 'scope', 'code_challenge', 'code_challenge_method'] as const;

type Checked =
  | { kind: 'page'; message: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'ok'; client: OAuthClient; redirectUri: string; state: string; challenge?: string };

export function withParams(uri: string, params: Record<string, string>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

function check(p: URLSearchParams, grants: Grants): Checked {
  const client = grants.client(p.get('client_id'));
  if (!client) return { kind: 'page', message: 'Invalid client_id' };
  const redirectUri = p.get('redirect_uri');
  if (!redirectUri || !client.redirect_uris.includes(redirectUri)) return { kind: 'page', message: 'Invalid redirect_uri' };
  const state = p.get('state');
  if (!state) return { kind: 'page', message: 'Missing State parameter in request' };
  const fail = (error: string, error_description: string): Checked => ({
    kind: 'redirect',
    location: withParams(redirectUri, { error, error_description, state }),
  });
  if (p.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  const challenge = p.get('code_challenge') ?? undefined;
  const method = p.get('code_challenge_method');
  if (challenge === undefined && method !== null) return fail('invalid_request', 'code_challenge is missing');
  if (challenge !== undefined && method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  if (challenge !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'code_challenge is malformed');
  if (isPublic(client) && challenge === undefined) return fail('invalid_request', 'code_challenge is required for public clients');
  return { kind: 'ok', client, redirectUri, state, challenge };
}

const CSS = `
.oauth-box{max-width:460px;margin:64px auto;background:#fff;border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.15);padding:28px}
.oauth-box h1{font-size:20px;margin:0 0 12px}
.oauth-actions{display:flex;gap:12px;margin-top:22px}
.oauth-actions button{flex:1;padding:9px;border-radius:3px;font-weight:600;cursor:pointer;border:1px solid #278efc}
#oauth_allow{background:#278efc;color:#fff}
#oauth_deny{background:#fff;color:#278efc}
`;

function errorPage(r: SimRequest, sessions: Sessions, message: string): void {
  const body = `${banner(undefined)}<div class="oauth-box oauth-error"><h1>OAuth error</h1><div class="outputmsg outputmsg_error" role="alert">${escapeHtml(message)}</div></div>`;
  sendHtml(r, sessions, 400, htmlDocument({ title: 'OAuth error | ServiceNow', body, css: CSS }));
}

function consentPage(r: SimRequest, sessions: Sessions, p: URLSearchParams, client: OAuthClient, userName: string, g_ck: string): void {
  const hidden = CARRIED.filter((k) => p.has(k))
    .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(p.get(k)!)}">`)
    .join('\n');
  const name = escapeHtml(client.name ?? client.client_id);
  const body = `${banner(userName)}
<div class="oauth-box oauth-consent">
<h1>Connect ${name}</h1>
<p><strong>${name}</strong> would like to connect to your ServiceNow account <strong>${escapeHtml(userName)}</strong>.</p>
<p>It will be able to read and change what you can (scope: useraccount).</p>
<form id="oauth_consent" method="post" action="/oauth_auth.do">
${hidden}
<input type="hidden" name="sysparm_ck" value="${escapeHtml(g_ck)}">
<div class="oauth-actions">
<button type="submit" id="oauth_deny" name="action" value="deny">Deny</button>
<button type="submit" id="oauth_allow" name="action" value="allow">Allow</button>
</div>
</form>
</div>`;
  sendHtml(r, sessions, 200, htmlDocument({ title: 'Connect | ServiceNow', body, css: CSS, g_ck }));
}

function redirect(r: SimRequest, location: string): void {
  r.res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
  r.res.end();
}

export function handleAuthorize(r: SimRequest, grants: Grants, sessions: Sessions): void {
  const p = r.method === 'POST' ? new URLSearchParams(r.body) : r.url.searchParams;
  const checked = check(p, grants);
  if (checked.kind === 'page') return errorPage(r, sessions, checked.message);
  if (checked.kind === 'redirect') return redirect(r, checked.location);

  const session = sessions.fromRequest(r.req);
  if (!session) {
    const again = new URLSearchParams();
    for (const k of CARRIED) if (p.has(k)) again.set(k, p.get(k)!);
    return sendLoginPage(r, sessions, `/oauth_auth.do?${again}`);
  }
  if (r.method !== 'POST') return consentPage(r, sessions, p, checked.client, session.user.user_name, session.g_ck);

  // The consent form is CSRF-protected by the session token, like every classic form post.
  if (p.get('sysparm_ck') !== session.g_ck) return errorPage(r, sessions, 'Invalid security token, please try again');
  if (p.get('action') !== 'allow') return redirect(r, withParams(checked.redirectUri, { error: 'access_denied', state: checked.state }));
  const code = grants.newCode(checked.client.client_id, checked.redirectUri, session.user, checked.challenge);
  redirect(r, withParams(checked.redirectUri, { code, state: checked.state }));
}
