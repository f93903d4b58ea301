/** What a user does about a failure, shared by the fault table's actions. */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { HOSTS } from '../../sim/fixtures';
import { nowbridgeFrames } from '../frames';
import type { FaultWorld, Shown } from './cell';

const BASE = { servicenow: `https://${HOSTS.servicenow}`, mattermost: `https://${HOSTS.mattermost}` } as const;

/**
 * "Needs sign-in": the site's Reconnect on the options page, until it says "Connected as …" again. An OAuth
 * connection opens its authorization window again: the user allows.
 */
export async function reconnect(w: FaultWorld): Promise<void> {
  const options = await w.browser.openExtensionPage('options.html');
  for (const [region, base] of [['ServiceNow', BASE.servicenow], ['Mattermost', BASE.mattermost]] as const) {
    const item = options.getByRole('region', { name: region }).getByRole('listitem').filter({ hasText: base });
    await item.getByRole('status').first().waitFor();
    const button = item.getByRole('button', { name: 'Reconnect', exact: true });
    if (await button.count()) {
      const connected = item.getByRole('status').filter({ hasText: /^Connected as / });
      const authorization = w.browser.context.waitForEvent('page', { timeout: 10_000 }).catch(() => undefined);
      await button.click();
      const window = await Promise.race([authorization, connected.waitFor().then(() => undefined)]);
      if (window) await window.getByRole('button', { name: 'Allow' }).click();
      await connected.waitFor();
    }
  }
  await options.close();
}

/** The OAuth apps the simulators register for NowBridge: confidential, so each grant carries a refresh token. */
const OAUTH_APPS = {
  servicenow: { region: 'ServiceNow', base: BASE.servicenow, clientId: 'nowbridge-confidential', secret: 'nowbridge-secret' },
  mattermost: { region: 'Mattermost', base: BASE.mattermost, clientId: 'nowbridge-mm-confidential', secret: 'nowbridge-mm-secret' },
} as const;

/** Connects a site by OAuth (the confidential app) on the options page instead of the browser session. */
export async function connectByOAuth(w: FaultWorld, product: keyof typeof OAUTH_APPS = 'servicenow'): Promise<void> {
  const app = OAUTH_APPS[product];
  const options = await w.browser.openExtensionPage('options.html');
  const item = options.getByRole('region', { name: app.region }).getByRole('listitem').filter({ hasText: app.base });
  await item.getByRole('button', { name: 'Disconnect' }).click();
  await item.getByRole('radio', { name: 'OAuth 2.0' }).check();
  await item.getByRole('textbox', { name: 'Client ID' }).fill(app.clientId);
  await item.getByLabel('Client secret').fill(app.secret);
  const authorization = w.browser.context.waitForEvent('page');
  await item.getByRole('button', { name: 'Connect', exact: true }).click();
  await (await authorization).getByRole('button', { name: 'Allow' }).click();
  await item.getByRole('status').filter({ hasText: /^Connected as / }).waitFor();
  await options.close();
}

/** The alert and status regions of a dialog, and whether it is busy. */
export async function dialogShown(dialog: Locator | FrameLocator | Page, busy = /…$/): Promise<Shown> {
  const alerts = (await dialog.getByRole('alert').allTextContents()).map((t) => t.trim()).filter(Boolean);
  const statuses = (await dialog.getByRole('status').allTextContents()).map((t) => t.trim()).filter(Boolean);
  return { alerts, statuses, busy: statuses.some((t) => busy.test(t)) };
}

/**
 * "Needs site access": the surface's own Allow access, in the page or one of its NowBridge frames. The fault's heal
 * gave the access back already (a test can't answer the browser's prompt), so the browser grants it without asking.
 */
export async function allowAccess(page: Page): Promise<void> {
  for (const target of [page, ...nowbridgeFrames(page)]) {
    const button = target.getByRole('button', { name: 'Allow access' });
    if (!(await button.count().catch(() => 0))) continue;
    await button.first().click();
    // the browser said yes (permissions.request, from this page or frame): the button goes
    await expect.poll(() => button.count()).toBe(0);
    return;
  }
  throw new Error(`no Allow access button in ${page.url()}`);
}
