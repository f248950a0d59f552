import { type ConnectionOptions, RedisConnection } from '@x/redis-core';
import { KeySchema, scanKeys, toRedisOperationError } from '@x/redis-core/internal';
import { DEFAULT_PREFIX } from './chat-history-options.js';
import { sessionIdOfKey, sessionKey, sessionPattern } from './session-keys.js';
import { sendCommand } from './transaction.js';

/** Options of {@link RedisChatSessions}. */
export type RedisChatSessionsOptions = ConnectionOptions & {
  /**
   * The prefix the histories were created with.
   * @default 'chat'
   */
  prefix?: string;
};

/**
 * Every session stored under one prefix: list them and delete them, without `KEYS` (SCAN walks
 * the keyspace in small steps, on every master of a cluster) and without touching any key
 * outside the prefix.
 *
 * @example
 * ```ts
 * const sessions = new RedisChatSessions({ client, prefix: 'chat' });
 * for await (const sessionId of sessions.list()) console.log(sessionId);
 * await sessions.delete('foo');
 * ```
 */
export class RedisChatSessions implements AsyncDisposable {
  readonly #connection: RedisConnection;
  readonly #schema: KeySchema;

  /**
   * @throws {InvalidKeyError} when `prefix` is not valid.
   * @throws {InvalidArgumentError} when both or neither of `client` and `url` are given.
   */
  constructor(options: RedisChatSessionsOptions) {
    this.#schema = new KeySchema(options.prefix ?? DEFAULT_PREFIX);
    this.#connection = RedisConnection.from(options);
  }

  /**
   * The id of every session under the prefix, each once, in no particular order. A session
   * created or deleted while the listing runs may or may not appear.
   *
   * @throws {RedisOperationError} when Redis cannot be scanned.
   */
  async *list(): AsyncGenerator<string, void, undefined> {
    // SCAN may return a key twice (when the keyspace is rehashed under it).
    const seen = new Set<string>();
    for await (const ids of this.#scan('list chat sessions')) {
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        yield id;
      }
    }
  }

  /**
   * Deletes one session; `true` when it existed.
   *
   * @throws {InvalidKeyError} when `sessionId` is empty or not a string.
   * @throws {RedisOperationError} when Redis cannot apply the delete.
   */
  async delete(sessionId: string): Promise<boolean> {
    const key = sessionKey(this.#schema, sessionId);
    const removed = await sendCommand(
      this.#connection,
      key,
      ['UNLINK', key],
      `delete session ${JSON.stringify(sessionId)}`,
    );
    return Number(removed) > 0;
  }

  /**
   * Deletes every session under the prefix and returns how many were deleted. Sessions written
   * while it runs may survive.
   *
   * @throws {RedisOperationError} when Redis cannot be scanned or apply a delete.
   */
  async deleteAll(): Promise<number> {
    let removed = 0;
    for await (const ids of this.#scan('delete chat sessions')) {
      const keys = ids.map((id) => sessionKey(this.#schema, id));
      if (keys.length === 0) continue;
      try {
        // In a cluster the keys of one batch lie in different slots: one UNLINK each, which
        // node-redis pipelines.
        const replies = this.#connection.isCluster
          ? await Promise.all(keys.map((key) => this.#connection.send(['UNLINK', key], { key })))
          : [await this.#connection.send(['UNLINK', ...keys])];
        removed += replies.reduce<number>((sum, count) => sum + Number(count), 0);
      } catch (error) {
        throw toRedisOperationError(error, 'delete chat sessions');
      }
    }
    return removed;
  }

  /** Closes the client if this object created it from `url`; a `client` you passed stays open. */
  async close(): Promise<void> {
    await this.#connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Batches of session ids as SCAN finds their keys; keys of other shapes are skipped. */
  async *#scan(operation: string): AsyncGenerator<string[], void, undefined> {
    const batches = scanKeys(this.#connection, sessionPattern(this.#schema), { type: 'list' });
    while (true) {
      let batch: IteratorResult<string[], void>;
      try {
        batch = await batches.next();
      } catch (error) {
        throw toRedisOperationError(error, operation);
      }
      if (batch.done) return;
      const ids = batch.value.map((key) => sessionIdOfKey(this.#schema, key));
      yield ids.filter((id): id is string => id !== undefined);
    }
  }
}
