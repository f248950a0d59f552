import { BaseCache } from '@langchain/core/caches';
import type { Generation } from '@langchain/core/outputs';
import {
  CACHE_OPERATION,
  type CacheErrorContext,
  type CacheErrorListener,
  CorruptDataError,
  RedisConnection,
  RedisStoreError,
  SerializationError,
} from '@x/redis-core';
import {
  deserializeGenerations,
  serializeGenerations,
  toRedisOperationError,
  ttlMilliseconds,
} from '@x/redis-core/internal';
import { CacheEntries } from './cache-entries.js';
import { CacheKeys } from './cache-keys.js';
import { type RedisCacheOptions, resolveCacheSettings } from './redis-cache-options.js';

/** What a {@link RedisCache} has done since it was created. */
export interface RedisCacheStats {
  /** Lookups that returned stored generations. */
  hits: number;
  /** Lookups that returned `null`: nothing stored, or an error (so `hits + misses` = lookups). */
  misses: number;
  /** Lookups and updates that failed and were reported to `onError`. */
  errors: number;
}

/** Options of {@link RedisCache.clear}. */
export interface RedisCacheClearOptions {
  /** Only the entries of these model settings (the `llmString` LangChain passes). */
  llmString?: string;
}

/**
 * An exact-match LLM response cache in Redis for LangChain.js: the same prompt with the same
 * model settings gets the stored generations back. Give it to a model as `cache`.
 *
 * A lookup is one round trip (GET, or GETEX in sliding mode); an update is one SET that
 * replaces the whole entry together with its time to live. The cache fails open: when Redis is
 * down, slow, or holds something this cache did not write, a lookup is a miss and an update is
 * skipped within `timeoutMs`, `onError` hears why, and the model call goes on.
 *
 * Keys are SHA-256 hashes of the model settings and the prompt under `prefix` (LangChain's
 * `makeDefaultKeyEncoder` does not apply to them).
 *
 * @example
 * ```ts
 * const model = new ChatOpenAI({ model: 'gpt-4o-mini', cache: new RedisCache({ url, ttl: 3600 }) });
 * ```
 */
export class RedisCache extends BaseCache<Generation[]> implements AsyncDisposable {
  readonly #connection: RedisConnection;
  readonly #keys: CacheKeys;
  readonly #entries: CacheEntries;
  readonly #onError: CacheErrorListener | undefined;
  #hits = 0;
  #misses = 0;
  #errors = 0;

  /**
   * @throws {InvalidArgumentError} when an option is wrong (both or neither of `client` and
   *   `url`, a `ttl` that is not a positive number, ...).
   * @throws {InvalidKeyError} when `prefix` is not a valid key prefix.
   */
  constructor(options: RedisCacheOptions) {
    super();
    const settings = resolveCacheSettings(options);
    this.#onError = settings.onError;
    this.#keys = new CacheKeys(settings.prefix);
    this.#connection = RedisConnection.from(options, (error) =>
      this.#notify(toRedisOperationError(error, 'RedisCache connection'), {
        operation: CACHE_OPERATION.connection,
      }),
    );
    this.#entries = new CacheEntries(this.#connection, settings);
  }

  /**
   * The generations stored for `prompt` under the model settings `llmString`, or `null` on a
   * miss. Never rejects because of Redis: a failure or a timeout is a miss, and a stored value
   * this cache cannot read is a miss that is also deleted.
   *
   * @throws {TypeError} when `prompt` or `llmString` is not a string.
   */
  async lookup(prompt: string, llmString: string): Promise<Generation[] | null> {
    const key = this.#keys.entry(prompt, llmString);
    let text: string | undefined;
    try {
      text = await this.#entries.read(key);
    } catch (error) {
      return this.#miss(error, key);
    }
    if (text === undefined) {
      this.#misses++;
      return null;
    }
    try {
      const generations = deserializeGenerations(text);
      this.#hits++;
      return generations;
    } catch (error) {
      // Another writer may have replaced the value since the read; deleting it then costs one
      // miss, never a wrong answer.
      this.#entries
        .remove(key, 'RedisCache.lookup')
        .catch((removeError: unknown) => this.#report(removeError, CACHE_OPERATION.lookup, key));
      const corrupt = new CorruptDataError(
        `the cache entry "${key}" is not generations this cache wrote; it was treated as a miss and deleted`,
        key,
        { cause: error },
      );
      return this.#miss(corrupt, key);
    }
  }

  /**
   * Stores `generations` (every one of them) for `prompt` under `llmString`, replacing the
   * previous entry whole, with the time to live, in one round trip. Never rejects because of
   * Redis or of what cannot be serialized: the update is skipped and `onError` hears why.
   * `options.ttl` gives this entry a time to live of its own, in seconds (a sliding cache's
   * hits then restart the cache's `ttl`).
   *
   * @throws {TypeError} when `prompt` or `llmString` is not a string.
   * @throws {InvalidArgumentError} when `options.ttl` is not a positive number.
   */
  async update(
    prompt: string,
    llmString: string,
    generations: Generation[],
    options: { ttl?: number } = {},
  ): Promise<void> {
    const ttlMs = ttlMilliseconds(options.ttl, 'options.ttl');
    const key = this.#keys.entry(prompt, llmString);
    let text: string;
    try {
      text = serializeGenerations(generations);
    } catch (error) {
      const serializationError = SerializationError.isInstance(error)
        ? error
        : new SerializationError('the generations cannot be stored', { cause: error });
      this.#report(serializationError, CACHE_OPERATION.update, key);
      return;
    }
    try {
      await this.#entries.write(key, text, ttlMs);
    } catch (error) {
      this.#report(error, CACHE_OPERATION.update, key);
    }
  }

  /**
   * Deletes this cache's entries (those under its `prefix`), or only those of one model's
   * settings, and nothing else: SCAN + UNLINK in batches, never KEYS or FLUSHDB. Resolves to
   * how many entries were deleted. Unlike lookups and updates it is not on a model call's path,
   * so it rejects when Redis fails, and it takes as long as the scan does.
   *
   * @throws {TypeError} when `llmString` is given and is not a string.
   * @throws {RedisOperationError} when Redis fails.
   */
  async clear(options: RedisCacheClearOptions = {}): Promise<number> {
    return this.#entries.clear(this.#keys.pattern(options.llmString));
  }

  /** A copy of the counts of hits, misses and errors since this cache was created. */
  stats(): RedisCacheStats {
    return { hits: this.#hits, misses: this.#misses, errors: this.#errors };
  }

  /**
   * Closes the client created from `url` (at once if it is not connected: commands still
   * waiting fail, so their lookups miss); a `client` you passed in stays open.
   */
  close(): Promise<void> {
    return this.#connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #miss(error: unknown, key: string): null {
    this.#misses++;
    this.#report(error, CACHE_OPERATION.lookup, key);
    return null;
  }

  #report(error: unknown, operation: CacheErrorContext['operation'], key: string): void {
    this.#errors++;
    const typed = RedisStoreError.isInstance(error)
      ? error
      : toRedisOperationError(error, `RedisCache.${operation}`);
    this.#notify(typed, { operation, key });
  }

  #notify(error: RedisStoreError, context: CacheErrorContext): void {
    try {
      this.#onError?.(error, context);
    } catch {
      // A listener that throws must not turn a cache failure into a failed model call.
    }
  }
}
