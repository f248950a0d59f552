import { seededRandom } from '@x/test-utils';
import { RedisConnection } from '../src/connection.js';
import type { RedisClientOrCluster } from '../src/connection-options.js';
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
