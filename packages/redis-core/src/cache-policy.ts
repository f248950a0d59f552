import type { RedisStoreError } from './errors.js';

/** How a cache entry's time to live is counted (both caches). */
export const TTL_MODE = {
  /** An entry expires `ttl` seconds after it was written. */
  fixed: 'fixed',
  /** An entry expires `ttl` seconds after it was last written or served. */
  sliding: 'sliding',
} as const;

/** One of the {@link TTL_MODE} values. */
export type TtlMode = (typeof TTL_MODE)[keyof typeof TTL_MODE];

/** What a cache was doing when an error was reported to its `onError`. */
export const CACHE_OPERATION = {
  /** A lookup, which became a miss. */
  lookup: 'lookup',
  /** An update, which was skipped. */
  update: 'update',
  /** Extending the time to live of an entry just served (semantic cache, `ttlMode: 'sliding'`). */
  refresh: 'refresh',
  /** Reading or writing a vector of the embeddings cache; the model was asked instead. */
  embeddingsCache: 'embeddings-cache',
  /** Removing expired entries in the background (semantic cache, vector-set engine). */
  sweep: 'sweep',
  /** The client created from `url` lost or could not reach the server between commands. */
  connection: 'connection',
} as const;

/** One of the {@link CACHE_OPERATION} values. */
export type CacheOperation = (typeof CACHE_OPERATION)[keyof typeof CACHE_OPERATION];

/** What a cache's `onError` hears besides the error itself. */
export interface CacheErrorContext {
  /** What the cache was doing. */
  operation: CacheOperation;
  /** The Redis key concerned, when there is one. */
  key?: string;
}

/**
 * Hears every error a cache swallows so that the model call goes on (a miss, a skipped
 * update); the same type for both caches, so one listener serves an app that uses both.
 * Errors it throws are ignored.
 */
export type CacheErrorListener = (error: RedisStoreError, context: CacheErrorContext) => void;
