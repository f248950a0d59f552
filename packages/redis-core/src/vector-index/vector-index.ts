import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../connection.js';
import { InvalidArgumentError, InvalidFilterError } from '../errors.js';
import { type FilterInput, resolveFilter } from '../filter/index.js';
import { checkIds, chunks } from './check-arguments.js';
import type { HybridQuery, HybridQueryResult, PreparedHybridQuery } from './hybrid.js';
import { IndexKeys } from './index-keys.js';
import { IndexLifecycle } from './index-lifecycle.js';
import { prepareHybridQuery, prepareVectorQuery } from './index-queries.js';
import { checkVector, prepareDocuments } from './prepare-documents.js';
import { attachedLayout } from './query-engine/document-layout.js';
import { positiveInteger, resolveSchema } from './resolve-schema.js';
import { checkEngineOption } from './select-engine.js';
import type {
  DropOptions,
  PreparedVectorQuery,
  StoredDocument,
  UpsertOptions,
  VectorDocument,
  VectorEngine,
  VectorEngineOption,
  VectorIndexInfo,
  VectorIndexOptions,
  VectorQuery,
  VectorQueryResult,
} from './vector-index-options.js';

/**
 * A vector index on Redis, on the query-engine or the vector-set engine: the same documents
 * and queries give the same neighbours and distances on both. Made by `createVectorIndex`.
 *
 * The index opens lazily: the first call picks the engine (asking the server what it offers,
 * once per client), then creates the index if it is missing (when the dimension is known) or
 * checks that the existing one matches the schema.
 */
export class VectorIndex {
  /** The index's name. */
  readonly name: string;
  readonly #connection: RedisConnection;
  readonly #ownsConnection: boolean;
  readonly #generateId: () => string;
  readonly #now: () => number;
  /** The engine, whether the index exists, its schema: also what query preparation needs. */
  readonly #index: IndexLifecycle;

