// @ts-check
import { defineConfig } from 'tsup';

/**
 * The shared build: ESM and CJS, each with its own declaration file (`.d.ts` / `.d.cts`),
 * so `import` and `require` users both get types that match the module they load.
 *
 * @param {Partial<import('tsup').Options>} [overrides]
 */
export function createTsupConfig(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
