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
} from '@langchain/langgraph-checkpoint';
import {
  type ConnectionOptions,
  InvalidArgumentError,
  RedisConnection,
  SerializationError,
} from '@x/redis-core';
import { ttlMilliseconds } from '@x/redis-core/internal';
import { checkItem, checkListNamespaces, checkPut, checkSearch } from './store-checks.js';
import { matchesNamespace, matchesValueFilter } from './store-filters.js';
import { type Listed, StoreItems } from './store-items.js';
import { DEFAULT_STORE_PREFIX, namespaceOf, pathOf, StoreKeys } from './store-keys.js';
import { compare, isUnder, itemId, scoredItems } from './store-search.js';
import { type ItemVectors, type RedisStoreIndexConfig, StoreVectors } from './store-vectors.js';

/** How many items a search reads per round trip. */
const SEARCH_PAGE = 100;

/** Options of {@link RedisStore}: where to reach Redis, the key prefix, expiry, semantic search. */
export type RedisStoreOptions = ConnectionOptions & {
  /**
   * The start of every key. Letters, digits, `_`, `.`, `-`, in segments separated by single
   * `:`. @default 'langgraph:store'
   */
  prefix?: string;
  /** Seconds an item lives after its last write (or read, with `refreshTtlOnRead`). */
  ttl?: number;
  /** A `get` or `search` that returns an item gives it `ttl` again. Needs `ttl`. */
  refreshTtlOnRead?: boolean;
  /**
   * Semantic search: LangGraph's `IndexConfig` (`dims`, `embeddings`, `fields`), and the
   * vector engine of `@x/redis-core` to use (`engine`). Without it, a search with a `query`
   * returns what it returns without one, unscored, as LangGraph's `InMemoryStore` does.
   */
  index?: RedisStoreIndexConfig;
};

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
  readonly #items: StoreItems;
  readonly #vectors: StoreVectors | undefined;

  /** @throws {InvalidArgumentError} or {@link InvalidKeyError} for a bad option. */
  constructor(options: RedisStoreOptions) {
    super();
    const prefix = options.prefix ?? DEFAULT_STORE_PREFIX;
    const keys = new StoreKeys(prefix);
    const ttlMs = ttlMilliseconds(options.ttl);
    const refreshOnRead = options.refreshTtlOnRead ?? false;
    if (typeof refreshOnRead !== 'boolean') {
      throw new InvalidArgumentError('`refreshTtlOnRead` must be true or false');
    }
    if (refreshOnRead && ttlMs === undefined) {
      throw new InvalidArgumentError('`refreshTtlOnRead` needs `ttl`: without it nothing expires');
    }
    if (refreshOnRead && options.index !== undefined) {
      // An item's vectors expire when the item would have: a read cannot extend them yet.
      throw new InvalidArgumentError(
        '`refreshTtlOnRead` cannot be used with `index` yet: the vectors of an item would outlive or predate it',
      );
    }
    this.#connection = RedisConnection.from(options);
    this.#items = new StoreItems(this.#connection, keys, { ttlMs, refreshOnRead });
    this.#vectors =
      options.index === undefined
        ? undefined
        : new StoreVectors(this.#connection, prefix, options.index, options.ttl);
  }

  /**
   * Runs the operations: reads (get, search, listNamespaces) see the store as it was before the
   * batch, then the puts and deletes are applied in order (the last one per item wins). Every
   * operation is checked before anything runs. With `index`, the texts of every put are
   * embedded first, in one call: when the model fails, nothing is written.
   */
  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    if (!Array.isArray(operations)) throw new InvalidArgumentError('`operations` must be an array');
    const writes = new Map<string, Write>();
    const reads: (() => Promise<unknown>)[] = operations.map((operation) => {
      if ('value' in operation) {
        const write = this.#prepare(operation);
        writes.set(JSON.stringify([operation.namespace, operation.key]), write);
        return async () => undefined;
      }
      if ('namespacePrefix' in operation) {
        const search = checkSearch(operation);
        return () => this.#search(operation, search);
      }
      if ('matchConditions' in operation || 'limit' in operation) {
        const list = operation as ListNamespacesOperation;
        checkListNamespaces(list);
        return () => this.#listNamespaces(list);
      }
      const get = operation as GetOperation;
      checkItem(get.namespace, get.key, true);
      return () => this.#get(get);
    });
    const results = await Promise.all(reads.map((read) => read()));
    const puts = [...writes.values()];
    const vectors = await this.#embed(puts.map(({ put }) => put));
    for (const [position, write] of puts.entries()) await this.#write(write, vectors[position]);
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
    if (namespace.length === 0) return null;
    const stored = await this.#items.get(pathOf(namespace), key);
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
   * A put or delete, checked and serialized: a value that is not JSON, or a key that cannot be
   * one, is refused before anything of the batch is sent.
   */
  #prepare(put: PutOperation): Write {
    checkPut(put);
    const path = pathOf(put.namespace);
    this.#items.checkKeys(path, put.key);
    if (put.value === null) return { put, path, json: undefined };
    try {
      return { put, path, json: JSON.stringify(put.value) };
    } catch (error) {
      throw new SerializationError('the value is not JSON-serializable', { cause: error });
    }
  }

  /**
   * Writes (or deletes) an item in one MULTI, then, when the store indexes, its vectors under
   * the version of this write: a crash in between leaves vectors no search trusts (stale), never
   * a half-written item.
   */
  async #write({ put, path, json }: Write, vectors: ItemVectors | undefined): Promise<void> {
    const indexes = this.#vectors !== undefined;
    if (json === undefined) {
      const previous = await this.#items.delete(path, put.key, indexes);
      await this.#vectors?.remove(path, put.key, previous);
      return;
    }
    const version = randomUUID();
    const fields = vectors?.map(({ field }) => field) ?? [];
    const indexed = vectors ? { version, fields } : undefined;
    const previous = await this.#items.put(path, put.key, json, indexed, indexes);
    if (vectors) await this.#vectors?.write(path, put.key, version, vectors, previous);
  }

  /**
   * A page of the items under a namespace prefix that match the filter: newest first, or, with
   * a `query` and an index, the scored ones by score, then the ones without vectors newest
   * first.
   */
  async #search(
    { namespacePrefix, filter, query }: SearchOperation,
    { limit, offset }: { limit: number; offset: number },
  ): Promise<SearchItem[]> {
    const wanted = offset + limit;
    const scored =
      query && this.#vectors
        ? await scoredItems(this.#vectors, this.#items, { namespacePrefix, query, filter, wanted })
        : { items: [], complete: true };
    const found: SearchItem[] = scored.items;
    // Past the scored items (or without a query), the others, newest first.
    if (found.length < wanted && scored.complete) {
      const seen = new Set(found.map(({ namespace, key }) => itemId(pathOf(namespace), key)));
      const listed = (await this.#list(namespacePrefix)).filter(
        ({ path, key }) => !seen.has(itemId(path, key)),
      );
      for (let start = 0; start < listed.length && found.length < wanted; start += SEARCH_PAGE) {
        for (const stored of await this.#items.read(listed.slice(start, start + SEARCH_PAGE))) {
          if (stored === undefined || (filter && !matchesValueFilter(stored.item.value, filter))) {
            continue;
          }
          if (found.length < wanted) found.push({ ...stored.item, score: undefined });
        }
      }
    }
    const page = found.slice(offset);
    await this.#items.refresh(page);
    return page;
  }

  /** The items listed under a namespace prefix (its labels, matched as they are), newest first. */
  async #list(namespacePrefix: readonly string[]): Promise<Listed[]> {
    const paths = (await this.#items.paths()).filter((path) =>
      isUnder(namespaceOf(path), namespacePrefix),
    );
    const listed = await this.#items.list(paths);
    return listed.sort(
      (a, b) =>
        (b.updated ?? 0) - (a.updated ?? 0) || compare(a.path, b.path) || compare(a.key, b.key),
    );
  }

  async #listNamespaces(operation: ListNamespacesOperation): Promise<string[][]> {
    const { limit = 100, offset = 0, maxDepth } = operation;
    const conditions = operation.matchConditions ?? [];
    const paths = await this.#items.paths();
    // Namespaces whose items were all deleted stay in the set: count what each holds.
    const sizes = await this.#items.sizes(paths);
    let namespaces = paths
      .filter((_, index) => (sizes[index] ?? 0) > 0)
      .map(namespaceOf)
      .filter((namespace) =>
        conditions.every((condition) => matchesNamespace(namespace, condition)),
      );
    if (maxDepth !== undefined) {
      const unique = new Set(namespaces.map((namespace) => pathOf(namespace.slice(0, maxDepth))));
      namespaces = [...unique].map(namespaceOf);
    }
    namespaces.sort((a, b) => compare(pathOf(a), pathOf(b)));
    return namespaces.slice(offset, offset + limit);
  }
}

/** A put or delete of a batch, checked, with its value as JSON (`undefined` for a delete). */
interface Write {
  put: PutOperation;
  path: string;
  json: string | undefined;
}
