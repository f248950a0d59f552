import type { Callbacks } from '@langchain/core/callbacks/manager';
import type { Document, DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import {
  createVectorIndex,
  InvalidArgumentError,
  type PreparedVectorQuery,
  type VectorIndex,
  type VectorIndexInfo,
} from '@x/redis-core';
import { checkTtlSeconds } from '@x/redis-core/internal';
import {
  checkDocuments,
  textsToDocuments,
  toDocument,
  toVectorDocuments,
} from './document-translation.js';
import { embedDocuments } from './embedding.js';
import {
  prepareHybridSearch,
  type RedisHybridSearchOptions,
  type RedisHybridSearchResult,
} from './hybrid-search.js';
import {
  checkDeleteParams,
  type RedisAddOptions,
  type RedisDeleteParams,
  type RedisMaxMarginalRelevanceOptions,
  type RedisSearchOptions,
  type RedisVectorStoreFilter,
  type RedisVectorStoreOptions,
  type ResolvedSettings,
  resolveSettings,
} from './redis-vector-store-options.js';
import {
  type RedisHybridRetrieverInput,
  type RedisSimilarityRetrieverInput,
  type RedisVectorStoreRetriever,
  type RedisVectorStoreRetrieverInput,
  retrieverFor,
} from './redis-vector-store-retriever.js';
import { prepareMarginalRelevanceSearch, searchRequest } from './search-query.js';
import { SimilarityScoredVectorStore } from './similarity-scores.js';

/**
 * A LangChain.js vector store on Redis: on the Redis Query Engine (FT.*) or on the vector sets
 * built into every Redis 8 (`engine`). Documents keep their ids, all their metadata (types
 * intact) and their content; declared metadata fields (`metadataSchema`) can filter searches.
 *
 * **Scores are distances: lower is closer.** For COSINE (the default) a score is 1 − cosine
 * similarity, from 0 (same direction) to 2. For a retriever with a threshold use
 * `asRetriever({ distanceThreshold })`; for LangChain's `ScoreThresholdRetriever`, which wants
 * similarities, give it `store.withSimilarityScores()`.
 *
 * The index is created on the first write, with the dimension of the first embedding (or
 * `vectorIndex.dimension`); an existing index is checked against the options and reused.
 * See the package README for examples.
 */
export class RedisVectorStore extends VectorStore implements AsyncDisposable {
  declare FilterType: RedisVectorStoreFilter;
  /** The index's name. */
  readonly indexName: string;
  readonly #index: VectorIndex;
  readonly #settings: ResolvedSettings;

  /**
   * Nothing is sent to Redis before the first call.
   *
   * @throws {InvalidArgumentError} for a bad option (both or neither of `client` and `url`, a
   *   bad `metadataSchema` or `vectorIndex`, ...); {@link InvalidKeyError} for a bad
   *   `indexName` or `prefix`.
   */
  constructor(embeddings: EmbeddingsInterface, options: RedisVectorStoreOptions) {
    super(embeddings, {});
    this.#settings = resolveSettings(options);
    this.#index = createVectorIndex(options, this.#settings.index);
    this.indexName = this.#index.name;
  }

  _vectorstoreType(): string {
    return 'redis';
  }

  /**
   * Embeds the documents' page content (`embeddingBatchSize` texts per call) and writes them;
   * resolves to their ids, in order. Everything is checked before anything is written.
   *
   * @throws {SerializationError} when metadata would not read back as written (a `Date`, a
   *   `BigInt`, `NaN`, a cycle, ...); {@link DimensionMismatchError} when an embedding does
   *   not have the index's dimension; {@link InvalidArgumentError} for other bad input.
   */
  async addDocuments(
    documents: DocumentInterface[],
    options: RedisAddOptions = {},
  ): Promise<string[]> {
    checkDocuments(documents, options.ids);
    checkTtlSeconds(options.ttl);
    if (documents.length === 0) return [];
    const vectors = await embedDocuments(
      this.embeddings,
      documents.map((document) => document.pageContent),
      this.#settings.embeddingBatchSize,
    );
    return this.addVectors(vectors, documents, options);
  }

  /**
   * Writes documents with vectors you computed, replacing any with the same id, in pipelined
   * chunks of `chunkSize`; resolves to their ids, in order. The id of a document is
   * `options.ids[i]`, else its own `id`, else a random UUID. Everything is checked before
   * anything is written.
   *
   * @throws as {@link addDocuments}.
   */
  async addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options: RedisAddOptions = {},
  ): Promise<string[]> {
    checkDocuments(documents, options.ids, vectors);
    const ttl = checkTtlSeconds(options.ttl) ?? this.#settings.ttl;
    return this.#index.upsert(toVectorDocuments(vectors, documents, options.ids, ttl), {
      chunkSize: this.#settings.chunkSize,
    });
  }

  /**
   * The documents nearest to `query` with their distances (lower is closer), nearest first.
   * Pass search options in place of `k` for a distance threshold or `efRuntime`.
   *
   * @throws {InvalidFilterError} for a malformed filter or an undeclared field, before the
   *   query is embedded or sent; {@link DimensionMismatchError} for a vector of another
   *   dimension than the index's.
   */
  async similaritySearchVectorWithScore(
    query: number[],
    kOrOptions: number | RedisSearchOptions = 4,
    filter?: RedisVectorStoreFilter,
  ): Promise<[Document, number][]> {
    return this.#nearest(this.#index.prepareQuery(searchRequest(kOrOptions, filter)), query);
  }

  /**
   * The documents nearest to the text `query`, nearest first.
   * @throws as {@link similaritySearchVectorWithScore}.
   */
  override async similaritySearch(
    query: string,
    kOrOptions: number | RedisSearchOptions = 4,
    filter?: RedisVectorStoreFilter,
    _callbacks?: Callbacks,
  ): Promise<Document[]> {
    const results = await this.similaritySearchWithScore(query, kOrOptions, filter);
    return results.map(([document]) => document);
  }

  /**
   * The documents nearest to the text `query` with their **distances** (lower is closer; for
   * COSINE 1 − cosine similarity, in [0, 2]), nearest first.
   * @throws as {@link similaritySearchVectorWithScore}.
   */
  override async similaritySearchWithScore(
    query: string,
    kOrOptions: number | RedisSearchOptions = 4,
    filter?: RedisVectorStoreFilter,
    _callbacks?: Callbacks,
  ): Promise<[Document, number][]> {
    const search = this.#index.prepareQuery(searchRequest(kOrOptions, filter));
    return this.#nearest(search, await this.embeddings.embedQuery(query));
  }

  /**
   * `k` documents chosen among the `fetchK` nearest to `query` for both relevance and
   * diversity (maximal marginal relevance, with LangChain's own ranking). `fetchK` defaults to
   * 20 (or `k` when larger), `lambda` to 0.5.
   *
   * @throws {InvalidArgumentError} when `lambda` is not in [0, 1] or `fetchK` is below `k`.
   */
  override async maxMarginalRelevanceSearch(
    query: string,
    options: RedisMaxMarginalRelevanceOptions,
    _callbacks?: Callbacks,
  ): Promise<Document[]> {
    const search = prepareMarginalRelevanceSearch(this.#index, options);
    return search(await this.embeddings.embedQuery(query));
  }

  /**
   * The documents that best match `query` by both its words and its meaning: full-text search
   * (BM25 over the content) and vector search, fused into one ranking (reciprocal rank fusion
   * unless `fusion` says otherwise), best first. Finds what a vector search alone misses, such
   * as the passage holding an identifier or an error code. Both searches go in one round trip.
   *
   * @throws {CapabilityError} on the vector-set engine, which has no full-text index.
   * @throws {InvalidArgumentError} or {@link InvalidFilterError} for bad options, before the
   *   query is embedded.
   */
  async hybridSearch(
    query: string,
    kOrOptions: number | RedisHybridSearchOptions = 4,
  ): Promise<RedisHybridSearchResult[]> {
    const search = prepareHybridSearch(this.#index, query, kOrOptions);
    return search(await this.embeddings.embedQuery(query));
  }

  /**
   * Deletes documents: `{ ids }` those with these ids, `{ filter }` those whose metadata
   * matches, `{ deleteAll: true }` every document and the index itself.
   *
   * @throws {InvalidArgumentError} unless exactly one of `ids`, `filter` and `deleteAll: true`
   *   is given; {@link InvalidFilterError} for a bad or empty filter, before anything is deleted.
   */
  override async delete(params: RedisDeleteParams): Promise<void> {
    checkDeleteParams(params);
    if ('ids' in params) await this.#index.delete(params.ids);
    else if ('filter' in params) await this.#index.deleteWhere(params.filter);
    else await this.#index.drop({ deleteDocuments: true });
  }

  /** The documents with these ids, in the order of `ids`; ids that do not exist are skipped. */
  async getByIds(ids: readonly string[]): Promise<Document[]> {
    const stored = await this.#index.get(ids);
    return stored.flatMap((document) => (document === undefined ? [] : [toDocument(document)]));
  }

  /**
   * A retriever over this store. Besides LangChain's `k`, `filter`, `searchType` (`similarity`
   * or `mmr`) and `searchKwargs` (`fetchK`, `lambda`), it takes `distanceThreshold`: only
   * documents at most that far from the query (lower is closer), filtered by the server; and
   * `searchType: 'hybrid'` for {@link hybridSearch} (its options in `searchKwargs`).
   */
  override asRetriever(
    fields: Partial<RedisHybridRetrieverInput<this>> & { searchType: 'hybrid' },
  ): RedisVectorStoreRetriever<this>;
  override asRetriever(
    kOrFields?: number | Partial<RedisSimilarityRetrieverInput<this>>,
    filter?: RedisVectorStoreFilter,
    callbacks?: Callbacks,
    tags?: string[],
    metadata?: Record<string, unknown>,
    verbose?: boolean,
  ): RedisVectorStoreRetriever<this>;
  override asRetriever(
    kOrFields?: number | Partial<RedisVectorStoreRetrieverInput<this>>,
    filter?: RedisVectorStoreFilter,
    callbacks?: Callbacks,
    tags?: string[],
    metadata?: Record<string, unknown>,
    verbose?: boolean,
  ): RedisVectorStoreRetriever<this> {
    return retrieverFor(this, kOrFields, filter, callbacks, tags, metadata, verbose);
  }

  /**
   * This store with similarity scores (higher is closer) instead of distances, for code that
   * expects them, such as LangChain's `ScoreThresholdRetriever`:
   * `ScoreThresholdRetriever.fromVectorStore(store.withSimilarityScores(), { minSimilarityScore: 0.8 })`.
   */
  withSimilarityScores(): SimilarityScoredVectorStore {
    return new SimilarityScoredVectorStore(this, this.#settings.metric);
  }

  /** The engine the index runs on, whether it exists, its document count and dimension. */
  info(): Promise<VectorIndexInfo> {
    return this.#index.info();
  }

  /** Closes the client if the store created it from `url`; a `client` you passed stays open. */
  close(): Promise<void> {
    return this.#index.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Makes a store and adds each text as a document, with `metadatas[i]` (or one object for all). */
  static override async fromTexts(
    texts: string[],
    metadatas: object[] | object,
    embeddings: EmbeddingsInterface,
    options: RedisVectorStoreOptions,
    addOptions?: RedisAddOptions,
  ): Promise<RedisVectorStore> {
    const documents = textsToDocuments(texts, metadatas);
    return RedisVectorStore.fromDocuments(documents, embeddings, options, addOptions);
  }

  /** Makes a store and adds `documents`. */
  static override async fromDocuments(
    documents: DocumentInterface[],
    embeddings: EmbeddingsInterface,
    options: RedisVectorStoreOptions,
    addOptions?: RedisAddOptions,
  ): Promise<RedisVectorStore> {
    const store = new RedisVectorStore(embeddings, options);
    await store.addDocuments(documents, addOptions);
    return store;
  }

  /**
   * A store over an index that exists, checked against `options`.
   * @throws {InvalidArgumentError} when it does not exist; {@link SchemaMismatchError} when it
   *   exists with another schema.
   */
  static async fromExistingIndex(
    embeddings: EmbeddingsInterface,
    options: RedisVectorStoreOptions,
  ): Promise<RedisVectorStore> {
    const store = new RedisVectorStore(embeddings, options);
    if (!(await store.#index.exists())) {
      await store.close();
      throw new InvalidArgumentError(
        `index "${store.indexName}" does not exist; create it with fromDocuments() or addDocuments()`,
      );
    }
    return store;
  }

  async #nearest(search: PreparedVectorQuery, vector: number[]): Promise<[Document, number][]> {
    const results = await search(vector);
    return results.map((result) => [toDocument(result), result.distance]);
  }
}
