/** How a compact contract runs, beyond its connection and prefix. */
export interface ContractRun {
  /** How many entries, sessions or documents it writes. @default each contract's own */
  entries?: number;
  /**
   * Called once everything is written and before anything is deleted: for counting keys per
   * cluster node, or checking a keyspace.
   */
  onLoaded?: () => Promise<void>;
}
