export {
  CACHE_OPERATION,
  type CacheErrorContext,
  type CacheErrorListener,
  type CacheOperation,
  CorruptDataError,
  InvalidArgumentError,
  InvalidKeyError,
  RedisOperationError,
  RedisStoreError,
  SerializationError,
  TTL_MODE,
  type TtlMode,
} from '@x/redis-core';
// Streamed calls (model.stream(), streamEvents, streamMode 'messages') through the model's cache.
export { withStreamingCache } from '@x/redis-core/internal';
export {
  RedisCache,
  type RedisCacheClearOptions,
  type RedisCacheStats,
} from './redis-cache.js';
export type { CacheOptions, RedisCacheOptions } from './redis-cache-options.js';
