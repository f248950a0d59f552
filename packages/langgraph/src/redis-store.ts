import {
  BaseStore,
  type GetOperation,
  type Item,
  type ListNamespacesOperation,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchItem,
  type SearchOperation,
  validateNamespace,
} from '@langchain/langgraph-checkpoint';
import {
  type ConnectionOptions,
  CorruptDataError,
  InvalidArgumentError,
  RedisConnection,
  SerializationError,
} from '@x/redis-core';
import { type RedisArgument, toRedisOperationError } from '@x/redis-core/internal';
import { matchesNamespace, matchesValueFilter } from './store-filters.js';
import { DEFAULT_STORE_PREFIX, namespaceOf, pathOf, StoreKeys } from './store-keys.js';

/** How many items a search reads per round trip. */
const SEARCH_PAGE = 100;

/** Options of {@link RedisStore}: where to reach Redis, and the key prefix. */
export type RedisStoreOptions = ConnectionOptions & {
  /**
   * The start of every key. Letters, digits, `_`, `.`, `-`, in segments separated by single
   * `:`. @default 'langgraph:store'
   */
  prefix?: string;
};

interface Listed {
  path: string;
  key: string;
  updated: number;
}

/**
 * LangGraph's long-term memory (`BaseStore`) in Redis, on any Redis 7 or newer with no module:
 * items (JSON values under a namespace and a key) shared across threads, with `get`, `put`,
 * `delete`, `search` (a namespace prefix, a filter on value fields, limit and offset; newest
 * first) and `listNamespaces`. Give it to `createAgent({ store })` or
 * `graph.compile({ store })`. Semantic search (`query`) is not offered yet: a search with a
 * query returns the same items as without it, unscored, as LangGraph's `InMemoryStore` does
 * when it has no index.
 */
export class RedisStore extends BaseStore implements AsyncDisposable {
  readonly #connection: RedisConnection;
  readonly #keys: StoreKeys;

  /** @throws {InvalidArgumentError} or {@link InvalidKeyError} for a bad option. */
  constructor(options: RedisStoreOptions) {
    super();
    this.#keys = new StoreKeys(options.prefix ?? DEFAULT_STORE_PREFIX);
    this.#connection = RedisConnection.from(options);
  }

