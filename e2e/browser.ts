import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { ensureSystemTools } from '../scripts/system-tools.mjs';

export const EXTENSION_DIR = resolve('.output/chrome-mv3-e2e');

/** The system's Chromium (scripts/system-tools.mjs finds it, or installs it, or says what to install). Never skip. */
function chromiumPath(): string {
  return ensureSystemTools({ need: ['chromium'] }).chromium!;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** its profile (user data) directory: its processes' command lines name it, so a benchmark finds them among other browsers' */
  profile: string;
  worker: Worker;
  /** uncaught errors and console errors from the extension's pages, scripts and worker */
  errors: string[];
  /** a page of the extension opened as a tab, e.g. 'options.html' */
  openExtensionPage(path: string): Promise<Page>;
  /** a fresh handle on the (possibly restarted) service worker */
  serviceWorker(): Promise<Worker>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** host name → loopback port, so production-shaped origins reach the local servers */
  hosts: Record<string, number>;
  /** SPKI hash of the test certificate, trusted for pages and the service worker alike */
  spki: string;
  /** default true; the demo shows a window when there is a display */
  headless?: boolean;
}

/** Headless Chromium with the built e2e extension loaded, a fresh profile per call. */
export async function launchWithExtension(opts: LaunchOptions): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No e2e build at ${EXTENSION_DIR}: run \`npm run build:e2e\` first.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'nowbridge-profile-'));
  const context = await launchChromium(profile, opts, [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`]);
  const errors: string[] = [];
  const isOurs = (url: string) => url.startsWith('chrome-extension://');
  const watchPage = (page: Page) => {
    page.on('pageerror', (err) => {
      if (isOurs(page.url())) errors.push(`${page.url()}: ${err.message}`);
    });
    page.on('console', (msg) => {
      const loc = msg.location().url ?? '';
      if (msg.type() === 'error' && (isOurs(page.url()) || isOurs(loc))) errors.push(`${loc}: ${msg.text()}`);
    });
  };
  context.on('page', watchPage);
  context.pages().forEach(watchPage);

  const serviceWorker = async () =>
    context.serviceWorkers().find((w) => isOurs(w.url())) ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const worker = await serviceWorker();
  worker.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`service worker: ${msg.text()}`);
  });
  const extensionId = new URL(worker.url()).host;

  // A fresh install opens the options page by itself. Chromium's openOptionsPage reuses any tab that is
  // loading options.html, so a test opening its own before that happens has its navigation cut short.
  // Wait for the install tab and check it welcomes: tests then start from a settled browser. It stays open:
  // closing the only window ends Chromium's browsing session, and the session cookies tests add go with it.
  const optionsUrl = `chrome-extension://${extensionId}/options.html`;
  const welcomePage = await pageReaching(context, optionsUrl);
  await welcomePage.getByRole('heading', { name: 'Welcome to NowBridge' }).waitFor({ timeout: 15_000 });

  return {
    context,
    extensionId,
    profile,
    worker,
    errors,
    serviceWorker,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The same headless Chromium without NowBridge: the control a benchmark compares with (what the page costs on
 * its own). Nothing else differs: flags, host mapping, certificate.
 */
export async function launchWithoutExtension(opts: LaunchOptions): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'nowbridge-control-'));
  const context = await launchChromium(profile, opts, []);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function launchChromium(profile: string, opts: LaunchOptions, extensionArgs: string[]): Promise<BrowserContext> {
  const rules = Object.entries(opts.hosts).map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`);
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: opts.headless ?? true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
    args: [
      ...extensionArgs,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=${[...rules, 'EXCLUDE localhost'].join(',')}`,
      `--ignore-certificate-errors-spki-list=${opts.spki}`,
    ],
  });
}

/** The first tab of the context, open or yet to open, that reaches `url`. */
function pageReaching(context: BrowserContext, url: string): Promise<Page> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`No tab reached ${url} within 15 s of installing`)), 15_000);
    const done = (result: Page | Error) => {
      clearTimeout(timer);
      context.off('page', watch);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const watch = (page: Page) => {
      if (page.url() === url) done(page);
      else page.waitForURL(url, { timeout: 15_000 }).then(() => done(page), () => {});
    };
    context.on('page', watch);
    context.pages().forEach(watch);
  });
}
