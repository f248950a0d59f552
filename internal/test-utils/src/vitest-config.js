// Plain JavaScript: vitest loads config files' dependencies from node_modules with Node itself.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Where each package's run writes its JSON results, read by `scripts/test.mjs` for the total. */
export const RESULTS_FILE = 'node_modules/.vitest-results/results.json';

/**
 * The vitest configuration every package tests with: unit and integration tests beside their
 * sources, one real Redis per run (the global setup), and JSON results for the run's total.
 */
export function createVitestConfig() {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      passWithNoTests: true,
      globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      reporters: ['default', ['json', { outputFile: RESULTS_FILE }]],
    },
  });
}
