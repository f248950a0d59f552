import { createTsupConfig } from '@x/tsup-config';

// The cache, and its agent middleware on a subpath of its own (it needs `langchain`).
export default createTsupConfig({
  entry: ['src/index.ts', 'src/agents.ts'],
  splitting: true,
});
