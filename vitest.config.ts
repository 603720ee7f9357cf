import { defineConfig } from 'vitest/config';

// Reporters: vitest's own; the lab's summary of every run the scenario tests made (reports/test-summary.md, and
// $GITHUB_STEP_SUMMARY under GitHub Actions); JUnit XML where KEEPALIVE_LAB_JUNIT names a file (for CI test
// panels); failed tests as annotations under GitHub Actions; in CI, vitest's JSON result for .ci/run's last line.
const reporters = [
  'default',
  './scenarios/summary-reporter.ts',
  ...(process.env.KEEPALIVE_LAB_JUNIT ? ['junit'] : []),
  ...(process.env.GITHUB_ACTIONS === 'true' ? ['github-actions'] : []),
  ...(process.env.CI ? ['json'] : []),
];

export default defineConfig({
  test: {
    reporters,
    outputFile: { json: 'reports/vitest-results.json', junit: process.env.KEEPALIVE_LAB_JUNIT ?? 'reports/junit.xml' },
    projects: [
      {
        // Pure logic: the timing model, parsers, verdicts, report rendering, argument validation. No Docker.
        test: { name: 'unit', include: ['lab/**/*.test.ts', 'scripts/**/*.test.ts'] },
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
        },
      },
    ],
  },
});
