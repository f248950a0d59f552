export {
  CACHE_OPERATION,
  type CacheErrorContext,
  type CacheErrorListener,
  type CacheOperation,
  CapabilityError,
  CorruptDataError,
  DimensionMismatchError,
  InvalidArgumentError,
  InvalidKeyError,
  RedisOperationError,
  RedisStoreError,
  SchemaMismatchError,
  SerializationError,
  TTL_MODE,
  type TtlMode,
  VECTOR_ENGINE,
  type VectorEngine,
  type VectorEngineOption,
} from '@x/redis-core';
// Streamed calls (model.stream(), streamEvents, streamMode 'messages') through the model's cache.
export { withStreamingCache } from '@x/redis-core/internal';
export type { SemanticCacheStats } from './cache-core.js';
export type { CacheScope, ScopeValue } from './cache-scope.js';
export type { CandidateExplanation, CandidateOutcome } from './choose-candidate.js';
export type { SemanticCacheClearOptions } from './clear-entries.js';
export { EmbeddingError } from './embedding-error.js';
export {
  type EmbeddingsCacheOptions,
  RedisEmbeddingsCache,
  type RedisEmbeddingsCacheOptions,
} from './redis-embeddings-cache.js';
export {
  RedisSemanticCache,
  type ScopedCacheView,
  type SemanticCacheInfo,
} from './redis-semantic-cache.js';
export type {
  RedisSemanticCacheOptions,
  SemanticCacheOptions,
  SemanticEmbeddingsCacheOptions,
} from './semantic-cache-options.js';
export type { DetailedLookup, LookupDetails, LookupExplanation } from './semantic-lookup.js';
// The hit verifiers (English only) are in `@x/semantic-cache/verifiers`.
export type { HitVerifier } from './verifiers/index.js';
