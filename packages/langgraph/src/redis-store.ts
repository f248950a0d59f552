import { randomUUID } from 'node:crypto';
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
import { type ItemVectors, type RedisStoreIndexConfig, StoreVectors } from './store-vectors.js';

/** How many items a search reads per round trip. */
const SEARCH_PAGE = 100;
/** The most vectors one query of the vector index returns. */
const MAX_VECTORS = 10_000;

/** Options of {@link RedisStore}: where to reach Redis, and the key prefix. */
export type RedisStoreOptions = ConnectionOptions & {
  /**
   * The start of every key. Letters, digits, `_`, `.`, `-`, in segments separated by single
   * `:`. @default 'langgraph:store'
   */
  prefix?: string;
  /**
   * Semantic search: LangGraph's `IndexConfig` (`dims`, `embeddings`, `fields`), and the
   * vector engine of `@x/redis-core` to use (`engine`). Without it, a search with a `query`
   * returns what it returns without one, unscored, as LangGraph's `InMemoryStore` does.
   */
  index?: RedisStoreIndexConfig;
};

interface Listed {
  path: string;
  key: string;
  updated?: number;
}

/** An item as read, with the version of its write (when the store indexes). */
interface Stored {
  item: Item;
  version: string | undefined;
}

/**
 * LangGraph's long-term memory (`BaseStore`) in Redis: items (JSON values under a namespace and
 * a key) shared across threads, with `get`, `put`, `delete`, `search` (a namespace prefix, a
 * filter on value fields, limit and offset; newest first) and `listNamespaces`, on any Redis 7
 * or newer with no module. With `index`, a search with a `query` ranks the items by the cosine
 * similarity of their embedded texts (`score`), on vector sets (Redis 8) or the Query Engine.
 * Give it to `createAgent({ store })` or `graph.compile({ store })`.
 */
export class RedisStore extends BaseStore implements AsyncDisposable {
  readonly #connection: RedisConnection;
  readonly #keys: StoreKeys;
  readonly #vectors: StoreVectors | undefined;

