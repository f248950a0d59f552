import { redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import {
  atDistance,
  cacheFor,
  describeEachEngine,
  errorRecorder,
  keysUnder,
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

  redisTest(
    'entries of partitions nobody touches again leave no key behind once expired',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ prompt: atDistance(0), near: atDistance(0.05) });
      const { errors, onError } = errorRecorder();
      const cache = cacheFor(redis, engine, { embeddings, ttl: 0.4, verifiers: [], onError });
      for (const user of ['ann', 'bob', 'cy']) {
        await cache.withScope({ user }).update('prompt', LLM, [{ text: user }]);
      }
      expect(await keysUnder(redis)).not.toEqual([]);
      // Nobody looks them up: the Query Engine drops expired entries from its index, vector-set
      // partitions expire whole, and the registry forgets them a second later.
      await sleep(1700);
      const left = await keysUnder(redis);
      if (engine === 'vector-set') expect(left).toEqual([]);
      else expect(left.every((key) => !key.includes(':doc:'))).toBe(true);
      // Written again, a partition works as new.
      await cache.withScope({ user: 'ann' }).update('prompt', LLM, [{ text: 'again' }]);
      expect((await cache.withScope({ user: 'ann' }).lookup('near', LLM))?.[0]?.text).toBe('again');
      expect(await cache.withScope({ user: 'bob' }).lookup('near', LLM)).toBeNull();
      expect(errors).toEqual([]);
    },
  );

  redisTest('a sliding hit keeps its partition and its listing alive', async ({ redis }) => {
    const embeddings = new TableEmbeddings({ prompt: atDistance(0), near: atDistance(0.05) });
    const cache = cacheFor(redis, engine, {
      embeddings,
      ttl: 0.6,
      ttlMode: 'sliding',
      verifiers: [],
    });
    const scoped = cache.withScope({ user: 'ann' });
    await scoped.update('prompt', LLM, [{ text: 'cached' }]);
    // Well past the first listing's expiry (0.6 s and a second of slack).
    for (let round = 0; round < 5; round++) {
      await sleep(400);
      expect((await scoped.lookup('near', LLM))?.[0]?.text).toBe('cached');
    }
    // Listed still, so a clear by scope finds it.
    expect(await cache.clear({ scope: { user: 'ann' } })).toBe(1);
  });
});
