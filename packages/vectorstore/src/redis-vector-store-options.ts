import {
  type ConnectionOptions,
  type DistanceMetric,
  type ExistingIndexLayout,
  type FieldDefinition,
  type FilterInput,
  InvalidArgumentError,
  type VectorEngineOption,
  type VectorIndexOptions,
  type VectorIndexSchema,
} from '@x/redis-core';
import { checkTtlSeconds } from '@x/redis-core/internal';

/** A metadata field that filters may use: `{ name: 'genre', type: 'tag' }`. */
export type MetadataField = FieldDefinition;

/**
 * How the index stores and searches vectors; passed through to the index schema. Every field
 * is optional: `{}` is COSINE, HNSW (m 16, efConstruction 200, efRuntime 100), FLOAT32, no
 * quantization, and the dimension of the first embedding written.
 */
export type VectorIndexSettings = Omit<VectorIndexSchema, 'fields'>;

/** A filter on the declared metadata fields: built with `tag`, `num`, `text`, `and`, `or`, `not`, or a plain object. */
export type RedisVectorStoreFilter = FilterInput;

/** Options of `new RedisVectorStore(embeddings, options)`, besides `client` or `url`. */
export interface RedisVectorStoreSettings {
  /**
   * The index's name: letters, digits, `_`, `.`, `-`, in `:`-separated segments. Two stores
   * with the same name (and prefix) share their documents.
   */
  indexName: string;
  /** Every key of the index starts with `<prefix>:`. @default indexName */
  prefix?: string;
  /**
   * `'query-engine'` (FT.*, needs the Redis Query Engine), `'vector-set'` (VADD/VSIM, any Redis
   * 8), or `'auto'`: the Query Engine when the server has it, else vector sets.
   * @default 'auto'
   */
  engine?: VectorEngineOption;
  /**
   * The metadata fields filters may use. Other metadata is stored and returned whole but is
   * not filterable. `text` fields need the query-engine engine.
   * @default []
   */
  metadataSchema?: readonly MetadataField[];
  /** Vector index settings (dimension, metric, algorithm, HNSW parameters, datatype, quantization). @default {} */
  vectorIndex?: VectorIndexSettings;
  /** Seconds after which each document written expires; `addDocuments` may override it. @default never */
  ttl?: number;
  /** Texts sent to the embeddings per `embedDocuments` call. @default 512 */
  embeddingBatchSize?: number;
  /** Documents written per pipelined round trip. @default 500 */
  chunkSize?: number;
  /** Hears failures of background work (the sweep of expired vector-set documents). */
  onError?: (error: Error) => void;
  /**
   * Attach to an index another library made, in its layout: `langchainRedisLayout(indexName)`
   * for `@langchain/redis`, or the field names of LangChain Python / RedisVL. Its `FT.INFO` is
   * checked when the store opens, writes must fit it, and it is never created (Query Engine
   * only; see "Existing indexes" in the README).
   */
  existingIndex?: ExistingIndexLayout;
}

/** Options of `new RedisVectorStore(embeddings, options)`: `client` or `url`, and the settings. */
export type RedisVectorStoreOptions = ConnectionOptions & RedisVectorStoreSettings;

/** Options of `addDocuments` and `addVectors`. */
export interface RedisAddOptions {
  /**
   * The documents' ids, one per document, any non-empty strings. Without them a document's
   * own `id` is used, else a random UUID. Writing an existing id replaces that document.
   */
  ids?: readonly string[];
  /** Seconds until these documents expire. @default the store's `ttl` */
  ttl?: number;
}

/** Search options, given in place of `k` to the search methods. */
export interface RedisSearchOptions {
  /** How many documents to return at most, 1 to 10000. @default 4 */
  k?: number;
  /** Only documents whose metadata matches. */
  filter?: RedisVectorStoreFilter;
  /**
   * Only documents at most this far from the query, in the metric's distance (COSINE: 1 −
   * cosine similarity, from 0 for the same direction to 2). The server filters, in one query.
   */
  distanceThreshold?: number;
  /** HNSW candidates kept while searching: higher is more exact and slower. @default the index's efRuntime (100) */
  efRuntime?: number;
}

/** Options of `maxMarginalRelevanceSearch`. */
export interface RedisMaxMarginalRelevanceOptions extends Omit<RedisSearchOptions, 'k'> {
  /** How many documents to return. */
  k: number;
  /** How many nearest documents to choose from. @default 20 */
  fetchK?: number;
  /** 1 ranks by similarity to the query only, 0 by diversity only. @default 0.5 */
  lambda?: number;
}

/** What `delete` takes: exactly one of these. */
export type RedisDeleteParams =
  | { ids: readonly string[] }
  | { filter: RedisVectorStoreFilter }
  | { deleteAll: true };

/**
 * @throws {InvalidArgumentError} unless exactly one of `ids`, `filter` and `deleteAll: true`
 *   is given.
 */
export function checkDeleteParams(params: RedisDeleteParams): void {
  const given = (['ids', 'filter', 'deleteAll'] as const).filter(
    (key) => (params as Record<string, unknown> | undefined)?.[key] !== undefined,
  );
  if (
    given.length !== 1 ||
    (given[0] === 'deleteAll' && !('deleteAll' in params && params.deleteAll === true))
  ) {
    throw new InvalidArgumentError(
      'delete() takes exactly one of { ids }, { filter } and { deleteAll: true }',
    );
  }
}

/** The settings with their defaults, checked, and the index's options. */
export interface ResolvedSettings {
  ttl: number | undefined;
  embeddingBatchSize: number;
  chunkSize: number;
  /** What `createVectorIndex` takes (it checks the schema). */
  index: VectorIndexOptions;
  metric: DistanceMetric;
}

function positiveInteger(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(
      `\`${option}\` must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

/** @throws {InvalidArgumentError} for a bad option. */
export function resolveSettings(options: RedisVectorStoreSettings): ResolvedSettings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('RedisVectorStore needs options with `indexName`');
  }
  if (typeof options.indexName !== 'string') {
    throw new InvalidArgumentError('`indexName` is required: a name such as "docs"');
  }
  if (options.metadataSchema !== undefined && !Array.isArray(options.metadataSchema)) {
    throw new InvalidArgumentError('`metadataSchema` must be an array of { name, type } fields');
  }
  const fields = [...(options.metadataSchema ?? [])];
  return {
    ttl: checkTtlSeconds(options.ttl),
    embeddingBatchSize: positiveInteger(options.embeddingBatchSize, 'embeddingBatchSize', 512),
    chunkSize: positiveInteger(options.chunkSize, 'chunkSize', 500),
    index: {
      name: options.indexName,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.engine === undefined ? {} : { engine: options.engine }),
      schema: { ...options.vectorIndex, fields },
      ...(options.onError === undefined ? {} : { onError: options.onError }),
      ...(options.existingIndex === undefined ? {} : { existingIndex: options.existingIndex }),
    },
    metric: options.vectorIndex?.metric ?? 'COSINE',
  };
}
