import type { RedisCapabilities } from '../capabilities.js';
import type { RedisConnection } from '../connection.js';
import type { FilterNode } from '../filter/index.js';
import type { VectorInput } from '../vector-encoding.js';
import type { TextCandidate, VectorCandidate } from './hybrid.js';
import type { IndexKeys } from './index-keys.js';
import type { ExistingIndexLayout } from './query-engine/document-layout.js';
import type { ExistingSchema, ResolvedSchema } from './resolve-schema.js';
import type { StoredDocument, VectorEngine, VectorQueryResult } from './vector-index-options.js';

/** A document checked and ready to write. */
export interface PreparedDocument {
  id: string;
  vector: VectorInput;
  content: string;
  /** The metadata as stored (JSON), and as read back. */
  metadataJson: string;
  metadata: Record<string, unknown>;
  /** When it expires, in ms since the epoch. */
  expiresAt: number | undefined;
}

/** A query checked and ready to send; `filter` is already compiled for the engine. */
export interface PreparedQuery {
  vector: VectorInput;
  k: number;
  filter: string | undefined;
  distanceThreshold: number | undefined;
  returnVectors: boolean;
  efRuntime: number;
  /**
   * Query Engine, HNSW, with a filter: search the graph in batches (`HYBRID_POLICY BATCHES`)
   * rather than leave the choice to the server (see `HybridPolicyPlanner`).
   */
  batches?: boolean;
}

/** A hybrid query ready to send: `filter` compiled, `terms` checked (see `planHybridQuery`). */
export interface PreparedHybridSearch {
  vector: VectorInput;
  terms: readonly string[];
  /** Documents each ranking returns at most. */
  candidates: number;
  filter: string | undefined;
  efRuntime: number;
}

/** What an engine gets from its index. */
export interface EngineContext {
  connection: RedisConnection;
  keys: IndexKeys;
  capabilities: RedisCapabilities;
  /** The schema; its dimension may be learnt after the engine is made. */
  schema: () => ResolvedSchema;
  now: () => number;
  onError: (error: Error) => void;
  /** Vector sets: the index's keys expire with its documents (the option of that name). */
  expireWithDocuments: boolean;
  /** Query engine: the layout of an index made by another library, attached to. */
  existingIndex: ExistingIndexLayout | undefined;
}

/** The Redis work of one engine; the index does the checking, defaults and batching. */
export interface VectorIndexEngine {
  readonly kind: VectorEngine;
  /** The Redis key of a document's hash, as this engine lays keys out. */
  documentKey(id: string): string;
  /** @throws {InvalidFilterError} when the engine cannot express the filter. */
  compileFilter(node: FilterNode): string;
  /** The existing index's schema, or `undefined` when there is none. */
  load(): Promise<ExistingSchema | undefined>;
  /** Creates the index; `false` when one already existed (made by someone else meanwhile). */
  create(): Promise<boolean>;
  drop(deleteDocuments: boolean): Promise<void>;
  count(): Promise<number>;
  /** Writes one chunk, pipelined. */
  write(documents: readonly PreparedDocument[]): Promise<void>;
  remove(ids: readonly string[]): Promise<number>;
  removeWhere(filter: string): Promise<number>;
  read(ids: readonly string[], withVectors: boolean): Promise<(StoredDocument | undefined)[]>;
  search(query: PreparedQuery): Promise<VectorQueryResult[]>;
  /** @throws {CapabilityError} when the engine has no full-text search for hybrid queries. */
  checkHybridSearch(): void;
  /** The two rankings of a hybrid query, from one round trip. */
  hybridSearch(
    query: PreparedHybridSearch,
  ): Promise<{ vector: VectorCandidate[]; text: TextCandidate[] }>;
}
