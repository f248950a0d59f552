import { RedisStoreError } from '@x/redis-core';

/**
 * The embedding model failed (threw, or returned something that is not a vector) while the
 * cache embedded a prompt. The cache treats the lookup as a miss, or skips the update; `cause`
 * holds what the model threw.
 */
export class EmbeddingError extends RedisStoreError {
  static override readonly code: string = 'EMBEDDING_FAILED';
  static override readonly errorName: string = 'EmbeddingError';
}

/** A vector from a model, checked to be a non-empty array of finite numbers. */
export function checkEmbedding(vector: unknown, model: string): number[] {
  if (
    !Array.isArray(vector) ||
    vector.length === 0 ||
    !vector.every((value) => typeof value === 'number' && Number.isFinite(value))
  ) {
    throw new EmbeddingError(
      `the embedding model ${model} returned ${Array.isArray(vector) ? 'a vector with a non-finite value or none at all' : 'something that is not a vector'}`,
    );
  }
  return vector;
}

/**
 * What `call` to the embedding model returns; what it throws becomes an {@link EmbeddingError}
 * (with the model's error as `cause`).
 */
export async function modelCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (EmbeddingError.isInstance(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new EmbeddingError(`the embedding model failed: ${detail}`, { cause: error });
  }
}
