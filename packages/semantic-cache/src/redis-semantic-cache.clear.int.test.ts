import { redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import {
  atDistance,
  cacheFor,
  describeEachEngine,
  keysUnder,
  LLM,
  OTHER_LLM,
  TableEmbeddings,
} from '../test/test-helpers.js';

describeEachEngine('RedisSemanticCache clear', (engine) => {
  redisTest('clears one model’s entries, then everything, and keeps working', async ({ redis }) => {
    const embeddings = new TableEmbeddings({ a: atDistance(0), b: atDistance(0.5) });
    const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
    for (const prompt of ['a', 'b']) {
      await cache.update(prompt, LLM, [{ text: `${prompt} for llm` }]);
      await cache.update(prompt, OTHER_LLM, [{ text: `${prompt} for other` }]);
    }
    await cache.withScope({ user: '1' }).update('a', LLM, [{ text: 'scoped' }]);
    expect(await cache.clear({ llmString: OTHER_LLM })).toBe(2);
    expect(await cache.lookup('a', OTHER_LLM)).toBeNull();
    expect((await cache.lookup('a', LLM))?.[0]?.text).toBe('a for llm');
    expect(await cache.clear({ llmString: LLM, scope: { user: '1' } })).toBe(1);
    expect((await cache.lookup('a', LLM))?.[0]?.text).toBe('a for llm');

    expect(await cache.clear()).toBe(2);
    // The embeddings went with the entries; only the index's own keys remain.
    expect((await keysUnder(redis)).filter((key) => key.includes(':emb:'))).toEqual([]);
    expect(await cache.lookup('a', LLM)).toBeNull();
    expect(await cache.info()).toMatchObject({ engine, entries: 0 });
    await cache.update('a', LLM, [{ text: 'again' }]);
    expect((await cache.lookup('a', LLM))?.[0]?.text).toBe('again');
  });

  redisTest(
    'drop() removes the index and every key, and the cache starts over',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({ a: atDistance(0), wide: [1, 0, 0, 0, 0, 0] });
      const cache = cacheFor(redis, engine, { embeddings });
      await cache.update('a', LLM, [{ text: 'x' }]);
      expect(await cache.info()).toMatchObject({ entries: 1, dimension: 4 });
      await cache.drop();
      expect(await keysUnder(redis)).toEqual([]);
      // A model of another dimension can now use the name.
      await cache.update('wide', LLM, [{ text: 'six' }]);
      expect(await cache.info()).toMatchObject({ entries: 1, dimension: 6 });
    },
  );
});
