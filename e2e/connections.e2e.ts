import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { HOSTS, MM_USERS, SN_USERS } from '../sim/fixtures';
import { browser, sims, useSimsAndBrowser } from './harness';
import { configureSites, signInBrowser } from './sims';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
const NOT_MM = `https://${HOSTS.notMattermost}`;
let options: Page;

useSimsAndBrowser(async () => {
  sims.sn.control.setFaults({ rotateRefreshTokens: false });
  await configureSites(browser.worker, { servicenow: [SN], mattermost: [MM, NOT_MM] });
  options = await browser.openExtensionPage('options.html');
});

const site = (region: 'ServiceNow' | 'Mattermost', base: string): Locator =>
  options.getByRole('region', { name: region }).getByRole('listitem').filter({ hasText: base });
const signInToServiceNow = () => signInBrowser(browser.context, HOSTS.servicenow, sims.sn.control.signIn(SN_USERS.agent.user_name).cookies);
const signInToMattermost = () => {
  const s = sims.mm.control.signIn(MM_USERS.agent.username);
  return signInBrowser(browser.context, HOSTS.mattermost, Object.entries(s.cookies).map(([name, value]) => ({ name, value })));
};
const status = (item: Locator) => item.getByRole('status').textContent();
const alert = (item: Locator) => item.getByRole('alert').textContent();
const stored = () => browser.worker.evaluate(async () => ({ local: await chrome.storage.local.get(null), sync: await chrome.storage.sync.get(null) }));

/** Clicks Connect and answers the authorization window the way the user would. */
async function connectWithOAuth(item: Locator, answer: 'Allow' | 'Deny' = 'Allow', button: 'Connect' | 'Reconnect' = 'Connect') {
  const popup = browser.context.waitForEvent('page');
  await item.getByRole('button', { name: button, exact: true }).click();
  const page = await popup;
  await page.getByRole('button', { name: answer }).click();
}

async function chooseOAuth(item: Locator, clientId: string, secret = '') {
  await item.getByRole('radio', { name: 'OAuth 2.0' }).check();
  await item.getByRole('textbox', { name: 'Client ID' }).fill(clientId);
  if (secret) await item.getByLabel('Client secret').fill(secret);
}

describe('ServiceNow connections', () => {
  test('Browser session: connects as the signed-in user', async () => {
    await signInToServiceNow();
    const item = site('ServiceNow', SN);
    expect(await item.getByRole('radio', { name: 'Browser session' }).isChecked()).toBe(true);
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth.anglin)');
  });

  test('Browser session without a session says to sign in, offers the instance, and saves nothing', async () => {
    const item = site('ServiceNow', SN);
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => alert(item)).toContain(`Sign in to ${HOSTS.servicenow} in a tab, then retry.`);
    expect(await item.getByRole('button', { name: `Open ${HOSTS.servicenow}` }).isVisible()).toBe(true);
    const { local } = await stored();
    expect(local.connections ?? {}).toEqual({});
    expect((local.settings as { servicenow: object[] }).servicenow).toEqual([{ base: SN }]);
  });

  test('OAuth 2.0 with PKCE (public client): Allow in the authorization window connects', async () => {
    await signInToServiceNow();
    const item = site('ServiceNow', SN);
    await chooseOAuth(item, 'nowbridge-public');
    expect(await item.getByText(`https://${browser.extensionId}.chromiumapp.org/servicenow`).isVisible()).toBe(true);
    await connectWithOAuth(item);
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth.anglin)');
    const exchange = sims.sn.requests.find((r) => r.pathname === '/oauth_token.do')!;
    const form = new URLSearchParams(exchange.body);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(exchange.headers.cookie).toBeUndefined(); // token calls never carry the browser's cookies
  });

  test('OAuth bad input: wrong secret, Deny, unregistered redirect — a clear error and nothing saved', async () => {
    await signInToServiceNow();
    const item = site('ServiceNow', SN);
    await chooseOAuth(item, 'nowbridge-confidential', 'wrong-secret');
    await connectWithOAuth(item);
    await expect.poll(() => alert(item)).toBe(
      `${HOSTS.servicenow} refused the sign-in. Check the Client ID and Client secret, and that the OAuth app lists NowBridge's redirect URL.`,
    );

    await connectWithOAuth(item, 'Deny');
    await expect.poll(() => alert(item)).toBe(`You declined access on ${HOSTS.servicenow}, so nothing was connected.`);

    sims.sn.control.registerOAuthClient({ client_id: 'elsewhere', name: 'Other', redirect_uris: ['https://elsewhere.example/cb'] });
    await chooseOAuth(item, 'elsewhere');
    // The instance answers with an error page (400), which Chromium reports as a failed flow.
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => alert(item)).toContain(`register this redirect URL for the OAuth app: https://${browser.extensionId}.chromiumapp.org/servicenow`);

    const { local } = await stored();
    expect(local.connections ?? {}).toEqual({});
    expect(await browser.worker.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('nowbridge-vault');
      open.onsuccess = () => {
        const db = open.result;
        const keys = db.transaction('secrets').objectStore('secrets').getAllKeys();
        keys.onsuccess = () => resolve(keys.result.filter((k) => typeof k === 'string'));
      };
    }))).toEqual([]);
  });

  test('an expired token: ten parallel calls make exactly one refresh and all succeed', async () => {
    await signInToServiceNow();
    const item = site('ServiceNow', SN);
    await chooseOAuth(item, 'nowbridge-confidential', 'nowbridge-secret');
    await connectWithOAuth(item);
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth.anglin)');

    sims.sn.control.expireAllTokens();
    const refreshes = () => sims.sn.requests.filter((r) => r.pathname === '/oauth_token.do' && new URLSearchParams(r.body).get('grant_type') === 'refresh_token').length;
    const before = refreshes();
    const results = await options.evaluate((base) =>
      Promise.all(Array.from({ length: 10 }, () => chrome.runtime.sendMessage({ type: 'connection/check', product: 'servicenow', base }))),
      SN,
    );
    expect(results.map((r: { ok: boolean }) => r.ok)).toEqual(Array(10).fill(true));
    expect(refreshes() - before).toBe(1);
  });

  test('a failed refresh shows "Needs sign-in", and Reconnect restores the connection', async () => {
    await signInToServiceNow();
    const item = site('ServiceNow', SN);
    await chooseOAuth(item, 'nowbridge-confidential', 'nowbridge-secret');
    await connectWithOAuth(item);
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth.anglin)');

    sims.sn.control.expireAllTokens({ includeRefresh: true });
    const r = await options.evaluate((base) => chrome.runtime.sendMessage({ type: 'connection/check', product: 'servicenow', base }), SN);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^Needs sign-in/);
    await expect.poll(() => status(item)).toMatch(/^Needs sign-in/);
    await connectWithOAuth(item, 'Allow', 'Reconnect'); // Reconnect reuses the app's client id and stored secret
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth.anglin)');
  });
});

