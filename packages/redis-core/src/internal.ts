// `@x/redis-core/internal`: what the sibling packages (@x/llm-cache, @x/semantic-cache,
// @x/chat-history, @x/vectorstore) share beyond the public API, written once here rather than
// in each. Not for applications: it follows those packages, with no semver promise of its own.

export {
  type AnswerScope,
  type AnswerStore,
  answerGeneration,
  type CacheableCall,
  type CacheSource,
  type ModelCacheOptions,
  type ModelCacheStats,
  ModelCallCache,
  type ServedFromCache,
  type StoredAnswer,
  storedAnswer,
} from './agents/model-call-cache.js';
export {
  contentText,
  type DescribeOptions,
  describeModelCall,
  type ModelCallKey,
  type ModelCallRequest,
} from './agents/model-call-key.js';
export { ReplayChatModel, replayChunks, streamingRequested } from './agents/replay.js';
export { withStreamingCache } from './agents/streaming-cache.js';
export { compareVersions } from './capabilities.js';
export type {
  MultiOptions,
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisCommandOptions,
  RedisArgument,
  SendOptions,
} from './connection-options.js';
export { Deadlines } from './deadlines.js';
export { type FilterNode, matchesFilter, resolveFilter } from './filter/index.js';
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
  checkTimeoutMs,
  checkTtlSeconds,
  hashText,
  requireString,
  ttlMilliseconds,
} from './option-checks.js';
export { classifyRedisFailure, toRedisOperationError } from './redis-operation-error.js';
export { parseInfo, replyToNumber, replyToRecord, replyToString } from './reply.js';
export { type ScanOptions, scanKeys, unlinkKeys } from './scan.js';
export { validateVector } from './vector-encoding.js';
export { planHybridQuery } from './vector-index/hybrid.js';
export { prefersBatches, serverIgnoresShare } from './vector-index/query-engine/hybrid-policy.js';
