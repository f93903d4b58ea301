import type { Frame, Locator, Page } from 'playwright-core';

/** NowBridge's in-page frames: the extension's frame.html, at Chrome's dynamic extension URL. */
export const isNowBridgeFrame = (f: Frame) => /^chrome-extension:\/\/[^/]+\/frame\.html#/.test(f.url());

/** The extension frames in a page (nested ones too: the shell's form iframe hosts its own). */
export const nowbridgeFrames = (page: Page): Frame[] => page.frames().filter(isNowBridgeFrame);

/** The NowBridge frame of the page that holds an element with this role and name, once there is one. */
export async function findFrame(page: Page, role: Parameters<Page['getByRole']>[0], name: string | RegExp, timeoutMs = 10_000): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const f of nowbridgeFrames(page)) {
      if ((await f.getByRole(role, { name }).count().catch(() => 0)) > 0) return f;
    }
    if (Date.now() > until) throw new Error(`no NowBridge frame with ${role} "${String(name)}" in ${page.url()}`);
    await page.waitForTimeout(25);
  }
}

/**
 * The element with this role and name inside one of the page's NowBridge frames: how a test reaches the share
 * dialog, the search or the hover card. The page itself can't (another origin).
 */
export async function inFrame(page: Page, role: Parameters<Page['getByRole']>[0], name: string | RegExp, timeoutMs = 10_000): Promise<Locator> {
  return (await findFrame(page, role, name, timeoutMs)).getByRole(role, { name });
}

/**
 * The titles of the NowBridge frames in a page once a frame the test opens itself (`open`) has shown: frames asked
 * for before it (say, by a page script's attack) have had their turn by then, so their absence means something.
 */
export async function framesAfter(page: Page, open: () => Promise<void>, role: Parameters<Page['getByRole']>[0], name: string | RegExp): Promise<string[]> {
  await open();
  await findFrame(page, role, name);
  return Promise.all(nowbridgeFrames(page).map(async (f) => (await (await f.frameElement()).getAttribute('title')) ?? ''));
}
