import type { CallbackManagerForRetrieverRun, Callbacks } from '@langchain/core/callbacks/manager';
import type { DocumentInterface } from '@langchain/core/documents';
import type { BaseRetrieverInput } from '@langchain/core/retrievers';
import {
  VectorStoreRetriever,
  type VectorStoreRetrieverInput,
  type VectorStoreRetrieverMMRSearchKwargs,
} from '@langchain/core/vectorstores';
import { InvalidArgumentError } from '@x/redis-core';
import type { RedisHybridSearchKwargs } from './hybrid-search.js';
import type { RedisVectorStore } from './redis-vector-store.js';
import type { RedisVectorStoreFilter } from './redis-vector-store-options.js';

/** The search types a {@link RedisVectorStoreRetriever} runs. */
export const SEARCH_TYPE = {
  /** The `k` nearest documents. */
  similarity: 'similarity',
  /** `k` documents among the `fetchK` nearest, for relevance and diversity. */
  mmr: 'mmr',
  /** The `k` best by full-text and vector search fused (`hybridSearch`; Query Engine only). */
  hybrid: 'hybrid',
} as const;

/** One of the {@link SEARCH_TYPE} values. */
export type SearchType = (typeof SEARCH_TYPE)[keyof typeof SEARCH_TYPE];

/** What `store.asRetriever(fields)` takes. */
export interface RedisVectorStoreRetrieverInput<V extends RedisVectorStore = RedisVectorStore>
  extends BaseRetrieverInput {
  vectorStore: V;
  /** How many documents to return. @default 4 */
  k?: number;
  /** Only documents whose metadata matches. */
  filter?: RedisVectorStoreFilter;
  /** @default 'similarity' */
  searchType?: SearchType;
  /**
   * MMR: `fetchK` (default 20, or `k` when larger) and `lambda` (default 0.5). Hybrid:
   * `fusion`, `candidates` and `stopwords` (see `hybridSearch`).
   */
  searchKwargs?: VectorStoreRetrieverMMRSearchKwargs | RedisHybridSearchKwargs;
  /**
   * Only documents at most this far from the query (lower is closer; for COSINE 1 − cosine
   * similarity, in [0, 2]), filtered by the server in the same query. With `mmr`, the
   * candidates are limited to it.
   */
  distanceThreshold?: number;
}

/**
 * The retriever input of a similarity or MMR search: what LangChain's own `asRetriever` takes,
 * which code written for any vector store passes.
 */
export type RedisSimilarityRetrieverInput<V extends RedisVectorStore = RedisVectorStore> = Omit<
  RedisVectorStoreRetrieverInput<V>,
  'searchType' | 'searchKwargs'
> & {
  /** @default 'similarity' */
  searchType?: 'similarity' | 'mmr';
  /** MMR only: `fetchK` (default 20, or `k` when larger) and `lambda` (default 0.5). */
  searchKwargs?: VectorStoreRetrieverMMRSearchKwargs;
};

/** The retriever input of a hybrid search (full-text and vector search fused). */
export type RedisHybridRetrieverInput<V extends RedisVectorStore = RedisVectorStore> = Omit<
  RedisVectorStoreRetrieverInput<V>,
  'searchType' | 'searchKwargs' | 'distanceThreshold'
> & {
  searchType: 'hybrid';
  /** `fusion`, `candidates` and `stopwords`, as `hybridSearch` takes them. */
  searchKwargs?: RedisHybridSearchKwargs;
};

/**
 * LangChain's `VectorStoreRetriever` for a {@link RedisVectorStore}, with a distance threshold
 * (`distanceThreshold`: lower is closer) applied by the server, and a `hybrid` search type
 * (full-text and vector search fused). Made by `store.asRetriever()`.
 */
export class RedisVectorStoreRetriever<
  V extends RedisVectorStore = RedisVectorStore,
