import { Embeddings } from '@langchain/core/embeddings';
import type { VectorEngine } from '@x/redis-core';
import type { RedisTestContext } from '@x/test-utils';
import { RedisVectorStore } from '../src/redis-vector-store.js';
import type { RedisVectorStoreSettings } from '../src/redis-vector-store-options.js';

/** Both engines, for suites that run once per engine the server offers. */
export const ENGINES: readonly VectorEngine[] = ['vector-set', 'query-engine'];

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/**
 * Deterministic, meaningful embeddings for tests: hashed words and character trigrams (each
 * adds a weight, from its hash, to one of `dimension` signed buckets). Texts that share words
 * or parts of words are near; the same text always gives the same vector. Counts its calls.
 */
export class HashedEmbeddings extends Embeddings {
  readonly dimension: number;
  /** The size of each `embedDocuments` call, in order. */
  readonly documentCalls: number[] = [];
  /** How many times `embedQuery` was called. */
  queryCalls = 0;

  constructor(dimension = 256) {
    super({});
    this.dimension = dimension;
  }

  vector(text: string): number[] {
    const vector: number[] = new Array<number>(this.dimension).fill(0);
    const add = (feature: string, weight: number) => {
      const value = hash(feature);
      const bucket = (value >>> 1) % this.dimension;
      const sign = value & 1 ? 1 : -1;
      vector[bucket] = (vector[bucket] ?? 0) + sign * weight * (1 + ((value >>> 20) % 1000) / 1000);
    };
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      add(word, 2);
      const marked = `^${word}$`;
      for (let start = 0; start + 3 <= marked.length; start++) {
        add(marked.slice(start, start + 3), 0.5);
      }
    }
    if (!vector.some((element) => element !== 0)) vector[0] = 1;
    return vector;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documentCalls.push(texts.length);
    return texts.map((text) => this.vector(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    this.queryCalls++;
    return this.vector(text);
  }
}

/** Settings that make each engine search exactly (brute force or an exhaustive graph walk). */
export function exactSearch(engine: VectorEngine): Partial<RedisVectorStoreSettings> {
  return engine === 'query-engine'
    ? { vectorIndex: { algorithm: 'FLAT' } }
    : { vectorIndex: { hnsw: { efRuntime: 1000 } } };
}

/** A store on the test's server and prefix, with the given engine. */
export function testStore(
  redis: RedisTestContext,
  engine: VectorEngine,
  embeddings: Embeddings = new HashedEmbeddings(),
  settings: Partial<RedisVectorStoreSettings> = {},
): RedisVectorStore {
  return new RedisVectorStore(embeddings, {
    client: redis.client,
    indexName: redis.prefix,
    engine,
    ...settings,
  });
}
