import {
  CorruptDataError,
  createVectorIndex,
  type RedisConnection,
  type StoredDocument,
  type VectorEngineOption,
  type VectorIndex,
  type VectorIndexInfo,
  type VectorQueryResult,
} from '@x/redis-core';
import type { ResolvedScope } from './cache-scope.js';
import {
  EF_RUNTIME,
  type EntryLayout,
  type EntrySelection,
  FORMAT,
  PartitionedLayout,
  SHARED_FIELDS,
  SharedLayout,
} from './entry-layouts.js';
import { hashParts } from './hashing.js';

/**
 * Neighbours a search asks Redis for, of which the `candidates` nearest are verified. On the
 * Query Engine's shared index a filtered KNN; on a vector-set partition, its whole graph.
 */
const SEARCH_COUNT = 16;

/** An entry as stored: the prompt, whose it is, and the serialized generations. */
export interface CacheEntry {
  readonly id: string;
  /** The Redis key of its document, for error messages. */
  readonly key: string;
  readonly prompt: string;
  readonly llmString: string;
  /** Its scope (the lookup's: an entry of another scope is never read). */
  readonly scope: ResolvedScope;
  /** The serialized generations (`serializeGenerations`). */
  readonly generations: string;
  /** When it was written, in milliseconds since the epoch. */
  readonly createdAt: number;
  /** Its cosine distance to the query vector. */
  readonly distance: number;
  /** The stored document, for writing it again unchanged (sliding TTL). */
  readonly document: StoredDocument;
  /** The index that holds it. */
  readonly index: VectorIndex;
}

/** An entry that is not one this cache wrote, and why. */
export interface UnreadableEntry {
  readonly id: string;
  readonly error: CorruptDataError;
  /** The index that holds it. */
  readonly index: VectorIndex;
}

/** What a search found: readable entries nearest first, and the unreadable ones. */
export interface SearchResult {
  entries: CacheEntry[];
  corrupt: UnreadableEntry[];
}

/**
 * The Redis side of the semantic cache: entries are documents of vector indexes, the prompt as
 * content, laid out by engine (see {@link EntryLayout}): on the Query Engine one index whose
 * searches are filtered on the hashes of the llmString and scope, on vector sets one index per
 * llmString and scope. Either way another model's or another scope's entries never take a
 * candidate's place. Knows nothing of LangChain.
 */
export class SemanticEntries {
  /** The cache's own index: the whole cache on the Query Engine, the former layout on vector sets. */
  readonly #base: VectorIndex;
  readonly #makeLayout: (engine: string) => EntryLayout;
  #layoutPromise: Promise<EntryLayout> | undefined;

