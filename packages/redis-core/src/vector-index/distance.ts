import { InvalidVectorError } from '../errors.js';
import type { VectorInput } from '../vector-encoding.js';

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
