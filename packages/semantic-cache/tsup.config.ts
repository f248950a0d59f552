import { createTsupConfig } from '@x/tsup-config';

// The cache, its hit verifiers and its agent middleware (which needs `langchain`) on subpaths
// of their own; one copy of every module.
export default createTsupConfig({
  entry: ['src/index.ts', 'src/verifiers.ts', 'src/agents.ts'],
  splitting: true,
});
