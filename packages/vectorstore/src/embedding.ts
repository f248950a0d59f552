import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { InvalidVectorError } from '@x/redis-core';

/**
 * Embeds `texts` in calls of at most `batchSize` texts, one after the other: embeddings classes
 * that send one request per call stay within their provider's request limits, and those that
 * batch and parallelise inside a call still do.
 *
 * @throws {InvalidVectorError} when the embeddings return another number of vectors than texts.
 */
export async function embedDocuments(
  embeddings: EmbeddingsInterface,
  texts: readonly string[],
  batchSize: number,
): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    const embedded = await embeddings.embedDocuments(batch);
    if (!Array.isArray(embedded) || embedded.length !== batch.length) {
      throw new InvalidVectorError(
        `the embeddings returned ${Array.isArray(embedded) ? embedded.length : 'no list of'} vectors for ${batch.length} texts`,
      );
    }
    vectors.push(...embedded);
  }
  return vectors;
}
