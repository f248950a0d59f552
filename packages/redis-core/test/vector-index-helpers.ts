import { seededRandom } from '@x/test-utils';
import { expect } from 'vitest';
import { RedisConnection } from '../src/connection.js';
import type { RedisClientOrCluster } from '../src/connection-options.js';
import { type Filter, matchesFilter } from '../src/filter/index.js';
import type { VectorIndex } from '../src/vector-index/vector-index.js';
import type { VectorEngine } from '../src/vector-index/vector-index-options.js';

/** Both engines, for suites that run once per engine the server offers. */
export const ENGINES: readonly VectorEngine[] = ['vector-set', 'query-engine'];

/** `count` random vectors of `dimension` elements in [-1, 1). */
export function randomVectors(count: number, dimension: number, seed = 1): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: dimension }, () => random() * 2 - 1),
  );
}

/** A connection over a test's client. */
export function connectionOf(client: RedisClientOrCluster): RedisConnection {
  return RedisConnection.from({ client });
}

export { seededRandom };

/**
 * Writes one document per metadata (ids `p0`, `p1`, ...; random 4-dimension vectors), checks
 * that each filter's query returns exactly the documents `matchesFilter` selects, then deletes
 * them. `compared(filter, position)`: whether a document's answer is certain enough to compare
 * (a point on a circle's edge is not); every document by default.
 */
export async function expectQueriesToMatchEvaluator(
  index: VectorIndex,
  metadatas: readonly Record<string, unknown>[],
  filters: readonly Filter[],
  options: {
    random: () => number;
    efRuntime?: number;
    compared?: (filter: Filter, position: number) => boolean;
  },
): Promise<void> {
  const { random, compared = () => true } = options;
  const ids = metadatas.map((_, position) => `p${position}`);
  await index.upsert(
    metadatas.map((metadata, position) => ({
      id: ids[position],
      vector: [random() + 0.01, random(), random(), random()],
      content: '',
      metadata,
    })),
  );
  try {
    for (const candidate of filters) {
      const kept = ids.filter((_, position) => compared(candidate, position));
      const expected = kept.filter((id) =>
        matchesFilter(candidate.node, metadatas[ids.indexOf(id)] ?? {}),
      );
      const results = await index.query({
        vector: [1, 0, 0, 0],
        k: 100,
        filter: candidate,
        ...(options.efRuntime === undefined ? {} : { efRuntime: options.efRuntime }),
      });
      const found = results.map((result) => result.id).filter((id) => kept.includes(id));
      expect(found.sort()).toEqual(expected.sort());
    }
  } finally {
    await index.delete(ids);
  }
}
