import type { Page } from 'playwright-core';

/** Brings a post of the simulator's virtualised list into the DOM (its row may be an empty placeholder). */
export async function showPost(page: Page, postId: string): Promise<void> {
  await page.evaluate(async (id) => {
    const sim = (window as unknown as { __sim: { rowKeys(): string[]; scrollToRow(i: number): void; idle(): Promise<void> } }).__sim;
    await sim.idle();
    sim.scrollToRow(sim.rowKeys().findIndex((k) => k.includes(id)));
  }, postId);
  await page.locator(`#post_${postId}`).waitFor();
}
