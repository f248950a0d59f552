export {
  CorruptDataError,
  InvalidArgumentError,
  InvalidKeyError,
  RedisOperationError,
  RedisStoreError,
  SerializationError,
} from '@x/redis-core';
export {
  RedisCache,
  type RedisCacheClearOptions,
  type RedisCacheStats,
} from './redis-cache.js';
export {
  CACHE_OPERATION,
  type CacheErrorContext,
  type CacheErrorListener,
  type CacheOperation,
  type CacheOptions,
  type RedisCacheOptions,
  TTL_MODE,
  type TtlMode,
} from './redis-cache-options.js';
