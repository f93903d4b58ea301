/** The few HTML pages the API side serves: login, OAuth consent and the web error page. */
import { escapeHtml } from '../server';

const shell = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
  `<style>body{font-family:sans-serif;max-width:28rem;margin:4rem auto}input,button{display:block;margin:.5rem 0;padding:.4rem;width:100%}</style>` +
  `</head><body>${body}</body></html>`;

/** The login form with the real web app's field ids (input_loginId, input_password-input, saveSetting). */
export function loginPage(subpath: string, redirectTo: string, error?: string): string {
  return shell(
    'Mattermost',
    `<div id="login_section"><h1>Log in to your account</h1>` +
      (error ? `<div class="login-body-message-error" id="login_error">${escapeHtml(error)}</div>` : '') +
      `<form method="post" action="${escapeHtml(subpath)}/login">` +
      `<input type="hidden" name="redirect_to" value="${escapeHtml(redirectTo)}">` +
      `<label for="input_loginId">Email or Username</label><input id="input_loginId" name="login_id" type="text" autocomplete="username" autofocus>` +
      `<label for="input_password-input">Password</label><input id="input_password-input" name="password" type="password" autocomplete="current-password">` +
      `<button id="saveSetting" type="submit" class="btn btn-primary">Log in</button></form></div>`,
  );
}

/** The consent page for an untrusted app; both buttons post the original request back. */
export function consentPage(subpath: string, appName: string, fields: Record<string, string>): string {
  const hidden = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return shell(
    'Authorize application',
    `<div class="prompt"><h1>An application would like to connect to your Mattermost account</h1>` +
      `<p><strong id="oauth_app_name">${escapeHtml(appName)}</strong> would like the ability to access and modify your basic information.</p>` +
      `<p>Allow <strong>${escapeHtml(appName)}</strong> access?</p>` +
      `<form method="post" action="${escapeHtml(subpath)}/oauth/authorize">${hidden}` +
      `<button id="deny" type="submit" name="action" value="deny" class="btn btn-link">Deny</button>` +
      `<button id="allow" type="submit" name="action" value="allow" class="btn btn-primary">Allow</button></form></div>`,
  );
}

/** utils.RenderWebError: an HTML page naming the error id (bad OAuth parameters and the like). */
export function errorPage(id: string, message: string): string {
  return shell('Mattermost - Error', `<div class="error__container"><h2>Error</h2><p id="error_message">${escapeHtml(message)}</p><p id="error_id">${escapeHtml(id)}</p></div>`);
}
