import { createTsupConfig } from '@x/tsup-config';

// The cache, and its hit verifiers on a subpath of their own; one copy of every module.
export default createTsupConfig({
  entry: ['src/index.ts', 'src/verifiers.ts'],
  splitting: true,
});
