import type { Item } from '@langchain/langgraph-checkpoint';
import { CorruptDataError, type RedisConnection } from '@x/redis-core';
import { type RedisArgument, toRedisOperationError } from '@x/redis-core/internal';
import { namespaceOf, pathOf, type StoreKeys } from './store-keys.js';
import type { PreviousVectors } from './store-vectors.js';

/** An item listed in its namespace's index: where it is, and when it was last written (ms). */
export interface Listed {
  path: string;
  key: string;
  updated?: number;
}

/** An item as read, with the version of its write (when the store indexes). */
export interface Stored {
  item: Item;
  version: string | undefined;
}

/** What an item's write records of its vectors: the write's version, the fields embedded. */
export interface IndexedWrite {
  version: string;
  fields: readonly string[];
}

/** How items expire: `ttlMs` after their last write, or after their last read too. */
export interface ItemExpiry {
  ttlMs: number | undefined;
  refreshOnRead: boolean;
}

/**
 * The longest a writer's clock may run ahead of another's: a namespace's index forgets an
 * expired item this long after its time to live ran out (at most the time to live itself).
 */
const CLOCK_SKEW_MS = 60_000;

/**
 * The Redis side of the store's items: each item a hash in its namespace's slot, each
 * namespace a sorted set of its keys by update time, and the set of namespace paths. Every
 * write of an item and its place in the index is one MULTI. With a time to live, the item and
 * its namespace's index expire together: the index `ttl` after the namespace's newest write
 * (or read), so that it is gone exactly when its last item is; without refresh on read, each
 * write also drops from the index the items that expired.
 */
export class StoreItems {
  readonly #connection: RedisConnection;
  readonly #keys: StoreKeys;
  readonly #expiry: ItemExpiry;

  constructor(connection: RedisConnection, keys: StoreKeys, expiry: ItemExpiry) {
    this.#connection = connection;
    this.#keys = keys;
    this.#expiry = expiry;
  }

  /** Builds the keys of an item. @throws {InvalidKeyError} when they cannot be built. */
  checkKeys(path: string, key: string): void {
    this.#keys.item(path, key);
    this.#keys.items(path);
  }

