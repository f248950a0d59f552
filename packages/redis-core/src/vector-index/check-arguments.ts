import { InvalidArgumentError } from '../errors.js';
import { encodeKeySegment } from '../key-schema.js';
import { positiveInteger } from './resolve-schema.js';
import type { VectorQuery } from './vector-index-options.js';

/** Most neighbours one query returns. */
export const MAX_K = 10_000;

/** @throws {InvalidArgumentError} or {@link InvalidKeyError} for a bad list of ids. */
export function checkIds(ids: unknown): string[] {
  if (!Array.isArray(ids)) throw new InvalidArgumentError('`ids` must be an array of strings');
  for (const [index, id] of ids.entries()) encodeKeySegment(id, `ids[${index}]`);
  return ids as string[];
}

/** The numeric options of a query, checked. @throws {InvalidArgumentError} */
export function checkQueryOptions(
  query: Omit<VectorQuery, 'vector'>,
  defaultEfRuntime: number,
): { k: number; distanceThreshold: number | undefined; efRuntime: number; returnVectors: boolean } {
  if (typeof query !== 'object' || query === null) {
    throw new InvalidArgumentError('a query must be an object with `vector` and `k`');
  }
  const k = positiveInteger(query.k, 'k', MAX_K);
  const { distanceThreshold } = query;
  if (
    distanceThreshold !== undefined &&
    (typeof distanceThreshold !== 'number' ||
      !Number.isFinite(distanceThreshold) ||
      distanceThreshold < 0)
  ) {
    throw new InvalidArgumentError(
      `\`distanceThreshold\` must be a finite number of at least 0, got ${String(distanceThreshold)}`,
    );
  }
  const efRuntime =
    query.efRuntime === undefined
      ? defaultEfRuntime
      : positiveInteger(query.efRuntime, 'efRuntime', 1_000_000);
  return { k, distanceThreshold, efRuntime, returnVectors: query.returnVectors === true };
}

/** Splits `items` into chunks of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}
