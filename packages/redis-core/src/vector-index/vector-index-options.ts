import type { FieldDefinition, FilterInput } from '../filter/index.js';
import type { VectorDatatype, VectorInput } from '../vector-encoding.js';
import type { ExistingIndexLayout } from './query-engine/document-layout.js';

/** The engines a vector index can run on. */
export const VECTOR_ENGINE = {
  /** The Query Engine when the server has it, else vector sets. */
  auto: 'auto',
  /** The Redis Query Engine (`FT.*`): Redis 8 full builds, Redis Stack, Redis Cloud. */
  queryEngine: 'query-engine',
  /** Vector sets (`VADD`/`VSIM`), built into every Redis 8. */
  vectorSet: 'vector-set',
} as const;

/** One of the {@link VECTOR_ENGINE} values. */
export type VectorEngineOption = (typeof VECTOR_ENGINE)[keyof typeof VECTOR_ENGINE];

/** An engine an index actually runs on. */
export type VectorEngine = Exclude<VectorEngineOption, 'auto'>;

/** How distance is measured. */
export const DISTANCE_METRIC = {
  /** 1 − cosine similarity, in [0, 2]; 0 = same direction. Both engines. */
  cosine: 'COSINE',
  /** The Query Engine's L2 distance (squared Euclidean in current releases). Query engine only. */
  l2: 'L2',
  /** 1 − inner product. Query engine only. */
  innerProduct: 'IP',
} as const;

/** One of the {@link DISTANCE_METRIC} values. */
export type DistanceMetric = (typeof DISTANCE_METRIC)[keyof typeof DISTANCE_METRIC];

/** The nearest-neighbour index structure. */
export const VECTOR_ALGORITHM = {
  /** Approximate, fast: a navigable small-world graph. Both engines. */
  hnsw: 'HNSW',
  /** Exact brute force. Query engine only. */
  flat: 'FLAT',
} as const;

/** One of the {@link VECTOR_ALGORITHM} values. */
export type VectorAlgorithm = (typeof VECTOR_ALGORITHM)[keyof typeof VECTOR_ALGORITHM];

/** How the vector-set engine stores vectors. */
export const VECTOR_QUANTIZATION = {
  /** Full 32-bit floats: exact distances (`NOQUANT`). */
  none: 'none',
  /** Signed 8-bit integers: a quarter of the memory, distances within about 1% (`Q8`). */
  int8: 'int8',
  /** One bit per dimension: fastest and smallest, lower recall (`BIN`). */
  binary: 'binary',
} as const;

/** One of the {@link VECTOR_QUANTIZATION} values. */
export type VectorQuantization = (typeof VECTOR_QUANTIZATION)[keyof typeof VECTOR_QUANTIZATION];

/** HNSW graph parameters. */
export interface HnswOptions {
  /** Links per node (`M`): more is better recall and more memory. @default 16 */
  m?: number;
  /** Candidates considered while inserting (`EF_CONSTRUCTION` / VADD `EF`). @default 200 */
  efConstruction?: number;
  /**
   * Candidates kept while searching (`EF_RUNTIME` / VSIM `EF`); each query may override it.
   * The default finds 0.95 or more of the exact 10 nearest neighbours among 10k embedding-like
   * 384-dimension vectors; uniformly random vectors (the worst case) need about 600.
   * @default 100
   */
  efRuntime?: number;
}

/** What an index stores and how it searches. */
export interface VectorIndexSchema {
  /**
   * Dimensions of every vector. When omitted, the index takes it from an existing index of the
   * same name, or else from the first vector written.
   */
  dimension?: number;
  /** @default 'COSINE' */
  metric?: DistanceMetric;
  /** @default 'HNSW' */
  algorithm?: VectorAlgorithm;
  /** HNSW parameters (ignored for FLAT). */
  hnsw?: HnswOptions;
  /** How the query engine stores vector elements (vector sets always use FLOAT32). @default 'FLOAT32' */
  datatype?: VectorDatatype;
  /** How the vector-set engine stores vectors (query engine: `none` only). @default 'none' */
  quantization?: VectorQuantization;
  /** Metadata fields that filters may use; all other metadata is stored but not filterable. */
  fields?: readonly FieldDefinition[];
}

