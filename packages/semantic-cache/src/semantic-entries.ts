import {
  and,
  CorruptDataError,
  createVectorIndex,
  type Filter,
  type RedisConnection,
  type StoredDocument,
  tag,
  type VectorEngineOption,
  type VectorIndex,
  type VectorQueryResult,
} from '@x/redis-core';
import type { ResolvedScope } from './cache-scope.js';
import { hashParts } from './hashing.js';

/** The format of the entries this version writes; also the tag every entry carries. */
const FORMAT = '1';

/**
 * Neighbours a search asks Redis for, of which the `candidates` nearest are verified. On vector
 * sets the filtered graph search expands at least 100 × this many nodes before the query gives
 * up on the graph and scans (see `@x/redis-core`): with 16, a user's entry was found in the
 * graph among 3,000 other users' nearer ones, where 4 missed one user in ten.
 */
const SEARCH_COUNT = 16;

/**
 * HNSW candidates kept while searching. A lookup needs only neighbours within a tight
 * threshold, which a narrow search finds: 40 found the entry nearest to a paraphrase in 299 of
 * 300 lookups on 10,000 uniform random 512-dimension vectors (all of them on vectors with a
 * lower intrinsic dimension, as real embeddings have), at half the time of the default 100.
 */
const EF_RUNTIME = 40;

/**
 * The declared (filterable) fields: hashes of the llmString and of the scope, one hash per
 * scope pair, and the format. The full llmString and scope are in the metadata.
 */
const FIELDS = [
  { name: 'llm', type: 'tag' },
  { name: 'scope', type: 'tag' },
  { name: 'scopeParts', type: 'tag' },
  { name: 'format', type: 'tag' },
] as const;

/** An entry as stored: the prompt, whose it is, and the serialized generations. */
export interface CacheEntry {
  readonly id: string;
  /** The Redis key of its document, for error messages. */
  readonly key: string;
  readonly prompt: string;
  readonly llmString: string;
  /** The serialized generations (`serializeGenerations`). */
  readonly generations: string;
  /** When it was written, in milliseconds since the epoch. */
  readonly createdAt: number;
  /** Its cosine distance to the query vector. */
  readonly distance: number;
  /** The stored document, for writing it again unchanged (sliding TTL). */
  readonly document: StoredDocument;
}

/** An entry that is not one this cache wrote, and why. */
export interface UnreadableEntry {
  readonly id: string;
  readonly error: CorruptDataError;
}

/** What a search found: readable entries nearest first, and the unreadable ones. */
export interface SearchResult {
  entries: CacheEntry[];
  corrupt: UnreadableEntry[];
}

/** What a partial clear selects; every part given must match. */
export interface EntrySelection {
  llmString?: string;
  /** Only entries of exactly this scope. */
  exactScope?: ResolvedScope;
  /** Only entries whose scope holds every pair of this one. */
  scopeParts?: readonly string[];
}

/**
 * The Redis side of the semantic cache: one vector index (`name`) whose documents are
 * entries, the prompt as content, the hashes of the llmString and scope as tag fields. Every
 * search is pre-filtered on both tags inside the vector query, so another model's or another
 * scope's entries never take a candidate's place. Knows nothing of LangChain.
 */
export class SemanticEntries {
  readonly index: VectorIndex;

  constructor(
    connection: RedisConnection,
    options: { name: string; engine: VectorEngineOption; onSweepError: (error: Error) => void },
  ) {
    this.index = createVectorIndex(connection, {
      name: options.name,
      engine: options.engine,
      schema: { fields: [...FIELDS], hnsw: { efRuntime: EF_RUNTIME } },
      onError: options.onSweepError,
    });
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
    const results = await this.index.query({
      vector: [...vector],
      k: Math.max(options.k, SEARCH_COUNT),
      filter: and(tag('llm').eq(hashParts('llm', llmString)), tag('scope').eq(scope.key)),
      ...(options.distanceThreshold === undefined
        ? {}
        : { distanceThreshold: options.distanceThreshold }),
      returnVectors: options.returnVectors === true,
    });
    const keys = await Promise.all(results.map((result) => this.index.documentKey(result.id)));
    const found: SearchResult = { entries: [], corrupt: [] };
    for (const [position, result] of results.entries()) {
      const entry = this.#read(result, llmString, scope, keys[position] as string);
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
    const llm = hashParts('llm', entry.llmString);
    await this.index.upsert([
      {
        id: SemanticEntries.entryId(entry.prompt, entry.llmString, entry.scope),
        vector: [...vector],
        content: entry.prompt,
        metadata: {
          format: FORMAT,
          llm,
          scope: entry.scope.key,
          scopeParts: [...entry.scope.parts],
          llmString: entry.llmString,
          scopeValues: entry.scope.values,
          generations: entry.generations,
          createdAt: Date.now(),
        },
        ...(ttlMs === undefined ? {} : { ttl: ttlMs / 1000 }),
      },
    ]);
  }

  /** Writes a found entry again as it is, with a fresh time to live (sliding TTL). */
  async rewrite(entry: CacheEntry, ttlMs: number): Promise<void> {
    const { document } = entry;
    if (document.vector === undefined) return;
    await this.index.upsert([
      {
        id: document.id,
        vector: document.vector,
        content: document.content,
        metadata: document.metadata,
        ttl: ttlMs / 1000,
      },
    ]);
  }

  /** Deletes entries by id. */
  remove(ids: readonly string[]): Promise<number> {
    return this.index.delete(ids);
  }

  /** Deletes the selected entries, or every entry; returns how many. The index stays. */
  clear(selection: EntrySelection = {}): Promise<number> {
    const conditions: Filter[] = [];
    if (selection.llmString !== undefined) {
      conditions.push(tag('llm').eq(hashParts('llm', selection.llmString)));
    }
    if (selection.exactScope !== undefined) {
      conditions.push(tag('scope').eq(selection.exactScope.key));
    }
    for (const part of selection.scopeParts ?? []) conditions.push(tag('scopeParts').eq(part));
    if (conditions.length === 0) conditions.push(tag('format').eq(FORMAT));
    return this.index.deleteWhere(
      conditions.length === 1 ? (conditions[0] as Filter) : and(...conditions),
    );
  }

  /** Drops the index and every entry. */
  drop(): Promise<void> {
    return this.index.drop({ deleteDocuments: true });
  }

  /**
   * An entry from a search result; `undefined` when it belongs to another model or scope
   * (only a hash collision could bring one here, and it is never served), an
   * {@link UnreadableEntry} when it is not an entry this cache wrote.
   */
  #read(
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
        `the semantic cache entry "${result.id}" of index "${this.index.name}" is not one this cache wrote; lookups skip it and delete it`,
        key,
      );
      return { id: result.id, error };
    }
    if (metadata.llmString !== llmString || metadata.scope !== scope.key) return undefined;
    return {
      id: result.id,
      key,
      prompt: result.content,
      llmString: metadata.llmString,
      generations,
      createdAt,
      distance: result.distance,
      document: result,
    };
  }
}
