import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { RedisClientOrCluster } from '@x/redis-core';
import { RedisSemanticCache } from '@x/semantic-cache';
import type { SemanticAnswerCache, SemanticLookup } from './answer-caches.js';

/** Options of {@link createSemanticAnswerCache}. */
export interface SemanticAnswerCacheOptions {
  client: RedisClientOrCluster;
  embeddings: EmbeddingsInterface;
  /** The cache's name (its index and key prefix). */
  name: string;
  /** How long an answer stays, in seconds. */
  ttl: number;
  /** The largest cosine distance served; `undefined` keeps the package's default. */
  distanceThreshold: number | undefined;
  onError: (message: string) => void;
}

/**
 * `RedisSemanticCache` behind the demo's seam. The lookup is the package's own (fail-open,
 * bounded in time, counted), and says itself how far the served question was, or the nearest
 * one a verifier refused: no second search.
 */
export function createSemanticAnswerCache(
  options: SemanticAnswerCacheOptions,
): SemanticAnswerCache {
  const cache = new RedisSemanticCache({
    client: options.client,
    embeddings: options.embeddings,
    name: options.name,
    ttl: options.ttl,
    ...(options.distanceThreshold === undefined
      ? {}
      : { distanceThreshold: options.distanceThreshold }),
    onError: (error, { operation }) =>
      options.onError(`semantic cache ${operation} failed: ${error.message}`),
  });
  return {
    async lookup(prompt: string, llmString: string): Promise<SemanticLookup> {
      const { generations, details } = await cache.lookupWithDetails(prompt, llmString);
      return {
        generations,
        distance: details?.served?.distance ?? null,
        nearestDistance: details?.candidates[0]?.distance ?? null,
      };
    },
    update: (prompt, llmString, generations) => cache.update(prompt, llmString, generations),
    stats() {
      const { hits, misses, refused } = cache.stats();
      return { hits, misses, refused };
    },
  };
}
