import type { ExtensionBrowser } from '../../e2e/browser';
import type { Sims } from '../../e2e/sims';

/** One measured figure, printed beside its target. Lower is better for every figure here. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target: number;
  /** what the naive approach would cost, where the issue asks for it */
  baseline?: number;
  note?: string;
}

export interface BenchContext {
  sims: Sims;
  /** a fresh headless Chromium with the e2e build, every simulated host mapped */
  launch(): Promise<ExtensionBrowser>;
  /** configures both products and connects them by Browser session, as beth */
  connect(browser: ExtensionBrowser): Promise<void>;
}

/** The middle value (the upper one of an even count): benchmarks report medians, machines being noisy. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