  /** Every namespace path that ever held an item. */
  async paths(): Promise<string[]> {
    const key = this.#keys.namespaces;
    return (await this.#send<unknown[]>(['SMEMBERS', key], key)).map(String);
  }

  /** How many items each namespace's index lists (0 once they were all deleted or expired). */
  sizes(paths: readonly string[]): Promise<number[]> {
    return Promise.all(
      paths.map(async (path) => {
        const key = this.#keys.items(path);
        return Number(await this.#send<number>(['ZCARD', key], key));
      }),
    );
  }

  /** The items the indexes of these namespaces list, each with its update time. */
  async list(paths: readonly string[]): Promise<Listed[]> {
    const listed: Listed[] = [];
    await Promise.all(
      paths.map(async (path) => {
        const key = this.#keys.items(path);
        const reply = await this.#send<unknown[]>(['ZRANGE', key, '0', '-1', 'WITHSCORES'], key);
        // RESP2 gives `member, score, ...`; RESP3 gives `[member, score]` pairs.
        const flat = reply.flat();
        for (let index = 0; index + 1 < flat.length; index += 2) {
          listed.push({ path, key: String(flat[index]), updated: Number(flat[index + 1]) });
        }
      }),
    );
    return listed;
  }

  /** The items (pipelined); `undefined` for one deleted or expired meanwhile. */
  read(listed: readonly Listed[]): Promise<(Stored | undefined)[]> {
    return Promise.all(
      listed.map(async ({ path, key }) => {
        const itemKey = this.#keys.item(path, key);
        const reply = await this.#send<unknown[]>(['HMGET', itemKey, ...ITEM_FIELDS], itemKey);
        return parseItem(path, key, itemKey, reply);
      }),
    );
  }

  /**
   * One item, for a get: with refresh on read, read and given its time to live again (and its
   * namespace's index) in the same MULTI, one round trip.
   */
  async get(path: string, key: string): Promise<Stored | undefined> {
    const { ttlMs, refreshOnRead } = this.#expiry;
    if (!refreshOnRead || ttlMs === undefined) return (await this.read([{ path, key }]))[0];
    const itemKey = this.#keys.item(path, key);
    const [reply] = await this.#multi(
      [
        ['HMGET', itemKey, ...ITEM_FIELDS],
        ['PEXPIRE', itemKey, String(ttlMs)],
        ['PEXPIRE', this.#keys.items(path), String(ttlMs)],
      ],
      path,
      'get',
    );
    return parseItem(path, key, itemKey, reply as unknown[]);
  }

  /**
   * With refresh on read, gives these items (those a get or a search returned) their full time
   * to live again, and their namespaces' indexes too.
   */
  async refresh(items: readonly Item[]): Promise<void> {
    const { ttlMs, refreshOnRead } = this.#expiry;
    if (!refreshOnRead || ttlMs === undefined) return;
    const ttl = String(ttlMs);
    await Promise.all(
      items.map(({ namespace, key }) => {
        const path = pathOf(namespace);
        const commands = [
          ['PEXPIRE', this.#keys.item(path, key), ttl],
          ['PEXPIRE', this.#keys.items(path), ttl],
        ];
        return this.#multi(commands, path, 'refresh');
      }),
    );
  }

  /**
   * Writes an item and lists it in its namespace, in one MULTI; returns what its previous
   * write left in the vector index (when `readPrevious`).
   */
  async put(
    path: string,
    key: string,
    json: string,
    indexed: IndexedWrite | undefined,
    readPrevious: boolean,
  ): Promise<PreviousVectors> {
    const itemKey = this.#keys.item(path, key);
    const items = this.#keys.items(path);
    const now = Date.now();
    const vectors: RedisArgument[] = indexed
      ? ['version', indexed.version, 'fields', JSON.stringify(indexed.fields)]
      : [];
    const commands: RedisArgument[][] = [
      ...(readPrevious ? [['HMGET', itemKey, 'version', 'fields']] : []),
      // An item written by a store without `index` loses the vectors it had.
      ['HDEL', itemKey, 'version', 'fields'],
      ['HSETNX', itemKey, 'created', String(now)],
      ['HSET', itemKey, 'value', json, 'updated', String(now), ...vectors],
      ['ZADD', items, String(now), key],
      ...this.#expiryCommands(itemKey, items, now),
    ];
    const [[previous]] = await Promise.all([
      this.#multi(commands, path, 'put'),
      this.#send(['SADD', this.#keys.namespaces, path], this.#keys.namespaces),
    ]);
    return readPrevious ? previousVectors(previous, itemKey) : NO_VECTORS;
  }

  /** Deletes an item; returns what its write left in the vector index (when `readPrevious`). */
  async delete(path: string, key: string, readPrevious: boolean): Promise<PreviousVectors> {
    const itemKey = this.#keys.item(path, key);
    const commands: RedisArgument[][] = [
      ...(readPrevious ? [['HMGET', itemKey, 'version', 'fields']] : []),
      ['DEL', itemKey],
      ['ZREM', this.#keys.items(path), key],
    ];
    const [previous] = await this.#multi(commands, path, 'delete');
    return readPrevious ? previousVectors(previous, itemKey) : NO_VECTORS;
  }

  #expiryCommands(itemKey: string, items: string, now: number): RedisArgument[][] {
    const { ttlMs, refreshOnRead } = this.#expiry;
    if (ttlMs === undefined) return [];
    const ttl = String(ttlMs);
    const commands: RedisArgument[][] = [
      ['PEXPIRE', itemKey, ttl],
      ['PEXPIRE', items, ttl],
    ];
    // Without refresh, an item listed as written before `now - ttl` has expired.
    if (!refreshOnRead) {
      const expired = now - ttlMs - Math.min(ttlMs, CLOCK_SKEW_MS);
      commands.push(['ZREMRANGEBYSCORE', items, '-inf', `(${expired}`]);
    }
    return commands;
  }

  async #send<T>(command: RedisArgument[], key: string): Promise<T> {
    try {
      return await this.#connection.send<T>(command, { key, mapsAsArrays: true });
    } catch (error) {
      throw toRedisOperationError(error, 'RedisStore');
    }
  }

  async #multi(commands: RedisArgument[][], path: string, what: string): Promise<unknown[]> {
    try {
      return await this.#connection.multi(commands, { key: this.#keys.items(path) });
    } catch (error) {
      throw toRedisOperationError(error, `RedisStore.${what}`);
    }
  }
}

const NO_VECTORS: PreviousVectors = { version: undefined, fields: [] };

/** The fields of an item hash a read returns, in this order. */
const ITEM_FIELDS = ['value', 'created', 'updated', 'version'];

/** An item from its hash's {@link ITEM_FIELDS}; `undefined` when it does not exist. */
function parseItem(
  path: string,
  key: string,
  itemKey: string,
  reply: unknown[],
): Stored | undefined {
  const [json, created, updated, version] = reply.map((field) =>
    field == null ? undefined : String(field),
  );
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new CorruptDataError(`${itemKey} holds a value that is not JSON`, itemKey, {
      cause: error,
    });
  }
  const item: Item = {
    namespace: namespaceOf(path),
    key,
    value: value as Record<string, unknown>,
    createdAt: new Date(Number(created)),
    updatedAt: new Date(Number(updated)),
  };
  return { item, version };
}

/** The version and vector fields an item hash held (`HMGET version fields`); none when unindexed. */
function previousVectors(reply: unknown, itemKey: string): PreviousVectors {
  const [version, fields] = Array.isArray(reply) ? reply : [];
  if (version == null || fields == null) return NO_VECTORS;
  try {
    const parsed = JSON.parse(String(fields)) as unknown;
    if (Array.isArray(parsed) && parsed.every((field) => typeof field === 'string')) {
      return { version: String(version), fields: parsed };
    }
  } catch {
    // Reported below.
  }
  throw new CorruptDataError(
    `${itemKey} lists its vectors in a form this store did not write`,
    itemKey,
  );
}
