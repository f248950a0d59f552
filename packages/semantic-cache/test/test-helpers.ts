import { Embeddings } from '@langchain/core/embeddings';
import type { CacheErrorContext, RedisStoreError, VectorEngine } from '@x/redis-core';
import { describeWith, type RedisTestContext } from '@x/test-utils';
import { onTestFinished } from 'vitest';
import { RedisSemanticCache } from '../src/redis-semantic-cache.js';
import type { SemanticCacheOptions } from '../src/semantic-cache-options.js';

/** The model settings the tests cache under (LangChain passes a serialized model config). */
export const LLM =
  '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"gpt-test"}}';
/** Other model settings. */
export const OTHER_LLM =
  '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"gpt-other"}}';

/** Both engines; suites run once per engine the server offers. */
export const ENGINES: readonly VectorEngine[] = ['vector-set', 'query-engine'];

/** `describe` once per engine, each skipped (and saying why) when the server lacks it. */
export function describeEachEngine(name: string, body: (engine: VectorEngine) => void): void {
  for (const engine of ENGINES) describeWith(engine, `${name} (${engine})`, () => body(engine));
}

/**
 * A unit vector (in 4 dimensions) at exactly `distance` (cosine, 0 to 2) from `[1, 0, 0, 0]`,
 * turned in the plane of the axis `plane` (1 to 3), so that two vectors at the same distance
 * from the reference can still differ.
 */
export function atDistance(distance: number, plane: 1 | 2 | 3 = 1): number[] {
  const cosine = 1 - distance;
  const vector = [cosine, 0, 0, 0];
  vector[plane] = Math.sqrt(Math.max(0, 1 - cosine * cosine));
  return vector;
}

/**
 * Embeddings that return the vectors of a table, so tests choose every distance exactly.
 * Counts its calls; a text the table lacks is an error, as a failing model's would be.
 */
export class TableEmbeddings extends Embeddings {
  calls = 0;
  readonly #table: Map<string, number[]>;

  constructor(table: Record<string, number[]>) {
    super({});
    this.#table = new Map(Object.entries(table));
  }

  /** Adds or replaces the vector of `text`. */
  set(text: string, vector: number[]): void {
    this.#table.set(text, vector);
  }

  async embedQuery(text: string): Promise<number[]> {
    this.calls++;
    const vector = this.#table.get(text);
    if (vector === undefined) throw new Error(`no vector for ${JSON.stringify(text)}`);
    return [...vector];
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.all(texts.map((text) => this.embedQuery(text)));
  }
}

/** An `onError` that keeps what it hears. */
export function errorRecorder() {
  const errors: { error: RedisStoreError; context: CacheErrorContext }[] = [];
  const onError = (error: RedisStoreError, context: CacheErrorContext) => {
    errors.push({ error, context });
  };
  return { errors, onError };
}

/**
 * A cache on the test's client, named after the test's prefix (so every key it writes is
 * removed after the test), whose index is dropped when the test ends (on a client of its own:
 * the test's is closed by then).
 */
export function cacheFor(
  redis: RedisTestContext,
  engine: VectorEngine,
  options: SemanticCacheOptions,
  name = redis.prefix,
): RedisSemanticCache {
  const cache = new RedisSemanticCache({ client: redis.client, name, engine, ...options });
  onTestFinished(async () => {
    await cache.close();
    const { embeddings } = options;
    const dropper = new RedisSemanticCache({ url: redis.url, name, engine, embeddings });
    try {
      await dropper.drop();
    } finally {
      await dropper.close();
    }
  });
  return cache;
}

/** Every key that starts with `prefix`. */
export async function keysUnder(redis: RedisTestContext, prefix = redis.prefix): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
  return keys.sort();
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
