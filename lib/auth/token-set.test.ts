import { describe, expect, it } from 'vitest';
import { isExpiring, mattermostTokenResponse, serviceNowTokenResponse, toTokenSet, tokenSet } from './token-set';

const NOW = 1_700_000_000_000;

// Exact bodies as the ServiceNow docs, "OAuth authorization code flow" and Mattermost's `server/channels/app/oauth.go` give them.
const SN_BODY = '{"access_token":"…","refresh_token":"…","scope":"useraccount","token_type":"Bearer","expires_in":1799}';
const MM_BODY = '{"access_token":"at","token_type":"bearer","expires_in":2592000,"scope":"","refresh_token":"rt","id_token":""}';

describe('serviceNowTokenResponse', () => {
  it('parses the documented body', () => {
    const r = serviceNowTokenResponse.parse(JSON.parse(SN_BODY));
    expect(r).toEqual({ access_token: '…', refresh_token: '…', scope: 'useraccount', token_type: 'Bearer', expires_in: 1799 });
    expect(toTokenSet(r, NOW)).toEqual({
      accessToken: '…',
      refreshToken: '…',
      expiresAt: NOW + 1_799_000,
      tokenType: 'Bearer',
    });
  });

  it('accepts token_type in any case and expires_in as a numeric string', () => {
    const r = serviceNowTokenResponse.parse({ access_token: 'a', token_type: 'BEARER', expires_in: '1800' });
    expect(r.token_type).toBe('Bearer');
    expect(r.expires_in).toBe(1800);
  });

  it('treats refresh_token and scope as optional (public clients)', () => {
    const r = serviceNowTokenResponse.parse({ access_token: 'a', token_type: 'Bearer', expires_in: 1799 });
    expect(toTokenSet(r, NOW)).toEqual({ accessToken: 'a', expiresAt: NOW + 1_799_000, tokenType: 'Bearer' });
  });

  it('refuses non-bearer tokens, empty access tokens and junk lifetimes', () => {
    const ok = { access_token: 'a', token_type: 'Bearer', expires_in: 1799 };
    expect(serviceNowTokenResponse.safeParse({ ...ok, token_type: 'mac' }).success).toBe(false);
    expect(serviceNowTokenResponse.safeParse({ ...ok, access_token: '' }).success).toBe(false);
    expect(serviceNowTokenResponse.safeParse({ ...ok, expires_in: '12abc' }).success).toBe(false);
    expect(serviceNowTokenResponse.safeParse({ ...ok, expires_in: -1 }).success).toBe(false);
    expect(serviceNowTokenResponse.safeParse({ ...ok, expires_in: 1.5 }).success).toBe(false);
  });

  it('refuses the documented error body', () => {
    expect(serviceNowTokenResponse.safeParse({ error_description: 'access_denied', error: 'server_error' }).success).toBe(false);
  });
});

describe('mattermostTokenResponse', () => {
  it('parses the documented body', () => {
    const r = mattermostTokenResponse.parse(JSON.parse(MM_BODY));
    expect(r.token_type).toBe('Bearer');
    expect(toTokenSet(r, NOW)).toEqual({
      accessToken: 'at',
      refreshToken: 'rt',
      expiresAt: NOW + 2_592_000_000,
      tokenType: 'Bearer',
    });
  });

  it('drops unknown fields such as audience', () => {
    const r = mattermostTokenResponse.parse({ ...JSON.parse(MM_BODY), audience: 'x' });
    expect(r).not.toHaveProperty('audience');
  });

  it('treats an empty refresh token (public client) as none', () => {
    const r = mattermostTokenResponse.parse({ ...JSON.parse(MM_BODY), refresh_token: '' });
    expect(r.refresh_token).toBeUndefined();
    expect(toTokenSet(r, NOW)).not.toHaveProperty('refreshToken');
  });

  it('requires expires_in', () => {
    const { expires_in: _, ...body } = JSON.parse(MM_BODY) as Record<string, unknown>;
    expect(mattermostTokenResponse.safeParse(body).success).toBe(false);
  });

  it('refuses an AppError body', () => {
    expect(mattermostTokenResponse.safeParse({ id: 'api.oauth.get_access_token.bad_grant.app_error' }).success).toBe(false);
  });
});

describe('toTokenSet on refresh', () => {
  const previous = { accessToken: 'old', refreshToken: 'old-rt', expiresAt: NOW, tokenType: 'Bearer' as const };

  it('persists a rotated refresh token', () => {
    const r = mattermostTokenResponse.parse({ ...JSON.parse(MM_BODY), refresh_token: 'new-rt' });
    expect(toTokenSet(r, NOW, previous).refreshToken).toBe('new-rt');
  });

  it('keeps the old refresh token when the response carries none', () => {
    const r = serviceNowTokenResponse.parse({ access_token: 'new', token_type: 'Bearer', expires_in: 1799 });
    expect(toTokenSet(r, NOW, previous)).toEqual({
      accessToken: 'new',
      refreshToken: 'old-rt',
      expiresAt: NOW + 1_799_000,
      tokenType: 'Bearer',
    });
  });

  it('leaves expiresAt out when the server gives no lifetime', () => {
    const r = serviceNowTokenResponse.parse({ access_token: 'a', token_type: 'Bearer' });
    expect(toTokenSet(r, NOW)).toEqual({ accessToken: 'a', tokenType: 'Bearer' });
  });
});

describe('isExpiring', () => {
  const set = { accessToken: 'a', tokenType: 'Bearer' as const, expiresAt: NOW + 120_000 };

  it('uses a 60 s skew by default', () => {
    expect(isExpiring(set, NOW)).toBe(false);
    expect(isExpiring(set, NOW + 59_999)).toBe(false);
    expect(isExpiring(set, NOW + 60_000)).toBe(true);
    expect(isExpiring(set, NOW + 500_000)).toBe(true);
  });

  it('takes a custom skew', () => {
    expect(isExpiring(set, NOW, 0)).toBe(false);
    expect(isExpiring(set, NOW + 120_000, 0)).toBe(true);
    expect(isExpiring(set, NOW, 120_000)).toBe(true);
  });

  it('never calls a token without a known lifetime expiring', () => {
    expect(isExpiring({ accessToken: 'a', tokenType: 'Bearer' }, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});

describe('tokenSet schema', () => {
  it('round-trips a token set and refuses junk', () => {
    const t = { accessToken: 'a', refreshToken: 'r', expiresAt: NOW, tokenType: 'Bearer' };
    expect(tokenSet.parse(t)).toEqual(t);
    expect(tokenSet.safeParse({ ...t, tokenType: 'bearer' }).success).toBe(false);
    expect(tokenSet.safeParse({ ...t, accessToken: '' }).success).toBe(false);
    expect(tokenSet.safeParse({ ...t, refreshToken: '' }).success).toBe(false);
    expect(tokenSet.safeParse(null).success).toBe(false);
  });
});
