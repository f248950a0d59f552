export { compareVersions, detectCapabilities, type RedisCapabilities } from './capabilities.js';
export {
  type ConnectionErrorListener,
  type ConnectionOptions,
  type MultiOptions,
  type NodeRedisClient,
  type NodeRedisCluster,
  type NodeRedisCommandOptions,
  type RedisArgument,
  type RedisClientOrCluster,
  RedisConnection,
  type SendOptions,
} from './connection.js';
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
  type FilterNode,
  type FilterObject,
  matchesFilter,
  not,
  num,
  or,
  resolveFilter,
  type TagValue,
  tag,
  text,
} from './filter/index.js';
export { deserializeGenerations, serializeGenerations } from './generation-codec.js';
export {
  decodeKeySegment,
  encodeKeySegment,
  type KeyOptions,
  KeySchema,
  MAX_ENCODED_ID_LENGTH,
  validatePrefix,
} from './key-schema.js';
export {
  deserializeMessage,
  messageToStored,
  serializeMessage,
  storedToMessage,
} from './message-codec.js';
export {
  classifyRedisFailure,
  FAILURE_REASON,
  type FailureReason,
  RedisOperationError,
  toRedisOperationError,
} from './redis-operation-error.js';
export { parseInfo, replyToNumber, replyToRecord, replyToString } from './reply.js';
export { type ScanOptions, scanKeys, unlinkKeys } from './scan.js';
export {
  decodeVector,
  encodeVector,
  VECTOR_DATATYPE,
  type VectorDatatype,
  type VectorInput,
  validateVector,
} from './vector-encoding.js';
export {
  cosineDistance,
  createVectorIndex,
  DISTANCE_METRIC,
  type DistanceMetric,
  type DropOptions,
  type HnswOptions,
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
