import type { RedisConnection } from '@x/redis-core';
import {
  Deadlines,
  type RedisArgument,
  replyToString,
  toRedisOperationError,
  unlinkKeys,
} from '@x/redis-core/internal';

/** How entries are kept: the part of the cache's settings the Redis work needs. */
export interface CacheEntriesSettings {
  /** The time to live in milliseconds, or `undefined` for no expiry. */
  ttlMs: number | undefined;
  /** Whether a read extends the time to live. */
  sliding: boolean;
  /** The longest one command may take, in milliseconds. */
  timeoutMs: number;
}

/**
 * The Redis side of the exact cache: each entry is one string key holding the serialized
 * generations, and each operation on it is one single-key command, bounded in time. It knows
 * nothing of LangChain; the failures it rejects with are `RedisOperationError`s.
 */
export class CacheEntries {
  readonly #connection: RedisConnection;
  readonly #deadlines: Deadlines;
  readonly #expiry: readonly RedisArgument[];
  readonly #sliding: boolean;

  constructor(connection: RedisConnection, settings: CacheEntriesSettings) {
    this.#connection = connection;
    this.#deadlines = new Deadlines(settings.timeoutMs);
    this.#expiry = settings.ttlMs === undefined ? [] : ['PX', String(settings.ttlMs)];
    this.#sliding = settings.sliding && settings.ttlMs !== undefined;
  }

  /**
   * The stored text of `key`, or `undefined` when there is none. In sliding mode the same
   * command (GETEX) restarts the entry's time to live.
   */
  async read(key: string): Promise<string | undefined> {
    const args = this.#sliding ? ['GETEX', key, ...this.#expiry] : ['GET', key];
    const reply = await this.#send(args, key, 'RedisCache.lookup', !this.#sliding);
    return replyToString(reply);
  }

  /**
   * Stores `text` at `key` with the time to live (the cache's, or `ttlMs` for this entry),
   * replacing whatever was there, atomically.
   */
  async write(key: string, text: string, ttlMs?: number): Promise<void> {
    const expiry = ttlMs === undefined ? this.#expiry : ['PX', String(ttlMs)];
    await this.#send(['SET', key, text, ...expiry], key, 'RedisCache.update', false);
  }

  /** Deletes `key` (UNLINK: the server frees the memory in the background). */
  async remove(key: string, operation: string): Promise<void> {
    await this.#send(['UNLINK', key], key, operation, false);
  }

  /**
   * Deletes every key matching `pattern` (SCAN + UNLINK in batches, on every master) and
   * returns how many there were. Not bounded by `timeoutMs`: it takes as many round trips as
   * the keyspace needs.
   *
   * @throws {RedisOperationError} when Redis fails.
   */
  async clear(pattern: string): Promise<number> {
    try {
      return await unlinkKeys(this.#connection, pattern);
    } catch (error) {
      throw toRedisOperationError(error, 'RedisCache.clear');
    }
  }

  #send(
    args: readonly RedisArgument[],
    key: string,
    operation: string,
    readonly: boolean,
  ): Promise<unknown> {
    return this.#deadlines.run(
      (signal) =>
        // A command to a connected client is written at once and can no longer be aborted;
        // listening to the signal costs a lookup a fifth of its throughput, so pass it only
        // while commands wait for a connection.
        this.#connection.send(
          args,
          this.#isReady() ? { key, readonly } : { key, readonly, signal },
        ),
      operation,
    );
  }

  #isReady(): boolean {
    return (this.#connection.client as { readonly isReady?: boolean }).isReady === true;
  }
}
