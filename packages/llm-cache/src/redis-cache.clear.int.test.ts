import { redisTest as test } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { cacheFor, LLM } from '../test/test-helpers.js';

describe('RedisCache.clear', () => {
  test("deletes this cache's entries and leaves every other key alone", async ({ redis }) => {
    const cache = cacheFor(redis);
    const longerPrefix = cacheFor({ ...redis, prefix: `${redis.prefix}:entry` });
    const otherPrefix = cacheFor({ ...redis, prefix: `${redis.prefix}x` });
    for (const each of [cache, longerPrefix, otherPrefix]) {
      await each.update('p1', LLM, [{ text: 'x' }]);
      await each.update('p2', 'other model', [{ text: 'y' }]);
    }
    await redis.client.set(`${redis.prefix}:unrelated`, 'keep me');
    await redis.client.set(`${redis.prefix}:entry:not-ours`, 'keep me too');

    expect(await cache.clear()).toBe(2);
    expect(await cache.lookup('p1', LLM)).toBeNull();
    expect(await cache.lookup('p2', 'other model')).toBeNull();
    for (const each of [longerPrefix, otherPrefix]) {
      expect(await each.lookup('p1', LLM)).not.toBeNull();
      expect(await each.lookup('p2', 'other model')).not.toBeNull();
    }
    expect(await redis.client.get(`${redis.prefix}:unrelated`)).toBe('keep me');
    expect(await redis.client.get(`${redis.prefix}:entry:not-ours`)).toBe('keep me too');
  });

  test('with llmString, deletes the entries of that model only', async ({ redis }) => {
    const cache = cacheFor(redis);
    await cache.update('p1', LLM, [{ text: 'x' }]);
    await cache.update('p2', LLM, [{ text: 'x' }]);
    await cache.update('p1', 'other model', [{ text: 'y' }]);
    expect(await cache.clear({ llmString: LLM })).toBe(2);
    expect(await cache.lookup('p1', LLM)).toBeNull();
    expect(await cache.lookup('p2', LLM)).toBeNull();
    expect(await cache.lookup('p1', 'other model')).not.toBeNull();
  });

  test('works through a batch larger than one SCAN reply', async ({ redis }) => {
    const cache = cacheFor(redis);
    await Promise.all(
      Array.from({ length: 2500 }, (_, index) => cache.update(`p${index}`, LLM, [{ text: 'x' }])),
    );
    expect(await cache.clear()).toBe(2500);
    expect(await cache.lookup('p1', LLM)).toBeNull();
  });
});
