import type { RedisConnection } from '@x/redis-core';
import { type RedisArgument, scanKeys, toRedisOperationError } from '@x/redis-core/internal';
import type { ThreadKeys } from './thread-keys.js';

/**
 * The saver's commands: each routed by its thread (every key of a thread shares its slot), each
 * failure typed and named after the saver's operation.
 */
export class SaverRedis {
  readonly keys: ThreadKeys;
  readonly #connection: RedisConnection;

  constructor(connection: RedisConnection, keys: ThreadKeys) {
    this.#connection = connection;
    this.keys = keys;
  }

  /** One command on the keys of `thread`. */
  async send<T>(
    command: RedisArgument[],
    thread: string,
    operation: string,
    options: { buffers?: boolean; readonly?: boolean } = {},
  ): Promise<T> {
    const key = this.keys.namespaces(thread);
    try {
      return await this.#connection.send<T>(command, { key, mapsAsArrays: true, ...options });
    } catch (error) {
      throw toRedisOperationError(error, `RedisSaver.${operation}`);
    }
  }

  /** One MULTI transaction on the keys of `thread`. */
  async multi(commands: RedisArgument[][], thread: string, operation: string): Promise<void> {
    try {
      await this.#connection.multi(commands, { key: this.keys.namespaces(thread) });
    } catch (error) {
      throw toRedisOperationError(error, `RedisSaver.${operation}`);
    }
  }

  /** A hash of the thread, its fields as strings and values as bytes (empty when missing). */
  async hash(key: string, thread: string, operation: string): Promise<Map<string, Buffer>> {
    const reply = await this.send<unknown[]>(['HGETALL', key], thread, operation, {
      buffers: true,
      readonly: true,
    });
    return pairs(reply);
  }

  /** The values of `fields` in a hash of the thread, as bytes (`undefined` for a missing one). */
  async fields(
    key: string,
    fields: readonly string[],
    thread: string,
    operation: string,
  ): Promise<(Buffer | undefined)[]> {
    if (fields.length === 0) return [];
    const reply = await this.send<unknown[]>(['HMGET', key, ...fields], thread, operation, {
      buffers: true,
      readonly: true,
    });
    return reply.map((value) => (Buffer.isBuffer(value) ? value : undefined));
  }

  /** Every thread, found by scanning for their sets of namespaces (on every master). */
  async threads(operation: string): Promise<string[]> {
    // SCAN may return a key twice (while the server rehashes): each thread once.
    const threads = new Set<string>();
    try {
      for await (const keys of scanKeys(this.#connection, this.keys.threadPattern)) {
        for (const key of keys) {
          const thread = this.keys.threadOf(key);
          if (thread !== undefined) threads.add(thread);
        }
      }
    } catch (error) {
      throw toRedisOperationError(error, `RedisSaver.${operation}`);
    }
    return [...threads];
  }

  /** The members of a set, or of a sorted set's range, as strings. */
  async strings(command: RedisArgument[], thread: string, operation: string) {
    return (await this.send<unknown[]>(command, thread, operation, { readonly: true })).map(String);
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}

function pairs(reply: unknown[]): Map<string, Buffer> {
  const fields = new Map<string, Buffer>();
  for (let index = 0; index + 1 < reply.length; index += 2) {
    fields.set(String(reply[index]), reply[index + 1] as Buffer);
  }
  return fields;
}