> extends VectorStoreRetriever<V> {
  static override lc_name(): string {
    return 'RedisVectorStoreRetriever';
  }

  /** The largest distance a returned document may have; none when undefined. */
  distanceThreshold: number | undefined;

  /** `hybrid` only: how the rankings are fused, and the rest of `searchKwargs`. */
  hybridKwargs: RedisHybridSearchKwargs | undefined;

  /** @throws {InvalidArgumentError} for an unknown `searchType` or a bad `distanceThreshold`. */
  constructor(fields: RedisVectorStoreRetrieverInput<V>) {
    const searchType = fields.searchType ?? SEARCH_TYPE.similarity;
    if (!Object.values(SEARCH_TYPE).includes(searchType)) {
      throw new InvalidArgumentError(
        `\`searchType\` must be "similarity", "mmr" or "hybrid", got ${JSON.stringify(searchType)}; for a score threshold give \`distanceThreshold\` (lower is closer)`,
      );
    }
    if (searchType === SEARCH_TYPE.hybrid && fields.distanceThreshold !== undefined) {
      throw new InvalidArgumentError(
        '`distanceThreshold` applies to "similarity" and "mmr" searches, not to "hybrid" ones',
      );
    }
    const { distanceThreshold } = fields;
    if (
      distanceThreshold !== undefined &&
      (typeof distanceThreshold !== 'number' ||
        !Number.isFinite(distanceThreshold) ||
        distanceThreshold < 0)
    ) {
      throw new InvalidArgumentError(
        `\`distanceThreshold\` must be a finite number of at least 0 (a distance: lower is closer), got ${String(distanceThreshold)}`,
      );
    }
    super({ ...fields, searchType } as VectorStoreRetrieverInput<V>);
    this.distanceThreshold = distanceThreshold;
    this.hybridKwargs =
      searchType === SEARCH_TYPE.hybrid
        ? (fields.searchKwargs as RedisHybridSearchKwargs | undefined)
        : undefined;
  }

  override async _getRelevantDocuments(
    query: string,
    runManager?: CallbackManagerForRetrieverRun,
  ): Promise<DocumentInterface[]> {
    const callbacks = runManager?.getChild('vectorstore');
    const threshold =
      this.distanceThreshold === undefined ? {} : { distanceThreshold: this.distanceThreshold };
    const filter = this.filter === undefined ? {} : { filter: this.filter };
    if ((this.searchType as SearchType) === SEARCH_TYPE.hybrid) {
      const results = await this.vectorStore.hybridSearch(query, {
        k: this.k,
        ...filter,
        ...this.hybridKwargs,
      });
      return results.map((result) => result.document);
    }
    if (this.searchType === SEARCH_TYPE.mmr) {
      return this.vectorStore.maxMarginalRelevanceSearch(
        query,
        { k: this.k, ...filter, ...this.searchKwargs, ...threshold },
        callbacks,
      );
    }
    return this.vectorStore.similaritySearch(
      query,
      { k: this.k, ...filter, ...threshold },
      undefined,
      callbacks,
    );
  }
}

/**
 * The retriever `store.asRetriever(kOrFields, filter, ...)` makes: LangChain's positional
 * arguments or one object of fields, with the store's type among its tags.
 */
export function retrieverFor<V extends RedisVectorStore>(
  vectorStore: V,
  kOrFields: number | Partial<RedisVectorStoreRetrieverInput<V>> | undefined,
  filter?: RedisVectorStoreFilter,
  callbacks?: Callbacks,
  tags?: string[],
  metadata?: Record<string, unknown>,
  verbose?: boolean,
): RedisVectorStoreRetriever<V> {
  const fields =
    typeof kOrFields === 'number' || kOrFields === undefined
      ? { k: kOrFields, filter, callbacks, tags, metadata, verbose }
      : kOrFields;
  const allTags = [...(fields.tags ?? []), vectorStore._vectorstoreType()];
  return new RedisVectorStoreRetriever({ ...fields, vectorStore, tags: allTags });
}
