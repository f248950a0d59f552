import { CorruptDataError, decodeVector, encodeVector, type RedisConnection } from '@x/redis-core';
import {
  Deadlines,
  hashText,
  KeySchema,
  type RedisArgument,
  toRedisOperationError,
  unlinkKeys,
} from '@x/redis-core/internal';
import { timedOut } from './option-checks.js';

const KIND = 'emb';
const HEX_DIGITS = 64;

/** Whether a vector embeds a query or a document: some models embed the two differently. */
export type EmbeddingPurpose = 'query' | 'document';

/** What {@link EmbeddingStore.read} could not use, besides plain misses. */
export interface StoreReadResult {
  /** The stored vector of each key, in order; `undefined` where there is none. */
  vectors: (number[] | undefined)[];
  /** Values found but unreadable (not FLOAT32 blobs); they are overwritten by the next write. */
  corrupt: CorruptDataError[];
}

/**
 * The Redis side of the embeddings cache: one string key per text and model,
 * `<prefix>:emb:<sha256(model, purpose, text)>`, holding the vector as FLOAT32 bytes. Reads
 * and writes of a batch are sent together, so node-redis pipelines them into one round trip.
 */
export class EmbeddingStore {
  readonly #connection: RedisConnection;
  readonly #keys: KeySchema;
  readonly #model: string;
  readonly #expiry: readonly string[];
  readonly #deadlines: Deadlines;

  constructor(
    connection: RedisConnection,
    settings: { prefix: string; model: string; ttlMs: number | undefined; timeoutMs: number },
  ) {
    this.#connection = connection;
    this.#keys = new KeySchema(settings.prefix);
    this.#model = settings.model;
    this.#expiry = settings.ttlMs === undefined ? [] : ['PX', String(settings.ttlMs)];
    this.#deadlines = new Deadlines(settings.timeoutMs, timedOut);
  }

  /** The key of `text`'s vector for `purpose`. */
  key(text: string, purpose: EmbeddingPurpose): string {
    return this.#keys.key(KIND, hashText(`${this.#model}\0${purpose}\0${text}`));
  }

  /**
   * The stored vectors of `keys`, in one pipelined round trip, bounded by `timeoutMs`.
   *
   * @throws {RedisOperationError} when Redis fails or does not answer in time.
   */
  async read(keys: readonly string[]): Promise<StoreReadResult> {
    const replies = await this.#bounded(
      () =>
        Promise.all(
          keys.map((key) =>
            this.#connection.send(['GET', key], { key, readonly: true, buffers: true }),
          ),
        ),
      'RedisEmbeddingsCache read',
    );
    const corrupt: CorruptDataError[] = [];
    const vectors = replies.map((reply, index) => {
      if (reply === null || reply === undefined) return undefined;
      const key = keys[index] ?? '';
      if (!Buffer.isBuffer(reply) || reply.length === 0 || reply.length % 4 !== 0) {
        corrupt.push(
          new CorruptDataError(`the embeddings cache entry "${key}" is not a FLOAT32 vector`, key),
        );
        return undefined;
      }
      return decodeVector(reply);
    });
    return { vectors, corrupt };
  }

  /**
   * Stores vectors at their keys with the time to live, in one pipelined round trip.
   *
   * @throws {RedisOperationError} when Redis fails or does not answer in time.
   */
  async write(entries: readonly { key: string; vector: readonly number[] }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#bounded(
      () =>
        Promise.all(
          entries.map(({ key, vector }) => {
            const command: RedisArgument[] = ['SET', key, encodeVector(vector), ...this.#expiry];
            return this.#connection.send(command, { key });
          }),
        ),
      'RedisEmbeddingsCache write',
    );
  }

  /**
   * Deletes every stored vector under the prefix (SCAN + UNLINK) and returns how many. The
   * pattern spells out every hex digit so that it cannot match another kind of key.
   *
   * @throws {RedisOperationError} when Redis fails.
   */
  async clear(): Promise<number> {
    const pattern = `${this.#keys.kindPrefix(KIND)}${'[0-9a-f]'.repeat(HEX_DIGITS)}`;
    try {
      return await unlinkKeys(this.#connection, pattern);
    } catch (error) {
      throw toRedisOperationError(error, 'RedisEmbeddingsCache.clear');
    }
  }

  async #bounded<T>(task: () => Promise<T>, operation: string): Promise<T> {
    try {
      return await this.#deadlines.bound(task, operation);
    } catch (error) {
      throw toRedisOperationError(error, operation);
    }
  }
}
