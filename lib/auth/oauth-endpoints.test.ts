import { describe, expect, test } from 'vitest';
import { codeGrantForm, refreshGrantForm, type OAuthClient } from './oauth-endpoints';

const confidential: OAuthClient = { clientId: 'id-1', clientSecret: 's3cret', redirectUri: 'https://ext.example/servicenow' };
const publicClient: OAuthClient = { clientId: 'id-2', redirectUri: 'https://ext.example/mattermost' };

describe('grant forms', () => {
  test('the code grant always carries the PKCE verifier and the redirect URI; the secret only when there is one', () => {
    expect(codeGrantForm(confidential, 'c0de', 'v'.repeat(43))).toEqual({
      grant_type: 'authorization_code',
      code: 'c0de',
      redirect_uri: 'https://ext.example/servicenow',
      client_id: 'id-1',
      client_secret: 's3cret',
      code_verifier: 'v'.repeat(43),
    });
    expect(codeGrantForm(publicClient, 'c0de', 'v'.repeat(43)).client_secret).toBeUndefined();
  });

  test('the refresh grant names the redirect URI only where the server checks it (Mattermost)', () => {
    expect(refreshGrantForm(confidential, 'r1')).toEqual({ grant_type: 'refresh_token', refresh_token: 'r1', client_id: 'id-1', client_secret: 's3cret' });
    expect(refreshGrantForm(publicClient, 'r2', true)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'r2',
      client_id: 'id-2',
      client_secret: undefined,
      redirect_uri: 'https://ext.example/mattermost',
    });
  });
});