/** Options of {@link createVectorIndex}. */
export interface VectorIndexOptions {
  /** The index's name (letters, digits, `_`, `.`, `-`, in `:`-separated segments). */
  name: string;
  /** Every key of the index starts with `<prefix>:`. @default name */
  prefix?: string;
  /** @default 'auto' */
  engine?: VectorEngineOption;
  /** @default {} (COSINE, HNSW, FLOAT32, dimension from the first vector, no fields) */
  schema?: VectorIndexSchema;
  /** Makes ids for documents written without one. @default crypto.randomUUID */
  generateId?: () => string;
  /** The clock expiry times are computed with, in milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** Hears failures of background work (the sweep of expired vector-set elements). */
  onError?: (error: Error) => void;
  /**
   * Vector sets: the index's own keys (the vector set, its expiry times, its schema record)
   * expire with its documents. Each write of a document with a `ttl` makes them live at least
   * until that document expires (never shorter than they already live); a document written
   * without one makes them persistent again. For an index whose documents all expire (a cache
   * partition): once nobody writes it, it leaves nothing behind, read or not. Writing documents
   * without `ttl` into such an index while others have one is not supported: they would
   * expire with the index. The Query Engine drops expired documents from its index itself,
   * and ignores this. @default false
   */
  expireWithDocuments?: boolean;
  /**
   * Attach to an index another library made (`@langchain/redis`: `langchainRedisLayout(name)`;
   * LangChain Python or RedisVL: their field names) instead of making one: its documents are
   * read and written in its own layout, its `FT.INFO` is checked against this layout and the
   * declared fields when it opens, and it is never created. Query Engine only.
   */
  existingIndex?: ExistingIndexLayout;
}

/** A document to write. */
export interface VectorDocument {
  /** Any non-empty string; a random UUID when omitted. Writing an existing id replaces it. */
  id?: string;
  vector: VectorInput;
  /** The text the vector was made from. */
  content: string;
  /** Any JSON-serializable object; the declared fields are also indexed for filters. */
  metadata?: Record<string, unknown>;
  /** Seconds until the document expires; it never expires when omitted. */
  ttl?: number;
}

/** A stored document. */
export interface StoredDocument {
  id: string;
  content: string;
  metadata: Record<string, unknown>;
  /** The stored vector, when asked for (vector sets return it as they store it). */
  vector?: number[];
}

/**
 * A query checked by `VectorIndex.prepareQuery`, waiting for its vector: run it with the
 * vector to get the results.
 */
export type PreparedVectorQuery = (vector: VectorInput) => Promise<VectorQueryResult[]>;

/** A nearest-neighbour query. */
export interface VectorQuery {
  vector: VectorInput;
  /** How many neighbours to return at most, 1 to 10000. */
  k: number;
  /** Only documents whose metadata matches. */
  filter?: FilterInput;
  /** Only documents at most this far (in the metric's distance; for COSINE in [0, 2]). */
  distanceThreshold?: number;
  /** Also return each document's stored vector (for MMR). @default false */
  returnVectors?: boolean;
  /** Overrides the schema's `hnsw.efRuntime` for this query. */
  efRuntime?: number;
}

/** One neighbour: a stored document and its distance to the query (see {@link DISTANCE_METRIC}). */
export interface VectorQueryResult extends StoredDocument {
  distance: number;
}

/** What {@link VectorIndex.info} reports. */
export interface VectorIndexInfo {
  name: string;
  engine: VectorEngine;
  /** Whether the index exists on the server. */
  exists: boolean;
  /** How many documents it holds (vector sets: after sweeping expired ones). */
  documents: number;
  /** Its vector dimension, once known. */
  dimension: number | undefined;
}

/** Options of {@link VectorIndex.upsert}. */
export interface UpsertOptions {
  /** Documents per pipelined round trip. @default 500 */
  chunkSize?: number;
}

/** Options of {@link VectorIndex.drop}. */
export interface DropOptions {
  /**
   * Also delete the documents. Without it the query engine keeps its hashes (recreating the
   * index re-indexes them); the vector-set engine keeps each document's content and metadata
   * hash but not its vector. @default false
   */
  deleteDocuments?: boolean;
}
