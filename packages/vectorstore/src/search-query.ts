import { InvalidArgumentError, type VectorQuery } from '@x/redis-core';
import type { RedisSearchOptions, RedisVectorStoreFilter } from './redis-vector-store-options.js';

/** A search as the index takes it, short of the query vector. */
export type SearchRequest = Omit<VectorQuery, 'vector'>;

/**
 * The search LangChain's arguments describe: `k` or search options, and a filter given either
 * as its own argument or in the options (not both).
 *
 * @throws {InvalidArgumentError} for a `k` that is not a positive integer, options that are
 *   not an object, or a filter given twice.
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
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new InvalidArgumentError(`\`k\` must be a positive integer, got ${String(k)}`);
  }
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