describe('ServiceNow with single sign-on (a lost session redirects to the identity provider, another origin)', () => {
  test('Browser session: "Sign in in a tab" without a session, and "Needs sign-in" + Reconnect once it expires; never "Can\'t reach"', async () => {
    sims.sn.control.setSingleSignOn(true);
    try {
      const item = site('ServiceNow', SN);
      await item.getByRole('button', { name: 'Connect' }).click();
      await expect.poll(() => alert(item)).toContain(`Sign in to ${HOSTS.servicenow} in a tab, then retry.`);
      expect(await alert(item)).not.toMatch(/Can't reach/);

      await signInToServiceNow();
      await item.getByRole('button', { name: 'Connect' }).click();
      await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth.anglin)');

      sims.sn.control.expireSessions();
      const expiredAt = Math.max(...sims.sn.requests.map((q) => q.at)) + 1;
      const r = await options.evaluate((base) => chrome.runtime.sendMessage({ type: 'connection/check', product: 'servicenow', base }), SN);
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/^Needs sign-in/);
      await expect.poll(() => status(item)).toMatch(/^Needs sign-in/);
      expect(await item.textContent()).not.toMatch(/Can't reach/);
      // The instance really did send the extension off to the identity provider, not a 401.
      const sent = sims.sn.requests.filter((q) => q.at >= expiredAt && (q.pathname.startsWith('/api/') || q.pathname === '/navpage.do'));
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.map((q) => q.status)).toEqual(sent.map(() => 302));

      await signInToServiceNow();
      await item.getByRole('button', { name: 'Reconnect' }).click();
      await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth.anglin)');
    } finally {
      sims.sn.control.setSingleSignOn(false);
    }
  });
});

