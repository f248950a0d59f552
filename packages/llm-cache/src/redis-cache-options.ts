import { type ConnectionOptions, InvalidArgumentError, type RedisStoreError } from '@x/redis-core';
import { validatePrefix } from '@x/redis-core/internal';

/** How an entry's time to live is counted. */
export const TTL_MODE = {
  /** An entry expires `ttl` seconds after it was written. */
  fixed: 'fixed',
  /** An entry expires `ttl` seconds after it was last written or read. */
  sliding: 'sliding',
} as const;

/** One of the {@link TTL_MODE} values. */
export type TtlMode = (typeof TTL_MODE)[keyof typeof TTL_MODE];

/** What the cache was doing when an error was reported to `onError`. */
export const CACHE_OPERATION = {
  /** A lookup, which became a miss. */
  lookup: 'lookup',
  /** An update, which was skipped. */
  update: 'update',
  /** The client created from `url` lost or could not reach the server between commands. */
  connection: 'connection',
} as const;

/** One of the {@link CACHE_OPERATION} values. */
export type CacheOperation = (typeof CACHE_OPERATION)[keyof typeof CACHE_OPERATION];

/** What `onError` hears besides the error itself. */
export interface CacheErrorContext {
  /** What the cache was doing. */
  operation: CacheOperation;
  /** The Redis key concerned, when there is one. */
  key?: string;
}

/**
 * Hears every error the cache swallows so that the model call goes on: a
 * `RedisOperationError` (Redis unreachable, timed out, refused the command), a
 * `SerializationError` (generations that cannot be stored) or a `CorruptDataError` (a stored
 * value this cache did not write; it was deleted). Errors it throws are ignored.
 */
export type CacheErrorListener = (error: RedisStoreError, context: CacheErrorContext) => void;

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

function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * Checks the options that are not about the connection.
 *
 * @throws {InvalidArgumentError} naming the option that is wrong and what it accepts.
 * @throws {InvalidKeyError} when `prefix` is not a valid key prefix.
 */
export function resolveCacheSettings(options: RedisCacheOptions): ResolvedCacheSettings {
  const { ttl, ttlMode = TTL_MODE.fixed, prefix = DEFAULT_PREFIX, timeoutMs, onError } = options;
  if (ttl !== undefined && !isPositiveNumber(ttl)) {
    throw new InvalidArgumentError(
      `\`ttl\` must be a positive number of seconds, got ${String(ttl)}; leave it out for entries that never expire`,
    );
  }
  if (ttlMode !== TTL_MODE.fixed && ttlMode !== TTL_MODE.sliding) {
    throw new InvalidArgumentError(
      `\`ttlMode\` must be 'fixed' or 'sliding', got ${JSON.stringify(ttlMode)}`,
    );
  }
  if (ttlMode === TTL_MODE.sliding && ttl === undefined) {
    throw new InvalidArgumentError("`ttlMode: 'sliding'` needs a `ttl` to slide");
  }
  if (timeoutMs !== undefined && !isPositiveNumber(timeoutMs)) {
    throw new InvalidArgumentError(
      `\`timeoutMs\` must be a positive number of milliseconds, got ${String(timeoutMs)}`,
    );
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw new InvalidArgumentError('`onError` must be a function');
  }
  return {
    prefix: validatePrefix(prefix),
    // Redis counts expiry in whole milliseconds, and PX 0 is an error.
    ttlMs: ttl === undefined ? undefined : Math.max(1, Math.round(ttl * 1000)),
    sliding: ttlMode === TTL_MODE.sliding,
    timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    onError,
  };
}
