import type { Page } from 'playwright-core';

/**
 * Clicks the popup Activity view's "Check now" and waits for that very check: the button goes busy, then done (the
 * view has been read again by then). Watching its attribute from before the click, so a quick check is not missed.
 */
export async function checkNow(p: Page): Promise<void> {
  const button = p.getByRole('button', { name: 'Check now' });
  const done = button.evaluate(
    (b) =>
      new Promise<void>((resolve) => {
        let busy = false;
        new MutationObserver(() => {
          if (b.getAttribute('aria-disabled') === 'true') busy = true;
          else if (busy) resolve();
        }).observe(b, { attributes: true, attributeFilter: ['aria-disabled'] });
      }),
  );
  await button.click();
  await done;
}
