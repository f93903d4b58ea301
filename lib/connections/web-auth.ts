import { createPkce, createState } from '../auth/pkce';
import { HttpError } from '../http';

/** identity.launchWebAuthFlow, injected: resolves with the final redirect URL. */
export type LaunchWebAuthFlow = (details: { url: string; interactive: boolean }) => Promise<string | undefined>;

export interface AuthCode {
  code: string;
  verifier: string;
}

/**
 * Runs an authorization-code flow with PKCE and a random state that must come back unchanged.
 * Every way it can end badly gets a message saying what the user can do about it.
 */
export async function runAuthCodeFlow(
  launch: LaunchWebAuthFlow,
  buildUrl: (state: string, challenge: string) => string,
  redirectUri: string,
  interactive: boolean,
): Promise<AuthCode> {
  const state = createState();
  const pkce = await createPkce();
  const url = buildUrl(state, pkce.challenge);
  const host = new URL(url).host;
  let final: string | undefined;
  try {
    final = await launch({ url, interactive });
  } catch {
    throw new HttpError(
      'unauthorized',
      interactive
        ? `Sign-in to ${host} did not finish. If ${host} showed an error, ask your administrator to register this redirect URL for the OAuth app: ${redirectUri}`
        : `${host} needs you to sign in again.`,
    );
  }
  if (!final) throw new HttpError('unauthorized', `Sign-in to ${host} did not finish.`);
  const back = new URL(final);
  const params = back.searchParams.has('state') || back.searchParams.has('error') ? back.searchParams : new URLSearchParams(back.hash.slice(1));
  if (params.get('state') !== state) {
    throw new HttpError('unauthorized', `Sign-in to ${host} was refused: the answer did not belong to this sign-in (state mismatch). Try again.`);
  }
  const error = params.get('error');
  if (error === 'access_denied') throw new HttpError('unauthorized', `You declined access on ${host}, so nothing was connected.`);
  if (error) throw new HttpError('unauthorized', `${host} refused the sign-in (${error.slice(0, 60)}).`);
  const code = params.get('code');
  if (!code) throw new HttpError('unauthorized', `${host} did not send an authorization code.`);
  return { code, verifier: pkce.verifier };
}
