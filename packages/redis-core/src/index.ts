export { compareVersions, detectCapabilities, type RedisCapabilities } from './capabilities.js';
export {
  type ConnectionErrorListener,
  type ConnectionOptions,
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
