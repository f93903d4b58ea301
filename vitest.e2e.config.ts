import { defineConfig } from 'vitest/config';

// End-to-end tests: the built extension in real headless Chromium against local servers, one file at a time.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Polls wait for the browser, which is slow on a busy 2-core machine; they end as soon as the condition holds.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
