import { randomUUID } from 'node:crypto';
import { detectCapabilities } from '../capabilities.js';
import type { RedisConnection } from '../connection.js';
import { InvalidArgumentError, InvalidFilterError, SchemaMismatchError } from '../errors.js';
import { type FilterInput, resolveFilter } from '../filter/index.js';
import { RedisOperationError } from '../redis-operation-error.js';
import { checkIds, chunks } from './check-arguments.js';
import type { VectorIndexEngine } from './engine.js';
import type { HybridQuery, HybridQueryResult, PreparedHybridQuery } from './hybrid.js';
import { IndexKeys } from './index-keys.js';
import { type IndexRuntime, prepareHybridQuery, prepareVectorQuery } from './index-queries.js';
import { checkVector, prepareDocuments } from './prepare-documents.js';
import { attachedLayout, type ExistingIndexLayout } from './query-engine/document-layout.js';
import { QueryEngineEngine } from './query-engine/query-engine-engine.js';
import {
  type ExistingSchema,
  positiveInteger,
  type ResolvedSchema,
  resolveSchema,
  schemaDifferences,
} from './resolve-schema.js';
import { checkEngineOption, selectEngine } from './select-engine.js';
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
import { VectorSetEngine } from './vector-set/vector-set-engine.js';

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
  readonly #keys: IndexKeys;
  #requested: VectorEngineOption;
  readonly #asked: ResolvedSchema;
  #schema: ResolvedSchema;
  readonly #generateId: () => string;
  readonly #now: () => number;
  readonly #onError: (error: Error) => void;
  readonly #expireWithDocuments: boolean;
  readonly #existingIndex: ExistingIndexLayout | undefined;
  #engine: Promise<VectorIndexEngine> | undefined;
  #opening: Promise<VectorIndexEngine> | undefined;
  #exists = false;
  /** What the query preparation of `index-queries.ts` needs of this index. */
  readonly #runtime: IndexRuntime = {
    name: () => this.name,
    schema: () => this.#schema,
    open: () => this.#open(),
    exists: () => this.#exists,
    recovering: (engine, call) => this.#recovering(engine, call),
  };

  /** @internal Use {@link createVectorIndex}. */
  constructor(connection: RedisConnection, ownsConnection: boolean, options: VectorIndexOptions) {
    this.#keys = new IndexKeys(options.name, options.prefix);
    this.name = this.#keys.name;
    this.#connection = connection;
    this.#ownsConnection = ownsConnection;
    this.#requested = options.engine ?? 'auto';
    checkEngineOption(this.#requested);
    if (options.existingIndex !== undefined) {
      if (this.#requested === 'vector-set') {
        throw new InvalidArgumentError(
          '`existingIndex` attaches to a Query Engine index: it cannot run on the vector-set engine',
        );
      }
      attachedLayout(options.existingIndex);
      this.#requested = 'query-engine';
    }
    this.#existingIndex = options.existingIndex;
    this.#asked = resolveSchema(options.schema);
    this.#schema = this.#asked;
    this.#generateId = options.generateId ?? randomUUID;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? (() => {});
    this.#expireWithDocuments = options.expireWithDocuments === true;
  }

  /** The vector dimension, once known (given, read from the existing index, or first written). */
  get dimension(): number | undefined {
    return this.#schema.dimension;
  }

  /** The engine this index runs on (asks the server once, for `auto`). */
  async engine(): Promise<VectorEngine> {
    return (await this.#engineInstance()).kind;
  }

  /**
   * Creates the index when it is missing, or checks that the existing one matches the schema.
   * Without a known dimension a missing index is created by the first {@link upsert}.
   *
   * @throws {SchemaMismatchError} listing every difference from the existing index.
   * @throws {CapabilityError} when the server cannot serve the engine or the schema.
   */
  async ensure(): Promise<void> {
    await this.#open();
  }

  /** Whether the index exists on the server. */
  async exists(): Promise<boolean> {
    await this.#open();
    return this.#exists;
  }

  /** Drops the index, and its documents with `deleteDocuments`. */
  async drop(options: DropOptions = {}): Promise<void> {
    const engine = await this.#engineInstance();
    this.#opening = undefined;
    await engine.drop(options.deleteDocuments === true);
    this.#exists = false;
    this.#schema = this.#asked;
  }

  /** The engine, whether the index exists, its document count and its dimension. */
  async info(): Promise<VectorIndexInfo> {
    const engine = await this.#open();
    return {
      name: this.name,
      engine: engine.kind,
      exists: this.#exists,
      documents: this.#exists ? await this.#recovering(engine, (current) => current.count()) : 0,
      dimension: this.#schema.dimension,
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
    const batch = prepareDocuments(documents, this.#schema, settings);
    if (batch.prepared.length === 0) return [];
    const engine = await this.#open();
    if (!this.#exists) {
      this.#schema = { ...this.#schema, dimension: batch.dimension };
      await this.#create(engine);
    }
    if (this.#schema.dimension !== batch.dimension) {
      // The existing index, found only now, has another dimension: this throws, naming both.
      checkVector(documents[0]?.vector, this.#schema, {
        index: this.name,
        what: 'documents[0]',
        dimension: this.#schema.dimension,
      });
    }
    for (const chunk of chunks(batch.prepared, chunkSize)) await engine.write(chunk);
    return batch.prepared.map((document) => document.id);
  }

  /** Deletes documents by id; returns how many existed. */
  async delete(ids: readonly string[]): Promise<number> {
    checkIds(ids);
    const engine = await this.#open();
    if (!this.#exists) return 0;
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
    const node = resolveFilter(filter, this.#schema.fieldTypes);
    if (node === undefined) {
      throw new InvalidFilterError(
        'deleteWhere() needs a non-empty filter; use drop() to delete everything',
      );
    }
    const engine = await this.#open();
    const compiled = engine.compileFilter(node);
    return this.#exists ? this.#recovering(engine, (current) => current.removeWhere(compiled)) : 0;
  }

  /** The documents with these ids, in order; `undefined` for ids that do not exist. */
  async get(
    ids: readonly string[],
    options: { returnVectors?: boolean } = {},
  ): Promise<(StoredDocument | undefined)[]> {
    checkIds(ids);
    const engine = await this.#open();
    if (!this.#exists) return ids.map(() => undefined);
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
    return prepareVectorQuery(this.#runtime, query);
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
    return prepareHybridQuery(this.#runtime, query);
  }

  /**
   * The Redis key of the document with this id: the engines lay keys out differently (vector
   * sets put every key of an index in one slot), so ask rather than build it.
   *
   * @throws {InvalidKeyError} for an id that cannot be a key segment.
   */
  async documentKey(id: string): Promise<string> {
    return (await this.#engineInstance()).documentKey(id);
  }

  /** Closes the connection if this index created it (from a `url`). */
  async close(): Promise<void> {
    if (this.#ownsConnection) await this.#connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #engineInstance(): Promise<VectorIndexEngine> {
    this.#engine ??= detectCapabilities(this.#connection).then((capabilities) => {
      const kind = selectEngine(this.#requested, capabilities, this.#schema);
      const context = {
        connection: this.#connection,
        keys: this.#keys,
        capabilities,
        schema: () => this.#schema,
        now: this.#now,
        onError: this.#onError,
        expireWithDocuments: this.#expireWithDocuments,
        existingIndex: this.#existingIndex,
      };
      return kind === 'vector-set' ? new VectorSetEngine(context) : new QueryEngineEngine(context);
    });
    this.#engine.catch(() => {
      this.#engine = undefined;
    });
    return this.#engine;
  }

  /** The engine, with the index found (and checked) or created when possible. */
  #open(): Promise<VectorIndexEngine> {
    if (this.#exists && this.#engine) return this.#engine;
    this.#opening ??= (async () => {
      const engine = await this.#engineInstance();
      const existing = await engine.load();
      if (existing) this.#adopt(existing);
      else if (this.#schema.dimension !== undefined) await this.#create(engine);
      return engine;
    })().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /**
   * Runs `call`; when it fails because the index is gone (dropped by another client, or the
   * server lost its data), opens the index again, which creates it anew from the known schema
   * (indexing the documents still under its prefix), and runs `call` once more.
   */
  async #recovering<T>(
    engine: VectorIndexEngine,
    call: (engine: VectorIndexEngine) => Promise<T>,
  ): Promise<T> {
    try {
      return await call(engine);
    } catch (error) {
      if (!RedisOperationError.isInstance(error) || error.reason !== 'missing-index') throw error;
      this.#exists = false;
      const reopened = await this.#open();
      if (!this.#exists) throw error;
      return call(reopened);
    }
  }

  async #create(engine: VectorIndexEngine): Promise<void> {
    if (!(await engine.create())) {
      const existing = await engine.load();
      if (existing) this.#adopt(existing);
    }
    this.#exists = true;
  }

  /** Checks an existing index against the schema and takes its dimension. */
  #adopt(existing: ExistingSchema): void {
    const differences = schemaDifferences(this.#schema, existing);
    if (differences.length > 0) {
      throw new SchemaMismatchError(
        `index "${this.name}" exists with another schema (${differences.join('; ')}); use the schema it was created with, or drop it`,
        differences,
      );
    }
    if (this.#schema.dimension === undefined && existing.dimension !== undefined) {
      this.#schema = { ...this.#schema, dimension: existing.dimension };
    }
    this.#exists = true;
  }
}
