import type { Page } from 'playwright-core';

/**
 * Brings a post of the simulator's virtualised list into the DOM (its row may be an empty placeholder). Rows that
 * grow above it (cards mounting) can move the list again before the post is drawn, as in the real list, so the
 * scroll is asked again until the post shows.
 */
export async function showPost(page: Page, postId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(async (id) => {
      const sim = (window as unknown as { __sim: { rowKeys(): string[]; scrollToRow(i: number): void; idle(): Promise<void> } }).__sim;
      await sim.idle();
      sim.scrollToRow(sim.rowKeys().findIndex((k) => k.includes(id)));
    }, postId);
    try {
      await page.locator(`#post_${postId}`).waitFor({ timeout: attempt < 4 ? 5_000 : 30_000 });
      return;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}