  constructor(
    connection: RedisConnection,
    options: { name: string; engine: VectorEngineOption; onSweepError: (error: Error) => void },
  ) {
    this.#base = createVectorIndex(connection, {
      name: options.name,
      engine: options.engine,
      schema: { fields: [...SHARED_FIELDS], hnsw: { efRuntime: EF_RUNTIME } },
      onError: options.onSweepError,
    });
    this.#makeLayout = (engine) =>
      engine === 'vector-set'
        ? new PartitionedLayout(connection, { ...options, legacy: this.#base })
        : new SharedLayout(this.#base);
  }

  /**
   * The layout of the engine the server offers, asked once it is needed and kept once known; a
   * failure (the server down, or unable to hold the cache) fails that call only.
   */
  get #layout(): Promise<EntryLayout> {
    if (this.#layoutPromise === undefined) {
      const resolving = this.#base.engine().then(this.#makeLayout);
      resolving.catch(() => {
        if (this.#layoutPromise === resolving) this.#layoutPromise = undefined;
      });
      this.#layoutPromise = resolving;
    }
    return this.#layoutPromise;
  }

  /** The id of the entry of `prompt` for `llmString` under `scope`: a write replaces it. */
  static entryId(prompt: string, llmString: string, scope: ResolvedScope): string {
    return hashParts('entry', llmString, scope.key, prompt);
  }

  /**
   * The entries of `llmString` and `scope` within `distanceThreshold` of `vector`, nearest
   * first, `k` at most (without a threshold: the `k` nearest).
   */
  async search(
    vector: readonly number[],
    llmString: string,
    scope: ResolvedScope,
    options: { k: number; distanceThreshold?: number; returnVectors?: boolean },
  ): Promise<SearchResult> {
    const { index, filter } = (await this.#layout).locate(llmString, scope);
    const results = await index.query({
      vector: [...vector],
      k: Math.max(options.k, SEARCH_COUNT),
      ...(filter === undefined ? {} : { filter }),
      ...(options.distanceThreshold === undefined
        ? {}
        : { distanceThreshold: options.distanceThreshold }),
      returnVectors: options.returnVectors === true,
    });
    const keys = await Promise.all(results.map((result) => index.documentKey(result.id)));
    const found: SearchResult = { entries: [], corrupt: [] };
    for (const [position, result] of results.entries()) {
      const entry = this.#read(index, result, llmString, scope, keys[position] as string);
      if (entry === undefined) continue;
      if ('error' in entry) found.corrupt.push(entry);
      else if (found.entries.length < options.k) found.entries.push(entry);
    }
    return found;
  }

  /** Writes an entry, replacing the one of the same prompt, model and scope. */
  async write(
    entry: { prompt: string; llmString: string; scope: ResolvedScope; generations: string },
    vector: readonly number[],
    ttlMs: number | undefined,
  ): Promise<void> {
    const layout = await this.#layout;
    const { index } = layout.locate(entry.llmString, entry.scope);
    // The listing and the entry in flight together: one round trip.
    await Promise.all([
      layout.register(entry.llmString, entry.scope, ttlMs),
      index.upsert([
        {
          id: SemanticEntries.entryId(entry.prompt, entry.llmString, entry.scope),
          vector: [...vector],
          content: entry.prompt,
          metadata: {
            format: FORMAT,
            llm: hashParts('llm', entry.llmString),
            scope: entry.scope.key,
            scopeParts: [...entry.scope.parts],
            llmString: entry.llmString,
            scopeValues: entry.scope.values,
            generations: entry.generations,
            createdAt: Date.now(),
          },
          ...(ttlMs === undefined ? {} : { ttl: ttlMs / 1000 }),
        },
      ]),
    ]);
  }

  /** Writes a found entry again as it is, with a fresh time to live (sliding TTL). */
  async rewrite(entry: CacheEntry, ttlMs: number): Promise<void> {
    const { document } = entry;
    if (document.vector === undefined) return;
    const layout = await this.#layout;
    await Promise.all([
      layout.register(entry.llmString, entry.scope, ttlMs),
      entry.index.upsert([
        {
          id: document.id,
          vector: document.vector,
          content: document.content,
          metadata: document.metadata,
          ttl: ttlMs / 1000,
        },
      ]),
    ]);
  }

  /** Deletes entries a search found unreadable. */
  async remove(entries: readonly UnreadableEntry[]): Promise<void> {
    await Promise.all(entries.map(({ index, id }) => index.delete([id])));
  }

  /** Deletes the selected entries, or every entry; returns how many. */
  async clear(selection: EntrySelection = {}): Promise<number> {
    return (await this.#layout).clear(selection);
  }

  /** Drops every index and every entry. */
  async drop(): Promise<void> {
    await (await this.#layout).drop();
  }

  /**
   * The engine, the entries in every scope and the dimension.
   *
   * @throws {CapabilityError} when the server cannot hold the cache.
   */
  async info(): Promise<VectorIndexInfo> {
    return (await this.#layout).info();
  }

  /**
   * An entry from a search result; `undefined` when it belongs to another model or scope
   * (only a hash collision could bring one here, and it is never served), an
   * {@link UnreadableEntry} when it is not an entry this cache wrote.
   */
  #read(
    index: VectorIndex,
    result: VectorQueryResult,
    llmString: string,
    scope: ResolvedScope,
    key: string,
  ): CacheEntry | UnreadableEntry | undefined {
    const { metadata } = result;
    const { generations, createdAt } = metadata;
    if (
      metadata.format !== FORMAT ||
      typeof metadata.llmString !== 'string' ||
      typeof metadata.scope !== 'string' ||
      typeof generations !== 'string' ||
      typeof createdAt !== 'number'
    ) {
      const error = new CorruptDataError(
        `the semantic cache entry "${result.id}" of index "${index.name}" is not one this cache wrote; lookups skip it and delete it`,
        key,
      );
      return { id: result.id, error, index };
    }
    if (metadata.llmString !== llmString || metadata.scope !== scope.key) return undefined;
    return {
      id: result.id,
      key,
      prompt: result.content,
      llmString: metadata.llmString,
      scope,
      generations,
      createdAt,
      distance: result.distance,
      document: result,
      index,
    };
  }
}
