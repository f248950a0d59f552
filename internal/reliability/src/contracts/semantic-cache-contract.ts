import type { ConnectionOptions } from '@x/redis-core';
import { RedisSemanticCache, type RedisStoreError } from '@x/semantic-cache';
import { expect } from 'vitest';
import { HashEmbeddings } from '../hash-embeddings.js';
import type { ContractRun } from './contract-run.js';

const MODEL = '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"a"}}';
const OTHER_MODEL = '{"lc":1,"type":"constructor","id":["ChatOpenAI"],"kwargs":{"model":"b"}}';

/**
 * Every operation of `RedisSemanticCache` on one engine (`run.engine`) through its public API:
 * misses, hits (with the sliding TTL written back), `explain`, scopes kept apart, another
 * model kept apart, `info`, `clear` by model, by scope and of all, and `drop`. No error may
 * reach `onError`.
 */
export async function semanticCacheContract(
  connection: ConnectionOptions,
  name: string,
  run: ContractRun = {},
): Promise<number> {
  const errors: RedisStoreError[] = [];
  const cache = new RedisSemanticCache({
    ...connection,
    name,
    engine: run.engine ?? 'vector-set',
    // Correctness, not speed, is checked here: a loaded CI machine must not turn into misses.
    timeoutMs: 10_000,
    embeddings: new HashEmbeddings(),
    ttl: 60,
    ttlMode: 'sliding',
    onError: (error) => errors.push(error),
  });
  const tenant = cache.withScope({ tenant: 'a} | @scope:{b', user: 42 });
  const prompts = Array.from(
    { length: run.entries ?? 10 },
    (_, index) => `Human: question ${index}?`,
  );
  let operations = 0;
  try {
    for (const prompt of prompts) {
      expect(await cache.lookup(prompt, MODEL)).toBeNull();
      await cache.update(prompt, MODEL, [{ text: `answer to ${prompt}` }]);
      operations += 2;
    }
    const [first = '', second = ''] = prompts;
    await cache.update(first, OTHER_MODEL, [{ text: 'other model' }]);
    expect(await tenant.lookup(first, MODEL)).toBeNull();
    await tenant.update(first, MODEL, [{ text: 'tenant answer' }]);
    operations += 3;
    await run.onLoaded?.();

    for (const prompt of prompts) {
      expect(await cache.lookup(prompt, MODEL)).toEqual([{ text: `answer to ${prompt}` }]);
      operations += 1;
    }
    expect(await tenant.lookup(first, MODEL)).toEqual([{ text: 'tenant answer' }]);
    expect(await tenant.lookup(second, MODEL)).toBeNull();
    expect(await cache.lookup(first, OTHER_MODEL)).toEqual([{ text: 'other model' }]);
    const explanation = await cache.explain(first, MODEL);
    expect(explanation.hit).toBe(true);
    expect(explanation.distance).toBeCloseTo(0, 5);
    const info = await cache.info();
    expect(info).toMatchObject({
      engine: run.engine ?? 'vector-set',
      entries: prompts.length + 2,
      dimension: 64,
    });
    operations += 5;

    expect(await cache.clear({ llmString: OTHER_MODEL })).toBe(1);
    expect(await cache.clear({ scope: { tenant: 'a} | @scope:{b' } })).toBe(1);
    expect(await tenant.lookup(first, MODEL)).toBeNull();
    expect(await cache.clear()).toBe(prompts.length);
    expect(await cache.lookup(first, MODEL)).toBeNull();
    await cache.drop();
    expect((await cache.info()).entries).toBe(0);
    operations += 7;
  } finally {
    // Waits for the sliding refreshes written in the background, whose errors count too.
    await cache.close();
  }
  expect(errors).toEqual([]);
  expect(cache.stats()).toMatchObject({ errors: 0 });
  return operations;
}