describe('Mattermost connections', () => {
  test('Browser session connects as the signed-in user', async () => {
    await signInToMattermost();
    const item = site('Mattermost', MM);
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth)');
  });

  test('Personal access token: a good one connects, a refused one says what to try', async () => {
    const item = site('Mattermost', MM);
    await item.getByRole('radio', { name: 'Personal access token' }).check();
    await item.getByLabel('Access token', { exact: true }).fill('not-a-real-token');
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => alert(item)).toBe('This token was refused. If personal access tokens are turned off on this server, use Browser session.');
    expect(await item.getByLabel('Access token', { exact: true }).inputValue()).toBe('not-a-real-token');

    await item.getByLabel('Access token', { exact: true }).fill(MM_USERS.agent.token);
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth)');
    const { local, sync } = await stored();
    expect(JSON.stringify({ local, sync })).not.toContain(MM_USERS.agent.token);
  });

  test('OAuth 2.0 with PKCE (public client) connects', async () => {
    await signInToMattermost();
    const item = site('Mattermost', MM);
    await chooseOAuth(item, 'nowbridge-mm-public');
    await connectWithOAuth(item);
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth)');
    const { local, sync } = await stored();
    const tokens = sims.mm.requests.flatMap((r) => (r.headers.authorization ? [r.headers.authorization.replace(/^Bearer /i, '')] : []));
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(JSON.stringify({ local, sync })).not.toContain(t);
  });

  test('Disconnect (OAuth) revokes the grant at Mattermost; when the server cannot, it still disconnects and says so', async () => {
    await signInToMattermost();
    const item = site('Mattermost', MM);
    const liveGrants = () =>
      [...sims.mm.store.sessions.values()].filter((s) => s.kind === 'oauth' && s.client_id === 'nowbridge-mm-public' && s.expires_at > Date.now()).length;
    await chooseOAuth(item, 'nowbridge-mm-public');
    await connectWithOAuth(item);
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth)');
    expect(liveGrants()).toBe(1);
    await item.getByRole('button', { name: 'Disconnect' }).click();
    await item.getByRole('button', { name: 'Connect', exact: true }).waitFor();
    expect(sims.mm.requests.some((r) => r.method === 'POST' && r.pathname === '/oauth/deauthorize')).toBe(true);
    expect(liveGrants()).toBe(0);
    expect(await item.getByRole('alert').count()).toBe(0);

    await chooseOAuth(item, 'nowbridge-mm-public');
    await connectWithOAuth(item);
    await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth)');
    sims.mm.control.setSettings({ enableOAuthProvider: false }); // an administrator turned the provider off meanwhile
    try {
      await item.getByRole('button', { name: 'Disconnect' }).click();
      await expect.poll(() => alert(item)).toMatch(
        /^Disconnected here, but chat\.example\.test did not revoke NowBridge's access: OAuth 2\.0 is turned off there\..*View and Log Out of Active Sessions/,
      );
      await item.getByRole('button', { name: 'Connect', exact: true }).waitFor();
      expect(await item.getByText(/Connected as/).count()).toBe(0);
      const { local } = await stored();
      expect(JSON.stringify(local.connections ?? {})).not.toContain(MM);
      expect((local.settings as { mattermost: { base: string; signIn?: unknown }[] }).mattermost.find((e) => e.base === MM)?.signIn).toBeUndefined();

      // Remove does the same disconnect; with the site's panel gone, the Mattermost section says it.
      sims.mm.control.setSettings({ enableOAuthProvider: true });
      await chooseOAuth(item, 'nowbridge-mm-public');
      await connectWithOAuth(item);
      await expect.poll(() => status(item)).toBe('Connected as Beth Anglin (beth)');
      sims.mm.control.setSettings({ enableOAuthProvider: false });
      await options.getByRole('button', { name: `Remove ${MM}` }).click();
      await expect.poll(() => options.getByRole('region', { name: 'Mattermost' }).getByRole('alert').textContent()).toMatch(
        /^Disconnected here, but chat\.example\.test did not revoke NowBridge's access/,
      );
      await expect.poll(() => item.count()).toBe(0);
    } finally {
      sims.mm.control.setSettings({ enableOAuthProvider: true });
      await configureSites(browser.worker, { servicenow: [SN], mattermost: [MM, NOT_MM] });
    }
  });

  test('a server that is not Mattermost (a web page instead of JSON) is named as such', async () => {
    const item = site('Mattermost', NOT_MM);
    await item.getByRole('radio', { name: 'Personal access token' }).check();
    await item.getByLabel('Access token', { exact: true }).fill(MM_USERS.agent.token);
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => alert(item)).toBe(`${HOSTS.notMattermost} answered with a web page instead of the Mattermost API. Is this the right address?`);
  });
});

describe('token custody', () => {
  test('page scripts on ServiceNow and Mattermost cannot reach the background or see a token', async () => {
    await signInToServiceNow();
    await signInToMattermost();
    const sn = site('ServiceNow', SN);
    await chooseOAuth(sn, 'nowbridge-public');
    await connectWithOAuth(sn);
    await expect.poll(() => status(sn)).toBe('Connected as Beth Anglin (beth.anglin)');
    const mm = site('Mattermost', MM);
    await mm.getByRole('radio', { name: 'Personal access token' }).check();
    await mm.getByLabel('Access token', { exact: true }).fill(MM_USERS.agent.token);
    await mm.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => status(mm)).toBe('Connected as Beth Anglin (beth)');
    const snToken = sims.sn.requests.filter((r) => r.headers.authorization).at(-1)!.headers.authorization!.replace(/^Bearer /, '');

    for (const url of [`${SN}/navpage.do`, `${MM}/ops/channels/town-square`]) {
      const page = await browser.context.newPage();
      await page.goto(url);
      await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-nowbridge'))).not.toBe(null);
      const attempt = await page.evaluate(async (id) => {
        const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => Promise<unknown> } } }).chrome?.runtime;
        if (!runtime?.sendMessage) return 'no runtime';
        try {
          return JSON.stringify(await runtime.sendMessage(id, { type: 'connection/list' }));
        } catch (err) {
          return `refused: ${String(err)}`;
        }
      }, browser.extensionId);
      expect(attempt === 'no runtime' || attempt.startsWith('refused')).toBe(true);
      // Forged in-page messages go nowhere either, and nothing token-like is in the page.
      await page.evaluate(() => window.postMessage({ type: 'connection/list' }, '*'));
      const html = await page.content();
      expect(html).not.toContain(snToken);
      expect(html).not.toContain(MM_USERS.agent.token);
    }
  });
});
