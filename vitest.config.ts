import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // In CI, also a machine-readable result that .ci/run turns into its closing line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'reports/vitest-results.json' },
    projects: [
      {
        // Pure logic: the timing model, parsers, verdicts, report rendering, argument validation. No Docker.
        test: { name: 'unit', include: ['lab/**/*.test.ts'] },
      },
      {
        // Real containers on a real Docker engine and kernel. Builds missing images once, up front.
        test: {
          name: 'scenarios',
          include: ['scenarios/**/*.test.ts'],
          globalSetup: ['scenarios/global-setup.ts'],
          testTimeout: 120_000,
          // Each run is 4 containers; more at once on a 2-core machine starts to delay the agents' events.
          maxConcurrency: 4,
          // The clean-up tests start three lab processes of their own: not on top of the scenarios.
          fileParallelism: false,
          hookTimeout: 120_000,
          env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
        },
      },
    ],
  },
});