  /** @throws {InvalidArgumentError} or {@link InvalidKeyError} for a bad option. */
  constructor(options: RedisStoreOptions) {
    super();
    const prefix = options.prefix ?? DEFAULT_STORE_PREFIX;
    this.#keys = new StoreKeys(prefix);
    this.#connection = RedisConnection.from(options);
    this.#vectors =
      options.index === undefined
        ? undefined
        : new StoreVectors(this.#connection, prefix, options.index);
  }

  /**
   * Runs the operations: reads (get, search, listNamespaces) see the store as it was before the
   * batch, then the puts and deletes are applied in order (the last one per item wins). With
   * `index`, the texts of every put are embedded first, in one call: when the model fails,
   * nothing is written.
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
    const puts = [...writes.values()];
    const vectors = await this.#embed(puts);
    for (const [position, put] of puts.entries()) await this.#write(put, vectors[position]);
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
    const [stored] = await this.#read([{ path: pathOf(namespace), key }]);
    return stored?.item ?? null;
  }

  /** The vectors of the puts (none for deletes), when the store indexes. */
  async #embed(puts: readonly PutOperation[]): Promise<(ItemVectors | undefined)[]> {
    if (this.#vectors === undefined) return puts.map(() => undefined);
    const values = puts.flatMap(({ value, index }) => (value === null ? [] : [{ value, index }]));
    const embedded = await this.#vectors.embed(values);
    let next = 0;
    return puts.map(({ value }) => (value === null ? undefined : embedded[next++]));
  }

  /**
   * Writes (or deletes) an item in one MULTI, then, when the store indexes, its vectors under
   * the version of this write: a crash in between leaves vectors no search trusts (stale), never
   * a half-written item.
   */
  async #write(
    { namespace, key, value }: PutOperation,
    vectors: ItemVectors | undefined,
  ): Promise<void> {
    const path = pathOf(namespace);
    const itemKey = this.#keys.item(path, key);
    const items = this.#keys.items(path);
    // With `index`, the MULTI also reads the fields the item had vectors for, to delete them.
    const readFields: RedisArgument[][] = this.#vectors ? [['HGET', itemKey, 'fields']] : [];
    if (value === null) {
      const [previous] = await this.#multi(
        [...readFields, ['DEL', itemKey], ['ZREM', items, key]],
        path,
      );
      if (this.#vectors) await this.#vectors.remove(path, key, fieldsOf(previous, itemKey));
      return;
    }
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      throw new SerializationError('the value is not JSON-serializable', { cause: error });
    }
    const now = String(Date.now());
    const version = randomUUID();
    const indexed: RedisArgument[] =
      vectors === undefined
        ? []
        : ['version', version, 'fields', JSON.stringify(vectors.map(({ field }) => field))];
    const [[previous]] = await Promise.all([
      this.#multi(
        [
          ...readFields,
          // An item written by a store without `index` loses the vectors it had.
          ['HDEL', itemKey, 'version', 'fields'],
          ['HSETNX', itemKey, 'created', now],
          ['HSET', itemKey, 'value', json, 'updated', now, ...indexed],
          ['ZADD', items, now, key],
        ],
        path,
      ),
      this.#send(['SADD', this.#keys.namespaces, path], this.#keys.namespaces),
    ]);
    if (this.#vectors && vectors) {
      await this.#vectors.write(path, key, version, vectors, fieldsOf(previous, itemKey));
    }
  }

  /**
   * A page of the items under a namespace prefix that match the filter: newest first, or, with
   * a `query` and an index, the scored ones by score, then the ones without vectors newest
   * first.
   */
  async #search(operation: SearchOperation): Promise<SearchItem[]> {
    const { namespacePrefix, filter, query } = operation;
    validateNamespace(namespacePrefix, { allowEmpty: true, allowReservedRoot: true });
    const limit = count(operation.limit ?? 10, 'limit');
    const offset = count(operation.offset ?? 0, 'offset');
    if (filter !== undefined && (typeof filter !== 'object' || filter === null)) {
      throw new InvalidArgumentError('`filter` must be an object of field conditions');
    }
    if (query !== undefined && typeof query !== 'string') {
      throw new InvalidArgumentError('`query` must be a string');
    }
    const wanted = offset + limit;
    const scored =
      query && this.#vectors
        ? await this.#scored(this.#vectors, namespacePrefix, query, filter, wanted)
        : { items: [], complete: true };
    const found: SearchItem[] = scored.items;
    // Past the scored items (or without a query), the others, newest first.
    if (found.length < wanted && scored.complete) {
      const seen = new Set(found.map(({ namespace, key }) => itemId(pathOf(namespace), key)));
      const listed = (await this.#list(namespacePrefix)).filter(
        ({ path, key }) => !seen.has(itemId(path, key)),
      );
      for (let start = 0; start < listed.length && found.length < wanted; start += SEARCH_PAGE) {
        for (const stored of await this.#read(listed.slice(start, start + SEARCH_PAGE))) {
          if (stored === undefined || (filter && !matchesValueFilter(stored.item.value, filter))) {
            continue;
          }
          if (found.length < wanted) found.push({ ...stored.item, score: undefined });
        }
      }
    }
    return found.slice(offset);
  }

  /**
   * The `wanted` items nearest to `query` that match the filter, by score (an item's score is
   * that of its nearest vector of its current version); `complete` when every vector under the
   * prefix was seen, so that the items without one may follow.
   */
  async #scored(
    vectors: StoreVectors,
    namespacePrefix: string[],
    query: string,
    filter: Record<string, unknown> | undefined,
    wanted: number,
  ): Promise<{ items: SearchItem[]; complete: boolean }> {
    const vector = await vectors.embedQuery(query);
    for (
      let k = Math.min(MAX_VECTORS, Math.max(2 * wanted, 10));
      ;
      k = Math.min(MAX_VECTORS, 4 * k)
    ) {
      const { hits, exhausted } = await vectors.search(namespacePrefix, vector, k);
      const candidates = new Map<string, Listed & { hits: typeof hits }>();
      for (const hit of hits) {
        const id = itemId(hit.path, hit.key);
        const candidate = candidates.get(id) ?? { path: hit.path, key: hit.key, hits: [] };
        candidate.hits.push(hit);
        candidates.set(id, candidate);
      }
      const listed = [...candidates.values()];
      const stored = await this.#read(listed);
      const items: SearchItem[] = [];
      listed.forEach((candidate, position) => {
        const found = stored[position];
        const hit = candidate.hits.find(({ version }) => version === found?.version);
        if (found === undefined || hit === undefined) return;
        if (filter && !matchesValueFilter(found.item.value, filter)) return;
        items.push({ ...found.item, score: hit.score });
      });
      items.sort((a, b) => (b.score as number) - (a.score as number));
      if (items.length >= wanted || exhausted || k === MAX_VECTORS) {
        return { items: items.slice(0, wanted), complete: exhausted };
      }
    }
  }

  /** The items listed under a namespace prefix (its labels, matched as they are), newest first. */
  async #list(namespacePrefix: readonly string[]): Promise<Listed[]> {
    const paths = (await this.#paths()).filter((path) =>
      isUnder(namespaceOf(path), namespacePrefix),
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
    return listed.sort(
      (a, b) =>
        (b.updated ?? 0) - (a.updated ?? 0) || compare(a.path, b.path) || compare(a.key, b.key),
    );
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
  #read(listed: readonly Listed[]): Promise<(Stored | undefined)[]> {
    return Promise.all(
      listed.map(async ({ path, key }) => {
        const itemKey = this.#keys.item(path, key);
        const reply = await this.#send<unknown[]>(
          ['HMGET', itemKey, 'value', 'created', 'updated', 'version'],
          itemKey,
        );
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

  async #multi(commands: RedisArgument[][], path: string): Promise<unknown[]> {
    try {
      return await this.#connection.multi(commands, { key: this.#keys.items(path) });
    } catch (error) {
      throw toRedisOperationError(error, 'RedisStore.put');
    }
  }
}

/** One item among all namespaces. */
function itemId(path: string, key: string): string {
  return JSON.stringify([path, key]);
}

/** Whether a namespace starts with these labels (`*` is a label like any other here). */
function isUnder(namespace: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= namespace.length && prefix.every((label, i) => namespace[i] === label);
}

/** The vector fields an item hash listed (`fields`), none when it was not indexed. */
function fieldsOf(reply: unknown, itemKey: string): string[] {
  if (reply == null) return [];
  try {
    const fields = JSON.parse(String(reply)) as unknown;
    if (Array.isArray(fields) && fields.every((field) => typeof field === 'string')) return fields;
  } catch {
    // Reported below.
  }
  throw new CorruptDataError(
    `${itemKey} lists its vectors in a form this store did not write`,
    itemKey,
  );
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
