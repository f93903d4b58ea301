import { chromium } from 'playwright-core';
const dir = process.cwd() + '/.output/chrome-mv3-e2e';
const ctx = await chromium.launchPersistentContext('/tmp/prof-' + Date.now(), { executablePath: '/usr/bin/chromium', headless: true, args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, '--no-sandbox', '--disable-gpu'] });
const w = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker');
w.on('console', (m) => console.log('SW', m.type(), m.text()));
await new Promise((r) => setTimeout(r, 4000));
console.log('pages', ctx.pages().map((p) => p.url()));
console.log(await w.evaluate(() => [chrome.runtime.getURL('/frame.html'), chrome.runtime.dynamicId]));
await ctx.close();
