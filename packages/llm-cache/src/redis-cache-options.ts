import {
  type CacheErrorListener,
  type ConnectionOptions,
  InvalidArgumentError,
  TTL_MODE,
  type TtlMode,
} from '@x/redis-core';
import { checkTimeoutMs, ttlMilliseconds, validatePrefix } from '@x/redis-core/internal';

/** How a {@link RedisCache} keeps its entries: every option but the connection. */
export interface CacheOptions {
  /**
   * How long an entry lives, in seconds (fractions allowed). Entries never expire when it is
   * not given. @default undefined
   */
  ttl?: number;
  /**
   * `'fixed'`: an entry expires `ttl` seconds after it was written. `'sliding'`: each hit
   * extends it by `ttl` seconds again, in the same round trip as the read (needs `ttl`).
   * @default 'fixed'
   */
  ttlMode?: TtlMode;
  /**
   * The start of every key of this cache (`<prefix>:entry:...`): letters, digits, `_`, `.`, `-`
   * in segments separated by `:`. Caches with different prefixes never see or clear each
   * other's entries. @default 'llmcache'
   */
  prefix?: string;
  /**
   * The longest a lookup or an update may take, in milliseconds; past it a lookup is a miss
   * and an update is skipped (and `onError` hears a `RedisOperationError` with reason
   * `timeout`). @default 1000
   */
  timeoutMs?: number;
  /** Hears errors the cache swallows (see {@link CacheErrorListener}). @default ignore them */
  onError?: CacheErrorListener;
}

/** Options of {@link RedisCache}: a `client` or a `url`, and how entries are kept. */
export type RedisCacheOptions = ConnectionOptions & CacheOptions;

/** The settings a cache runs with, checked. */
export interface ResolvedCacheSettings {
  prefix: string;
  /** The time to live in milliseconds, or `undefined` for no expiry. */
  ttlMs: number | undefined;
  sliding: boolean;
  timeoutMs: number;
  onError: CacheErrorListener | undefined;
}

/** The default `prefix`. */
export const DEFAULT_PREFIX = 'llmcache';
/** The default `timeoutMs`. */
export const DEFAULT_TIMEOUT_MS = 1000;

/**
 * Checks the options that are not about the connection.
 *
 * @throws {InvalidArgumentError} naming the option that is wrong and what it accepts.
 * @throws {InvalidKeyError} when `prefix` is not a valid key prefix.
 */
export function resolveCacheSettings(options: RedisCacheOptions): ResolvedCacheSettings {
  const { ttl, ttlMode = TTL_MODE.fixed, prefix = DEFAULT_PREFIX, timeoutMs, onError } = options;
  const ttlMs = ttlMilliseconds(ttl);
  if (ttlMode !== TTL_MODE.fixed && ttlMode !== TTL_MODE.sliding) {
    throw new InvalidArgumentError(
      `\`ttlMode\` must be 'fixed' or 'sliding', got ${JSON.stringify(ttlMode)}`,
    );
  }
  if (ttlMode === TTL_MODE.sliding && ttl === undefined) {
    throw new InvalidArgumentError("`ttlMode: 'sliding'` needs a `ttl` to slide");
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw new InvalidArgumentError('`onError` must be a function');
  }
  return {
    prefix: validatePrefix(prefix),
    ttlMs,
    sliding: ttlMode === TTL_MODE.sliding,
    timeoutMs: checkTimeoutMs(timeoutMs) ?? DEFAULT_TIMEOUT_MS,
    onError,
  };
}
