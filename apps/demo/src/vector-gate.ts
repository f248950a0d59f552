import { gateSkipReason } from '@x/test-utils';

/**
 * Why the run's server cannot hold the demo's vector store and semantic cache (neither vector
 * sets nor the Query Engine), or `undefined` when it can; printed when a suite is skipped.
 */
export function vectorSearchMissing(): string | undefined {
  const vectorSets = gateSkipReason('vector-set');
  const queryEngine = gateSkipReason('query-engine');
  return vectorSets && queryEngine ? `${vectorSets}, and ${queryEngine}` : undefined;
}
