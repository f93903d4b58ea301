import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['./vitest.setup.ts'],
    include: ['{lib,components,entrypoints,sim,scripts}/**/*.test.{ts,tsx}'],
    exclude: ['e2e/**', 'node_modules/**', '.output/**'],
  },
});
