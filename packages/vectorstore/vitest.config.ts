import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['@x/test-utils/global-setup'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
