import { createTsupConfig } from '@x/tsup-config';

// Two entry points sharing one copy of every module (classes such as RedisConnection must be
// the same in both), hence code splitting.
export default createTsupConfig({
  entry: ['src/index.ts', 'src/internal.ts'],
  splitting: true,
});