  /**
   * Runs the operations: reads (get, search, listNamespaces) see the store as it was before the
   * batch, then the puts and deletes are applied in order (the last one per item wins).
   */
  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    if (!Array.isArray(operations)) throw new InvalidArgumentError('`operations` must be an array');
    const writes = new Map<string, PutOperation>();
    const results = await Promise.all(
      operations.map((operation) => {
        if ('value' in operation) {
          checkItem(operation.namespace, operation.key, false);
          const value = operation.value;
          if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
            throw new InvalidArgumentError('a stored value must be an object (or null to delete)');
          }
          writes.set(JSON.stringify([operation.namespace, operation.key]), operation);
          return undefined;
        }
        if ('namespacePrefix' in operation) return this.#search(operation);
        if ('matchConditions' in operation || 'limit' in operation) {
          return this.#listNamespaces(operation as ListNamespacesOperation);
        }
        return this.#get(operation as GetOperation);
      }),
    );
    for (const write of writes.values()) await this.#write(write);
    return results as OperationResults<Op>;
  }

  /** Closes the connection if this store created it (from a `url`). */
  async close(): Promise<void> {
    await this.#connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #get({ namespace, key }: GetOperation): Promise<Item | null> {
    checkItem(namespace, key, true);
    if (namespace.length === 0) return null;
    const path = pathOf(namespace);
    const [item] = await this.#read([{ path, key, updated: 0 }]);
    return item ?? null;
  }

  async #write({ namespace, key, value }: PutOperation): Promise<void> {
    const path = pathOf(namespace);
    const itemKey = this.#keys.item(path, key);
    const items = this.#keys.items(path);
    if (value === null) {
      await this.#multi(
        [
          ['DEL', itemKey],
          ['ZREM', items, key],
        ],
        path,
      );
      return;
    }
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      throw new SerializationError('the value is not JSON-serializable', { cause: error });
    }
    const now = String(Date.now());
    await Promise.all([
      this.#send(['SADD', this.#keys.namespaces, path], this.#keys.namespaces),
      this.#multi(
        [
          ['HSETNX', itemKey, 'created', now],
          ['HSET', itemKey, 'value', json, 'updated', now],
          ['ZADD', items, now, key],
        ],
        path,
      ),
    ]);
  }

  /** The items under a namespace prefix, newest first, that match the filter; a page of them. */
  async #search(operation: SearchOperation): Promise<SearchItem[]> {
    const { namespacePrefix, filter } = operation;
    validateNamespace(namespacePrefix, { allowEmpty: true, allowReservedRoot: true });
    const limit = count(operation.limit ?? 10, 'limit');
    const offset = count(operation.offset ?? 0, 'offset');
    const paths = (await this.#paths()).filter((path) =>
      matchesNamespace(namespaceOf(path), { matchType: 'prefix', path: namespacePrefix }),
    );
    const listed: Listed[] = [];
    await Promise.all(
      paths.map(async (path) => {
        const reply = await this.#send<unknown[]>(
          ['ZRANGE', this.#keys.items(path), '0', '-1', 'WITHSCORES'],
          this.#keys.items(path),
        );
        // RESP2 gives `member, score, ...`; RESP3 gives `[member, score]` pairs.
        const flat = reply.flat();
        for (let index = 0; index + 1 < flat.length; index += 2) {
          listed.push({ path, key: String(flat[index]), updated: Number(flat[index + 1]) });
        }
      }),
    );
    listed.sort(
      (a, b) => b.updated - a.updated || compare(a.path, b.path) || compare(a.key, b.key),
    );
    const found: SearchItem[] = [];
    let skipped = 0;
    for (let start = 0; start < listed.length && found.length < limit; start += SEARCH_PAGE) {
      for (const item of await this.#read(listed.slice(start, start + SEARCH_PAGE))) {
        if (item === undefined || (filter && !matchesValueFilter(item.value, filter))) continue;
        if (skipped < offset) {
          skipped++;
          continue;
        }
        if (found.length < limit) found.push({ ...item, score: undefined });
      }
    }
    return found;
  }

  async #listNamespaces(operation: ListNamespacesOperation): Promise<string[][]> {
    const limit = count(operation.limit ?? 100, 'limit');
    const offset = count(operation.offset ?? 0, 'offset');
    const conditions = operation.matchConditions ?? [];
    const paths = await this.#paths();
    // Namespaces whose items were all deleted stay in the set: count what each holds.
    const sizes = await Promise.all(
      paths.map((path) =>
        this.#send<number>(['ZCARD', this.#keys.items(path)], this.#keys.items(path)),
      ),
    );
    let namespaces = paths
      .filter((_, index) => Number(sizes[index]) > 0)
      .map(namespaceOf)
      .filter((namespace) =>
        conditions.every((condition) => matchesNamespace(namespace, condition)),
      );
    if (operation.maxDepth !== undefined) {
      const depth = count(operation.maxDepth, 'maxDepth');
      const unique = new Set(namespaces.map((namespace) => pathOf(namespace.slice(0, depth))));
      namespaces = [...unique].map(namespaceOf);
    }
    namespaces.sort((a, b) => compare(pathOf(a), pathOf(b)));
    return namespaces.slice(offset, offset + limit);
  }

  async #paths(): Promise<string[]> {
    const members = await this.#send<unknown[]>(
      ['SMEMBERS', this.#keys.namespaces],
      this.#keys.namespaces,
    );
    return members.map(String);
  }

  /** Items (pipelined); `undefined` for one deleted meanwhile. */
  #read(listed: readonly Listed[]): Promise<(Item | undefined)[]> {
    return Promise.all(
      listed.map(async ({ path, key }) => {
        const itemKey = this.#keys.item(path, key);
        const reply = await this.#send<unknown[]>(
          ['HMGET', itemKey, 'value', 'created', 'updated'],
          itemKey,
        );
        const [json, created, updated] = reply.map((field) =>
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
        return {
          namespace: namespaceOf(path),
          key,
          value: value as Record<string, unknown>,
          createdAt: new Date(Number(created)),
          updatedAt: new Date(Number(updated)),
        };
      }),
    );
  }

  async #send<T>(command: RedisArgument[], key: string): Promise<T> {
    try {
      return await this.#connection.send<T>(command, { key, mapsAsArrays: true });
    } catch (error) {
      throw toRedisOperationError(error, 'RedisStore');
    }
  }

  async #multi(commands: RedisArgument[][], path: string): Promise<void> {
    try {
      await this.#connection.multi(commands, { key: this.#keys.items(path) });
    } catch (error) {
      throw toRedisOperationError(error, 'RedisStore.put');
    }
  }
}

function checkItem(namespace: unknown, key: unknown, allowEmpty: boolean): void {
  if (!Array.isArray(namespace))
    throw new InvalidArgumentError('a namespace must be an array of labels');
  validateNamespace(namespace, { allowEmpty, allowReservedRoot: true });
  if (typeof key !== 'string' || !key.isWellFormed()) {
    throw new InvalidArgumentError('an item key must be a well-formed string');
  }
}

function count(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(
      `\`${name}\` must be a whole number of 0 or more, got ${String(value)}`,
    );
  }
  return value;
}

/** Strings by code point, the same on every machine (no locale). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
