import { BaseStore } from '@langchain/core/stores';
import { RedisConnection } from '../connection.js';
import type { ConnectionOptions, RedisArgument } from '../connection-options.js';
import { Deadlines } from '../deadlines.js';
import { InvalidArgumentError } from '../errors.js';
import { encodeKeySegment, KeySchema } from '../key-schema.js';
import { checkTimeoutMs, ttlMilliseconds } from '../option-checks.js';
import { toRedisOperationError } from '../redis-operation-error.js';
import { scanKeys } from '../scan.js';

/** The kind of the store's keys: `<prefix>:kv:<key>`. */
const KIND = 'kv';
/** The default `timeoutMs` of one batch. */
const DEFAULT_TIMEOUT_MS = 5000;

/** How a {@link RedisByteStore} keeps its values: every option but the connection. */
export interface ByteStoreOptions {
  /** The start of every key: `<prefix>:kv:<key>`. @default 'bytestore' */
  prefix?: string;
  /** Seconds each value lives after it is written (fractions allowed); forever when omitted. */
  ttl?: number;
  /** The longest one batch (`mget`, `mset`, `mdelete`) may take, in milliseconds. @default 5000 */
  timeoutMs?: number;
}

/** Options of {@link RedisByteStore}: a `client` or a `url`, and how values are kept. */
export type RedisByteStoreOptions = ConnectionOptions & ByteStoreOptions;

/** `*`, `?`, `[`, `]` and `\` written so that SCAN's MATCH takes them as themselves. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

function checkKeys(keys: unknown, method: string): string[] {
  if (!Array.isArray(keys)) throw new InvalidArgumentError(`${method} takes an array of keys`);
  for (const key of keys) {
    if (typeof key !== 'string') {
      throw new InvalidArgumentError(`${method}: every key must be a string, got ${typeof key}`);
    }
  }
  return keys as string[];
}

/**
 * LangChain's byte store (`BaseStore<string, Uint8Array>`) in Redis: one string key per entry,
 * `<prefix>:kv:<key>`, holding the bytes as they are. What `CacheBackedEmbeddings` keeps its
 * vectors in, and `ParentDocumentRetriever` its parent documents.
 *
 * Each batch is pipelined (its commands sent together: one round trip on one server, one per
 * master on a cluster) and bounded by `timeoutMs`. It fails closed: a batch Redis could not
 * complete rejects with a `RedisOperationError`; bad input is refused before anything is sent.
 */
export class RedisByteStore extends BaseStore<string, Uint8Array> {
  lc_namespace = ['x', 'redis-core', 'byte-store'];
  readonly #connection: RedisConnection;
  readonly #keys: KeySchema;
  readonly #expiry: readonly RedisArgument[];
  readonly #deadlines: Deadlines;

  /**
   * @throws {InvalidArgumentError} for a bad `ttl`, `timeoutMs`, or connection options.
   * @throws {InvalidKeyError} when `prefix` is not a valid key prefix.
   */
  constructor(options: RedisByteStoreOptions) {
    super({});
    this.#keys = new KeySchema(options.prefix ?? 'bytestore');
    const ttlMs = ttlMilliseconds(options.ttl);
    this.#expiry = ttlMs === undefined ? [] : ['PX', String(ttlMs)];
    this.#deadlines = new Deadlines(checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS);
    this.#connection = RedisConnection.from(options);
  }

  /**
   * The values of `keys`, in order; `undefined` where there is none.
   *
   * @throws {InvalidArgumentError} for keys that are not strings.
   * @throws {InvalidKeyError} for an empty key.
   * @throws {RedisOperationError} when Redis fails or does not answer in time.
   */
  async mget(keys: string[]): Promise<(Uint8Array | undefined)[]> {
    const redisKeys = checkKeys(keys, 'mget').map((key) => this.#keys.key(KIND, key));
    const replies = await this.#batch('RedisByteStore.mget', () =>
      redisKeys.map((key) => this.#connection.send(['GET', key], { key, buffers: true })),
    );
    return replies.map((reply) =>
      Buffer.isBuffer(reply)
        ? new Uint8Array(reply.buffer, reply.byteOffset, reply.length)
        : undefined,
    );
  }

  /**
   * Stores each value at its key (replacing what was there), with the `ttl`.
   *
   * @throws {InvalidArgumentError} for a pair that is not a string key and a `Uint8Array`.
   * @throws {InvalidKeyError} for an empty key.
   * @throws {RedisOperationError} when Redis fails or does not answer in time: some values may
   *   have been written.
   */
  async mset(keyValuePairs: [string, Uint8Array][]): Promise<void> {
    if (!Array.isArray(keyValuePairs)) {
      throw new InvalidArgumentError('mset takes an array of [key, value] pairs');
    }
    const commands = keyValuePairs.map((pair, index) => {
      const [key, value] = Array.isArray(pair) ? pair : [];
      if (typeof key !== 'string' || !(value instanceof Uint8Array)) {
        throw new InvalidArgumentError(
          `mset: pair ${index} must be a string key and a Uint8Array value`,
        );
      }
      const redisKey = this.#keys.key(KIND, key);
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      return { key: redisKey, command: ['SET', redisKey, bytes, ...this.#expiry] };
    });
    await this.#batch('RedisByteStore.mset', () =>
      commands.map(({ key, command }) => this.#connection.send(command, { key })),
    );
  }

  /**
   * Deletes the values of `keys` (UNLINK); keys with no value are ignored.
   *
   * @throws {InvalidArgumentError} for keys that are not strings.
   * @throws {RedisOperationError} when Redis fails or does not answer in time.
   */
  async mdelete(keys: string[]): Promise<void> {
    const redisKeys = checkKeys(keys, 'mdelete').map((key) => this.#keys.key(KIND, key));
    await this.#batch('RedisByteStore.mdelete', () =>
      redisKeys.map((key) => this.#connection.send(['UNLINK', key], { key })),
    );
  }

  /**
   * Every key of this store that starts with `prefix` (all of them without one), by SCAN on
   * every master: never `KEYS`. The prefix is matched as text: `*`, `?` or `[` in it match
   * only themselves.
   *
   * @throws {RedisOperationError} when Redis fails.
   */
  async *yieldKeys(prefix = ''): AsyncGenerator<string> {
    if (typeof prefix !== 'string')
      throw new InvalidArgumentError('yieldKeys takes a string prefix');
    // Keys are encoded a character at a time, so the encoded prefix starts every encoded key.
    const start = prefix === '' ? '' : encodeKeySegment(prefix, 'prefix');
    const pattern = `${globEscape(this.#keys.kindPrefix(KIND))}${globEscape(start)}*`;
    try {
      for await (const batch of scanKeys(this.#connection, pattern)) {
        for (const redisKey of batch) {
          const key = this.#keys.idOf(KIND, redisKey);
          if (key?.startsWith(prefix)) yield key;
        }
      }
    } catch (error) {
      throw toRedisOperationError(error, 'RedisByteStore.yieldKeys');
    }
  }

  /** Closes the client created from `url`; a `client` you passed in stays open. */
  close(): Promise<void> {
    return this.#connection.close();
  }

  async #batch(operation: string, send: () => Promise<unknown>[]): Promise<unknown[]> {
    try {
      return await this.#deadlines.bound(() => Promise.all(send()), operation);
    } catch (error) {
      throw toRedisOperationError(error, operation);
    }
  }
}
