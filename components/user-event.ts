/**
 * Did the user do this, or did a page script dispatch it? NowBridge's UI lives in open shadow roots on pages it
 * doesn't control; a script there could call .click() on Post. Only real input (isTrusted) may act as the user.
 * Unit tests, whose events are all synthetic, replace this module (vitest.setup.ts).
 */
export const fromUser = (e: Event): boolean => e.isTrusted;
