// Plain JavaScript: vitest loads config files' dependencies from node_modules with Node itself.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Where each package's run writes its JSON results, read by `scripts/test.mjs` for the total. */
export const RESULTS_FILE = 'node_modules/.vitest-results/results.json';

/**
 * `X_REDIS_CLIENT_DIR`: a directory where another node-redis version is installed
 * (`scripts/test-clients.mjs` puts the ends of the peer range there); every `redis` import of
 * the run, ours and the tests', then loads that one instead of the workspace's.
 */
function clientAlias() {
  const directory = process.env.X_REDIS_CLIENT_DIR;
  if (!directory) return [];
  return [
    {
      find: /^redis(\/.*)?$/,
      replacement: `${join(resolve(directory), 'node_modules/redis')}$1`,
    },
  ];
}

/**
 * The vitest configuration every package tests with: unit and integration tests beside their
 * sources, one real Redis per run (the global setup), and JSON results for the run's total.
 * `overrides` are further test options (LangGraph's conformance suite needs `globals: true`).
 */
export function createVitestConfig(overrides = {}) {
  return defineConfig({
    resolve: { alias: clientAlias() },
    test: {
      include: ['src/**/*.test.ts'],
      passWithNoTests: true,
      globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      reporters: ['default', ['json', { outputFile: RESULTS_FILE }]],
      ...overrides,
    },
  });
}
