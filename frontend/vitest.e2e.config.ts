import { defineConfig } from 'vitest/config';

// End-to-end tests drive the real frontend against the real Go backend in
// headless Chromium; each file starts its own app process (and registry) on
// a free port and a fresh temporary data directory, so two files run at
// once: most of a spec's time is spent waiting on the app, the browser and
// the network, which a second worker fills (2 cores; E2E_WORKERS=1 for
// one file at a time).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    // A failing test's pages and app logs are described in the log.
    setupFiles: ['tests/e2e/failures.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: Number(process.env.E2E_WORKERS ?? 2),
    reporters: ['verbose'],
    // expect.poll waits for what the app shows next; vitest's 1 s default
    // is shorter than a screen's answer on a loaded CI machine, and a poll
    // that succeeds returns at once, so a longer ceiling costs nothing.
    expect: { poll: { timeout: 15_000 } },
  },
});
