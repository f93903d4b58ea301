import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { ExtensionBrowser } from './browser';
import { startSims, type Sims } from './sims';
import { launch } from './world';

// Live bindings: test files import these and read them inside tests and hooks, after they are set.
/** the simulators, one set per test file */
export let sims: Sims;
/** the browser, a fresh profile with the extension for every test */
export let browser: ExtensionBrowser;

/**
 * The usual e2e file: simulators for the whole file, a fresh browser per test, then `prepare` (configure, sign
 * in, connect). A test also fails if any extension page, content script or the worker logged an error.
 */
export function useSimsAndBrowser(prepare: () => Promise<void> = async () => {}): void {
  beforeAll(async () => {
    sims = await startSims();
  });
  afterAll(async () => {
    await sims?.stop();
  });
  beforeEach(async () => {
    browser = await launch(sims.hosts);
    await prepare();
  });
  afterEach(async () => {
    const errors = [...browser.errors];
    await browser.close();
    expect(errors).toEqual([]);
  });
}
