import type { Document } from '@langchain/core/documents';
import {
  type HybridFusion,
  type HybridQuery,
  InvalidArgumentError,
  type VectorIndex,
} from '@x/redis-core';
import { toDocument } from './document-translation.js';
import type { RedisVectorStoreFilter } from './redis-vector-store-options.js';

/** What `hybridSearch` and a `hybrid` retriever take besides `k` and the filter. */
export interface RedisHybridSearchKwargs {
  /**
   * How the text and vector rankings are fused: `{ method: 'rrf', rankConstant? }` (reciprocal
   * rank fusion, the default) or `{ method: 'linear', vectorWeight? }` (a weighted sum of the
   * min-max scaled scores; `vectorWeight` defaults to 0.7).
   */
  fusion?: HybridFusion;
  /** Documents each ranking contributes before fusion. @default 20, or `k` when larger */
  candidates?: number;
  /** Words of the query not searched for. @default an English list (`ENGLISH_STOPWORDS`) */
  stopwords?: readonly string[];
}

/** Options of `RedisVectorStore.hybridSearch`. */
export interface RedisHybridSearchOptions extends RedisHybridSearchKwargs {
  /** How many documents to return. @default 4 */
  k?: number;
  /** Only documents whose metadata matches. */
  filter?: RedisVectorStoreFilter;
}

/** One document of a hybrid search, with what ranked it. */
export interface RedisHybridSearchResult {
  document: Document;
  /** The fused score: higher is better (its scale depends on the fusion method). */
  score: number;
  /** The distance to the query's embedding: lower is closer (for COSINE in [0, 2]). */
  distance: number;
  /**
   * The BM25 score of the query's words in the document's content, or `undefined` when it was
   * not among the text ranking's candidates.
   */
  textScore: number | undefined;
  /** Its rank among the documents holding the query's words (1 = best), when it is ranked. */
  textRank: number | undefined;
  /** Its rank among the documents nearest to the query (1 = nearest), when it is ranked. */
  vectorRank: number | undefined;
}

/**
 * The hybrid search `hybridSearch(text, kOrOptions)` asks for, checked by the index before
 * anything is embedded; it then takes the query's embedding.
 */
export function prepareHybridSearch(
  index: VectorIndex,
  text: string,
  kOrOptions: number | RedisHybridSearchOptions | undefined,
): (vector: number[]) => Promise<RedisHybridSearchResult[]> {
  const search = index.prepareHybridQuery(hybridRequest(text, kOrOptions));
  return async (vector) =>
    (await search(vector)).map(
      ({ score, distance, textScore, textRank, vectorRank, ...stored }) => ({
        document: toDocument(stored),
        score,
        distance,
        textScore,
        textRank,
        vectorRank,
      }),
    );
}

/** The index's hybrid query for `hybridSearch(query, kOrOptions)`, short of the vector. */
function hybridRequest(
  text: string,
  kOrOptions: number | RedisHybridSearchOptions | undefined,
): Omit<HybridQuery, 'vector'> {
  const options: RedisHybridSearchOptions =
    typeof kOrOptions === 'number' ? { k: kOrOptions } : (kOrOptions ?? {});
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      `the second argument must be \`k\` or hybrid search options, not ${String(kOrOptions)}`,
    );
  }
  const { k = 4, filter, fusion, candidates, stopwords } = options;
  return {
    text,
    k,
    ...(filter === undefined ? {} : { filter }),
    ...(fusion === undefined ? {} : { fusion }),
    ...(candidates === undefined ? {} : { candidates }),
    ...(stopwords === undefined ? {} : { stopwords }),
  };
}
