import { createVitestConfig } from '@x/test-utils/vitest-config';
import { mergeConfig } from 'vitest/config';

// The shared preset, plus a global setup that clears the previous run's figures and prints
// the totals (scripts/figures.mjs makes RELIABILITY.md of them).
export default mergeConfig(createVitestConfig(), {
  test: { globalSetup: ['./src/figures-setup.ts'] },
});
