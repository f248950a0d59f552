import { InvalidVectorError } from '../errors.js';
import type { VectorInput } from '../vector-encoding.js';
import type { DistanceMetric } from './vector-index-options.js';

/**
 * The cosine distance of two vectors, 1 − cos(a, b), in [0, 2]: the distance both engines
 * return for the COSINE metric. Useful to rank or re-rank vectors in memory (MMR, tests).
 *
 * @throws {InvalidVectorError} when the lengths differ or a vector is all zeros.
 */
export function cosineDistance(a: VectorInput, b: VectorInput): number {
  if (a.length !== b.length) {
    throw new InvalidVectorError(
      `vectors of ${a.length} and ${b.length} dimensions cannot be compared`,
    );
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    const x = a[index] as number;
    const y = b[index] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) {
    throw new InvalidVectorError('a zero vector has no cosine distance');
  }
  return 1 - dot / Math.sqrt(normA * normB);
}

/**
 * The distance of two vectors as the index's metric measures it (see `DISTANCE_METRIC`):
 * COSINE 1 − cos(a, b), L2 the squared Euclidean distance, IP 1 − a·b.
 *
 * @throws {InvalidVectorError} when the lengths differ, or (COSINE) a vector is all zeros.
 */
export function metricDistance(metric: DistanceMetric, a: VectorInput, b: VectorInput): number {
  if (metric === 'COSINE') return cosineDistance(a, b);
  if (a.length !== b.length) {
    throw new InvalidVectorError(
      `vectors of ${a.length} and ${b.length} dimensions cannot be compared`,
    );
  }
  let sum = 0;
  for (let index = 0; index < a.length; index++) {
    const x = a[index] as number;
    const y = b[index] as number;
    sum += metric === 'L2' ? (x - y) * (x - y) : x * y;
  }
  return metric === 'L2' ? sum : 1 - sum;
}
