import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['./vitest.setup.ts'],
    include: ['{lib,components,entrypoints,sim,scripts}/**/*.test.{ts,tsx}'],
    exclude: ['e2e/**', 'node_modules/**', '.output/**'],
    // Node's fetch refuses response headers past 16 KB; browsers take 256 KB. The Table API's Link header repeats
    // the query four times (first, prev, next, last), so a long watch query needs a browser's allowance.
    execArgv: ['--max-http-header-size=262144'],
  },
});