  /** @internal Use {@link createVectorIndex}. */
  constructor(connection: RedisConnection, ownsConnection: boolean, options: VectorIndexOptions) {
    const keys = new IndexKeys(options.name, options.prefix);
    this.name = keys.name;
    this.#connection = connection;
    this.#ownsConnection = ownsConnection;
    this.#generateId = options.generateId ?? randomUUID;
    this.#now = options.now ?? Date.now;
    this.#index = new IndexLifecycle(
      this.name,
      requestedEngine(options),
      resolveSchema(options.schema),
      {
        connection,
        keys,
        now: this.#now,
        onError: options.onError ?? (() => {}),
        expireWithDocuments: options.expireWithDocuments === true,
        existingIndex: options.existingIndex,
      },
    );
  }

  /** The vector dimension, once known (given, read from the existing index, or first written). */
  get dimension(): number | undefined {
    return this.#index.schema().dimension;
  }

  /** The engine this index runs on (asks the server once, for `auto`). */
  async engine(): Promise<VectorEngine> {
    return (await this.#index.engine()).kind;
  }

  /**
   * Creates the index when it is missing, or checks that the existing one matches the schema.
   * Without a known dimension a missing index is created by the first {@link upsert}.
   *
   * @throws {SchemaMismatchError} listing every difference from the existing index.
   * @throws {CapabilityError} when the server cannot serve the engine or the schema.
   */
  async ensure(): Promise<void> {
    await this.#index.open();
  }

  /** Whether the index exists on the server. */
  async exists(): Promise<boolean> {
    await this.#index.open();
    return this.#index.exists();
  }

  /** Drops the index, and its documents with `deleteDocuments`. */
  async drop(options: DropOptions = {}): Promise<void> {
    const engine = await this.#index.engine();
    await engine.drop(options.deleteDocuments === true);
    this.#index.dropped();
  }

  /** The engine, whether the index exists, its document count and its dimension. */
  async info(): Promise<VectorIndexInfo> {
    const index = this.#index;
    const engine = await index.open();
    return {
      name: this.name,
      engine: engine.kind,
      exists: index.exists(),
      documents: index.exists() ? await index.recovering(engine, (current) => current.count()) : 0,
      dimension: index.schema().dimension,
    };
  }

  /**
   * Writes documents (replacing any with the same id), in pipelined chunks, and returns their
   * ids in order. Everything is checked before anything is written.
   *
   * @throws {DimensionMismatchError}, {@link InvalidVectorError}, {@link InvalidArgumentError}
   *   or {@link SerializationError} for a bad document; {@link RedisOperationError} when Redis
   *   fails (chunks before the failing one are written).
   */
  async upsert(
    documents: readonly VectorDocument[],
    options: UpsertOptions = {},
  ): Promise<string[]> {
    const chunkSize = positiveInteger(options.chunkSize ?? 500, 'chunkSize', 100_000);
    const settings = { index: this.name, generateId: this.#generateId, now: this.#now };
    const batch = prepareDocuments(documents, this.#index.schema(), settings);
    if (batch.prepared.length === 0) return [];
    const engine = await this.#index.open();
    await this.#index.createFor(engine, batch.dimension);
    const schema = this.#index.schema();
    if (schema.dimension !== batch.dimension) {
      // The existing index, found only now, has another dimension: this throws, naming both.
      checkVector(documents[0]?.vector, schema, {
        index: this.name,
        what: 'documents[0]',
        dimension: schema.dimension,
      });
    }
    for (const chunk of chunks(batch.prepared, chunkSize)) await engine.write(chunk);
    return batch.prepared.map((document) => document.id);
  }

  /** Deletes documents by id; returns how many existed. */
  async delete(ids: readonly string[]): Promise<number> {
    checkIds(ids);
    const engine = await this.#index.open();
    if (!this.#index.exists()) return 0;
    let removed = 0;
    for (const chunk of chunks(ids, 500)) removed += await engine.remove(chunk);
    return removed;
  }

  /**
   * Deletes every document whose metadata matches `filter`; returns how many.
   *
   * @throws {InvalidFilterError} for an empty filter (use {@link drop} to delete everything)
   *   or one the engine cannot express, before anything is deleted.
   */
  async deleteWhere(filter: FilterInput): Promise<number> {
    const node = resolveFilter(filter, this.#index.schema().fieldTypes);
    if (node === undefined) {
      throw new InvalidFilterError(
        'deleteWhere() needs a non-empty filter; use drop() to delete everything',
      );
    }
    const index = this.#index;
    const engine = await index.open();
    const compiled = engine.compileFilter(node);
    return index.exists()
      ? index.recovering(engine, (current) => current.removeWhere(compiled))
      : 0;
  }

  /** The documents with these ids, in order; `undefined` for ids that do not exist. */
  async get(
    ids: readonly string[],
    options: { returnVectors?: boolean } = {},
  ): Promise<(StoredDocument | undefined)[]> {
    checkIds(ids);
    const engine = await this.#index.open();
    if (!this.#index.exists()) return ids.map(() => undefined);
    const results: (StoredDocument | undefined)[] = [];
    for (const chunk of chunks(ids, 500)) {
      results.push(...(await engine.read(chunk, options.returnVectors === true)));
    }
    return results;
  }

  /**
   * The `k` nearest documents to `vector` (that match `filter`, and lie within
   * `distanceThreshold`), nearest first. Documents that expired meanwhile are skipped.
   *
   * @throws {InvalidFilterError} for a filter the engine cannot express, before the query is sent.
   * @throws {DimensionMismatchError} when the vector does not have the index's dimension.
   */
  async query(query: VectorQuery): Promise<VectorQueryResult[]> {
    return this.prepareQuery(query)(query.vector);
  }

  /**
   * Checks a query (`k`, threshold, `efRuntime`, the filter against the declared fields) now,
   * and returns the search to run once its vector is known: for callers that embed a text
   * first, so that bad input fails before the embedding is paid for, and is checked once.
   *
   * @throws {InvalidFilterError} or {@link InvalidArgumentError}, at once, for a bad query.
   */
  prepareQuery(query: Omit<VectorQuery, 'vector'>): PreparedVectorQuery {
    return prepareVectorQuery(this.#index, query);
  }

  /**
   * The `k` documents that best match both the words of `text` (BM25 over their content) and
   * `vector`, the two rankings fused (reciprocal rank fusion unless `fusion` says otherwise),
   * best first, each with its fused score, text score and distance. Both searches are sent in
   * one round trip.
   *
   * @throws {CapabilityError} on the vector-set engine, which has no full-text index.
   */
  async hybridQuery(query: HybridQuery): Promise<HybridQueryResult[]> {
    return this.prepareHybridQuery(query)(query.vector);
  }

  /** {@link hybridQuery}'s checks now, its search once the vector is known (see {@link prepareQuery}). */
  prepareHybridQuery(query: Omit<HybridQuery, 'vector'>): PreparedHybridQuery {
    return prepareHybridQuery(this.#index, query);
  }

  /**
   * The Redis key of the document with this id: the engines lay keys out differently (vector
   * sets put every key of an index in one slot), so ask rather than build it.
   *
   * @throws {InvalidKeyError} for an id that cannot be a key segment.
   */
  async documentKey(id: string): Promise<string> {
    return (await this.#index.engine()).documentKey(id);
  }

  /** Closes the connection if this index created it (from a `url`). */
  async close(): Promise<void> {
    if (this.#ownsConnection) await this.#connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** The engine asked for: the Query Engine when attaching to an index another library made. */
function requestedEngine(options: VectorIndexOptions): VectorEngineOption {
  const requested = options.engine ?? 'auto';
  checkEngineOption(requested);
  if (options.existingIndex === undefined) return requested;
  if (requested === 'vector-set') {
    throw new InvalidArgumentError(
      '`existingIndex` attaches to a Query Engine index: it cannot run on the vector-set engine',
    );
  }
  attachedLayout(options.existingIndex);
  return 'query-engine';
}
