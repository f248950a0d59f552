import { redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import {
  atDistance,
  cacheFor,
  describeEachEngine,
  errorRecorder,
  LLM,
  sleep,
  TableEmbeddings,
} from '../test/test-helpers.js';

describeEachEngine('RedisSemanticCache ttl', (engine) => {
  redisTest('an entry expires ttl seconds after it was written (fixed)', async ({ redis }) => {
    const embeddings = new TableEmbeddings({ prompt: atDistance(0), near: atDistance(0.05) });
    const cache = cacheFor(redis, engine, { embeddings, ttl: 0.6, verifiers: [] });
    await cache.update('prompt', LLM, [{ text: 'cached' }]);
    await sleep(300);
    expect((await cache.lookup('near', LLM))?.[0]?.text).toBe('cached');
    await sleep(500);
    expect(await cache.lookup('near', LLM)).toBeNull();
    expect(await cache.lookup('prompt', LLM)).toBeNull();
    expect((await cache.explain('near', LLM)).nearestDistance).toBeNull();
  });

  redisTest('a hit gives the entry ttl seconds again (sliding)', async ({ redis }) => {
    const embeddings = new TableEmbeddings({ prompt: atDistance(0), near: atDistance(0.05) });
    const { errors, onError } = errorRecorder();
    const cache = cacheFor(redis, engine, {
      embeddings,
      ttl: 0.8,
      ttlMode: 'sliding',
      verifiers: [],
      onError,
    });
    await cache.update('prompt', LLM, [{ text: 'cached' }]);
    // Served every 0.5 s, it outlives its first 0.8 s by far...
    for (let round = 0; round < 4; round++) {
      await sleep(500);
      expect((await cache.lookup('near', LLM))?.[0]?.text).toBe('cached');
    }
    // ... and once left alone, it expires.
    await sleep(1100);
    expect(await cache.lookup('near', LLM)).toBeNull();
    expect(errors).toEqual([]);
  });

  redisTest('explain() does not extend a sliding entry', async ({ redis }) => {
    const embeddings = new TableEmbeddings({ prompt: atDistance(0) });
    const cache = cacheFor(redis, engine, { embeddings, ttl: 0.6, ttlMode: 'sliding' });
    await cache.update('prompt', LLM, [{ text: 'cached' }]);
    await sleep(400);
    expect((await cache.explain('prompt', LLM)).hit).toBe(true);
    await sleep(400);
    expect(await cache.lookup('prompt', LLM)).toBeNull();
  });
});
