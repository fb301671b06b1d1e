import { defineConfig } from 'vitest/config';

// End-to-end tests drive the real frontend against the real Go backend in
// headless Chromium; each file starts its own app process.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});
