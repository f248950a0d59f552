import type { VectorEngine } from '@x/redis-core';

/** How a compact contract runs, beyond its connection and prefix. */
export interface ContractRun {
  /** The vector engine, for the contracts of the vector store and the semantic cache. @default 'vector-set' */
  engine?: VectorEngine;
  /** How many entries, sessions or documents it writes. @default each contract's own */
  entries?: number;
  /**
   * Called once everything is written and before anything is deleted: for counting keys per
   * cluster node, or checking a keyspace.
   */
  onLoaded?: () => Promise<void>;
}
