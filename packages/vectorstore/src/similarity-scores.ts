import type { Callbacks } from '@langchain/core/callbacks/manager';
import type { DocumentInterface } from '@langchain/core/documents';
import { VectorStore } from '@langchain/core/vectorstores';
import type { DistanceMetric } from '@x/redis-core';
import type { RedisVectorStore } from './redis-vector-store.js';
import type {
  RedisAddOptions,
  RedisDeleteParams,
  RedisMaxMarginalRelevanceOptions,
  RedisSearchOptions,
  RedisVectorStoreFilter,
} from './redis-vector-store-options.js';

/**
 * A similarity (higher is closer) for a distance of the index's metric: `1 − distance` for
 * COSINE (the cosine similarity, from −1 to 1) and IP (the inner product), `1 / (1 + distance)`
 * for L2 (from 1 for the same point down towards 0).
 */
export function distanceToSimilarity(distance: number, metric: DistanceMetric): number {
  return metric === 'L2' ? 1 / (1 + distance) : 1 - distance;
}

/**
 * A view of a {@link RedisVectorStore} whose scores are similarities (higher is closer), for
 * code written against stores that score that way, LangChain's `ScoreThresholdRetriever`
 * first: it keeps documents whose score is at least `minSimilarityScore`. Everything else is
 * the store's own: it writes, deletes and searches the same index. Made by
 * `store.withSimilarityScores()`.
 */
export class SimilarityScoredVectorStore extends VectorStore {
  declare FilterType: RedisVectorStoreFilter;
  /** The store this view reads and writes. */
  readonly store: RedisVectorStore;
  readonly #metric: DistanceMetric;

  /** @internal Use `store.withSimilarityScores()`. */
  constructor(store: RedisVectorStore, metric: DistanceMetric) {
    super(store.embeddings, {});
    this.store = store;
    this.#metric = metric;
  }

  _vectorstoreType(): string {
    // Called by the base constructor, before `store` is set.
    return 'redis';
  }

  addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options?: RedisAddOptions,
  ): Promise<string[]> {
    return this.store.addVectors(vectors, documents, options);
  }

  addDocuments(documents: DocumentInterface[], options?: RedisAddOptions): Promise<string[]> {
    return this.store.addDocuments(documents, options);
  }

  override delete(params: RedisDeleteParams): Promise<void> {
    return this.store.delete(params);
  }

  /** The nearest documents with their similarity to `query` (higher is closer), nearest first. */
  async similaritySearchVectorWithScore(
    query: number[],
    kOrOptions: number | RedisSearchOptions,
    filter?: RedisVectorStoreFilter,
  ): Promise<[DocumentInterface, number][]> {
    const results = await this.store.similaritySearchVectorWithScore(query, kOrOptions, filter);
    return results.map(([document, distance]) => [
      document,
      distanceToSimilarity(distance, this.#metric),
    ]);
  }

  override maxMarginalRelevanceSearch(
    query: string,
    options: RedisMaxMarginalRelevanceOptions,
    callbacks?: Callbacks,
  ): Promise<DocumentInterface[]> {
    return this.store.maxMarginalRelevanceSearch(query, options, callbacks);
  }
}
