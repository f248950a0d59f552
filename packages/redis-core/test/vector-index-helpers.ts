import { type RedisClientOrCluster, RedisConnection } from '../src/connection.js';
import type { VectorEngine } from '../src/vector-index/vector-index-options.js';

/** Both engines, for suites that run once per engine the server offers. */
export const ENGINES: readonly VectorEngine[] = ['vector-set', 'query-engine'];

/** A deterministic pseudo-random generator (mulberry32), so failures replay. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

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
