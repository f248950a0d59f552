// The public API of @x/redis-core: what an application needs to share a connection, check a
// server, catch errors by type, build filters, use a vector index, and keep LangChain's bytes
// (`RedisByteStore`). What only the sibling
// packages need is in `./internal.ts` (`@x/redis-core/internal`).

export {
  type ByteStoreOptions,
  RedisByteStore,
  type RedisByteStoreOptions,
} from './byte-store/redis-byte-store.js';
export {
  CACHE_OPERATION,
  type CacheErrorContext,
  type CacheErrorListener,
  type CacheOperation,
  TTL_MODE,
  type TtlMode,
} from './cache-policy.js';
export { detectCapabilities, type RedisCapabilities } from './capabilities.js';
export { RedisConnection } from './connection.js';
export type {
  ConnectionErrorListener,
  ConnectionOptions,
  RedisClientOrCluster,
} from './connection-options.js';
export {
  CapabilityError,
  CorruptDataError,
  DimensionMismatchError,
  InvalidArgumentError,
  InvalidFilterError,
  InvalidKeyError,
  InvalidVectorError,
  RedisStoreError,
  type RedisStoreErrorOptions,
  SchemaMismatchError,
  SerializationError,
} from './errors.js';
export {
  and,
  FIELD_TYPE,
  type FieldDefinition,
  type FieldType,
  Filter,
  type FilterInput,
  type FilterObject,
  GEO_UNIT,
  type GeoPoint,
  type GeoUnit,
  geo,
  isMissing,
  type NumericValue,
  not,
  num,
  or,
  type TagValue,
  tag,
  text,
} from './filter/index.js';
export {
  FAILURE_REASON,
  type FailureReason,
  RedisOperationError,
} from './redis-operation-error.js';
export {
  decodeVector,
  encodeVector,
  VECTOR_DATATYPE,
  type VectorDatatype,
  type VectorInput,
} from './vector-encoding.js';
export {
  cosineDistance,
  createVectorIndex,
  DISTANCE_METRIC,
  type DistanceMetric,
  type DropOptions,
  ENGLISH_STOPWORDS,
  type ExistingIndexLayout,
  type HnswOptions,
  type HybridFusion,
  type HybridQuery,
  type HybridQueryResult,
  langchainPythonLayout,
  langchainRedisLayout,
  type PreparedHybridQuery,
  type PreparedVectorQuery,
  type StoredDocument,
  type UpsertOptions,
  VECTOR_ALGORITHM,
  VECTOR_ENGINE,
  VECTOR_QUANTIZATION,
  type VectorAlgorithm,
  type VectorDocument,
  type VectorEngine,
  type VectorEngineOption,
  VectorIndex,
  type VectorIndexInfo,
  type VectorIndexOptions,
  type VectorIndexSchema,
  type VectorQuantization,
  type VectorQuery,
  type VectorQueryResult,
} from './vector-index/index.js';
