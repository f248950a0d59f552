import type { Document } from '@langchain/core/documents';
import { maximalMarginalRelevance } from '@langchain/core/utils/math';
import {
  InvalidArgumentError,
  type VectorIndex,
  type VectorQuery,
  type VectorQueryResult,
} from '@x/redis-core';
import { toDocument } from './document-translation.js';
import type {
  RedisMaxMarginalRelevanceOptions,
  RedisSearchOptions,
  RedisVectorStoreFilter,
} from './redis-vector-store-options.js';

/** A search as the index takes it, short of the query vector. */
export type SearchRequest = Omit<VectorQuery, 'vector'>;

/**
 * The search LangChain's arguments describe: `k` (4 when not given) or search options, and a
 * filter given either as its own argument or in the options (not both). The index checks the
 * rest (`VectorIndex.prepareQuery`), once, before anything is embedded.
 *
 * @throws {InvalidArgumentError} for options that are not an object, or a filter given twice.
 */
export function searchRequest(
  kOrOptions: number | RedisSearchOptions | undefined,
  filter: RedisVectorStoreFilter | undefined,
): SearchRequest {
  const options: RedisSearchOptions =
    typeof kOrOptions === 'number' ? { k: kOrOptions } : (kOrOptions ?? {});
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      `the second argument must be \`k\` or search options, not ${String(kOrOptions)}`,
    );
  }
  const k = options.k ?? 4;
  if (filter !== undefined && filter !== null && options.filter !== undefined) {
    throw new InvalidArgumentError('give the filter once: as an argument or in the options');
  }
  const chosen = options.filter ?? filter ?? undefined;
  return {
    k,
    ...(chosen === undefined ? {} : { filter: chosen }),
    ...(options.distanceThreshold === undefined
      ? {}
      : { distanceThreshold: options.distanceThreshold }),
    ...(options.efRuntime === undefined ? {} : { efRuntime: options.efRuntime }),
  };
}

/**
 * The MMR search `maxMarginalRelevanceSearch(query, options)` asks for, checked by the index
 * before anything is embedded; it then takes the query's embedding.
 */
export function prepareMarginalRelevanceSearch(
  index: VectorIndex,
  options: RedisMaxMarginalRelevanceOptions,
): (vector: number[]) => Promise<Document[]> {
  const { search, k, lambda } = marginalRelevanceSearch(options);
  const nearest = index.prepareQuery({ ...searchRequest(search, undefined), returnVectors: true });
  return async (vector) =>
    chooseByMarginalRelevance(vector, await nearest(vector), lambda, k).map(toDocument);
}

/**
 * The search behind an MMR query (`fetchK` neighbours: 20, or `k` when larger, by default),
 * and how many of them to choose with which `lambda` (0.5 by default).
 *
 * @throws {InvalidArgumentError} when `k` is not a positive integer up to `fetchK`, or
 *   `lambda` is not a number from 0 to 1.
 */
function marginalRelevanceSearch(options: RedisMaxMarginalRelevanceOptions): {
  search: RedisSearchOptions & { k: number };
  k: number;
  lambda: number;
} {
  const { k, fetchK, lambda = 0.5, ...search } = options ?? {};
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new InvalidArgumentError(`\`k\` must be a positive integer, got ${String(k)}`);
  }
  const candidates = fetchK ?? Math.max(20, k);
  if (typeof candidates !== 'number' || candidates < k) {
    throw new InvalidArgumentError(`\`fetchK\` (${String(fetchK)}) must be at least \`k\` (${k})`);
  }
  if (typeof lambda !== 'number' || !(lambda >= 0 && lambda <= 1)) {
    throw new InvalidArgumentError(`\`lambda\` must be a number from 0 to 1, got ${lambda}`);
  }
  return { search: { ...search, k: candidates }, k, lambda };
}

/** The `k` candidates LangChain's maximal marginal relevance picks, in its order. */
function chooseByMarginalRelevance(
  query: number[],
  candidates: readonly VectorQueryResult[],
  lambda: number,
  k: number,
): VectorQueryResult[] {
  const withVectors = candidates.filter((candidate) => candidate.vector !== undefined);
  const vectors = withVectors.map((candidate) => candidate.vector as number[]);
  return maximalMarginalRelevance(query, vectors, lambda, k).map(
    (position) => withVectors[position] as VectorQueryResult,
  );
}
