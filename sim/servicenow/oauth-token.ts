/**
 * POST /oauth_token.do and POST /oauth_revoke_token.do (ServiceNow docs, "OAuth authorization code flow").
 * The token endpoint reads form-encoded bodies only. A JSON body carries no parameters the instance can
 * see, so it fails like any other bad request: every token failure is the same
 * 401 {"error_description":"access_denied","error":"server_error"} a real instance sends.
 */
import type { SimRequest } from '../server';
import type { Grants, OAuthClient, TokenAnswer } from './oauth-grants';

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

export function sendTokenFailure(r: SimRequest): void {
  r.res.writeHead(401, { 'Content-Type': 'application/json;charset=UTF-8', ...NO_STORE });
  r.res.end(JSON.stringify({ error_description: 'access_denied', error: 'server_error' }));
}

function isForm(r: SimRequest): boolean {
  const type = (r.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded';
}

/** Client credentials from the body, or from HTTP Basic (RFC 6749 §2.3.1). */
function clientCredentials(r: SimRequest, form: URLSearchParams): { id: string | null; secret: string | null } {
  const auth = r.req.headers.authorization ?? '';
  if (/^basic /i.test(auth)) {
    const raw = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const i = raw.indexOf(':');
    if (i > 0) return { id: decodeURIComponent(raw.slice(0, i)), secret: decodeURIComponent(raw.slice(i + 1)) };
  }
  return { id: form.get('client_id'), secret: form.get('client_secret') };
}

export function handleToken(r: SimRequest, grants: Grants, rotate: () => boolean): void {
  if (r.method !== 'POST' || !isForm(r)) return sendTokenFailure(r);
  const form = new URLSearchParams(r.body);
  const { id, secret } = clientCredentials(r, form);
  const client: OAuthClient | undefined = grants.client(id);
  if (!client || !grants.authenticates(client, secret)) return sendTokenFailure(r);

  let answer: TokenAnswer | undefined;
  switch (form.get('grant_type')) {
    case 'authorization_code': {
      const code = form.get('code');
      answer = code ? grants.exchangeCode(client, code, form.get('redirect_uri'), form.get('code_verifier')) : undefined;
      break;
    }
    case 'refresh_token': {
      const token = form.get('refresh_token');
      answer = token ? grants.refresh(client, token, rotate()) : undefined;
      break;
    }
    default:
      answer = undefined;
  }
  if (!answer) return sendTokenFailure(r);
  r.res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', ...NO_STORE });
  r.res.end(JSON.stringify(answer));
}

/** Revocation answers 200 whether or not the token was known (RFC 7009 §2.2). */
export function handleRevoke(r: SimRequest, grants: Grants): void {
  if (r.method !== 'POST' || !isForm(r)) return sendTokenFailure(r);
  const token = new URLSearchParams(r.body).get('token');
  if (token) grants.revoke(token);
  r.res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', ...NO_STORE });
  r.res.end('{}');
}
