import { redisTest as test } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { cacheFor, LLM, onlyKey } from '../test/test-helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisCache time to live', () => {
  test('an update may give its entry a ttl of its own', async ({ redis }) => {
    const cache = cacheFor(redis, { ttl: 60 });
    const written = Date.now();
    await cache.update('p', LLM, [{ text: 'x' }], { ttl: 5 });
    const ttl = await redis.client.pTTL(await onlyKey(redis));
    // What is left of 5 s (not of 60) once the time since the write has passed: a busy
    // machine's SCAN, in onlyKey, once took more than a second here.
    expect(ttl).toBeGreaterThanOrEqual(5_000 - (Date.now() - written) - 5);
    expect(ttl).toBeLessThanOrEqual(5_000);
    await expect(cache.update('p', LLM, [{ text: 'x' }], { ttl: 0 })).rejects.toThrow(
      /options\.ttl/,
    );
  });

  test('keeps entries forever when no ttl is given', async ({ redis }) => {
    const cache = cacheFor(redis);
    await cache.update('p', LLM, [{ text: 'x' }]);
    expect(await redis.client.pTTL(await onlyKey(redis))).toBe(-1);
  });

  test('writes the entry and its expiry in one command, and replaces both on update', async ({
    redis,
  }) => {
    const cache = cacheFor(redis, { ttl: 60 });
    // What is left of 60 s once the time since `since` has passed (a busy server's SCAN is slow).
    const left = (since: number) => 60_000 - (Date.now() - since) - 5;
    let written = Date.now();
    await cache.update('p', LLM, [{ text: 'x' }]);
    const key = await onlyKey(redis);
    const ttl = await redis.client.pTTL(key);
    expect(ttl).toBeGreaterThan(left(written));
    expect(ttl).toBeLessThanOrEqual(60_000);
    await redis.client.pExpire(key, 5_000);
    written = Date.now();
    await cache.update('p', LLM, [{ text: 'y' }]);
    expect(await redis.client.pTTL(key)).toBeGreaterThan(left(written));
  });

  test('fixed: a hit does not extend the entry, which expires ttl after the write', async ({
    redis,
  }) => {
    const cache = cacheFor(redis, { ttl: 60, ttlMode: 'fixed' });
    await cache.update('p', LLM, [{ text: 'x' }]);
    const key = await onlyKey(redis);
    await redis.client.pExpire(key, 5_000);
    expect(await cache.lookup('p', LLM)).not.toBeNull();
    expect(await redis.client.pTTL(key)).toBeLessThanOrEqual(5_000);

    const short = cacheFor(redis, { ttl: 1 });
    await short.update('short', LLM, [{ text: 'soon gone' }]);
    await sleep(200);
    expect(await short.lookup('short', LLM)).not.toBeNull();
    await sleep(1300);
    expect(await short.lookup('short', LLM)).toBeNull();
  });

  test('sliding: each hit restarts the ttl in the same round trip', async ({ redis }) => {
    const cache = cacheFor(redis, { ttl: 60, ttlMode: 'sliding' });
    await cache.update('p', LLM, [{ text: 'x' }]);
    const key = await onlyKey(redis);
    await redis.client.pExpire(key, 5_000);
    expect(await cache.lookup('p', LLM)).not.toBeNull();
    expect(await redis.client.pTTL(key)).toBeGreaterThan(59_000);

    const short = cacheFor(redis, { ttl: 1, ttlMode: 'sliding' });
    await short.update('short', LLM, [{ text: 'kept alive' }]);
    // Read every 400 ms for 2 s, twice the ttl: each read keeps it alive.
    for (let read = 0; read < 5; read++) {
      await sleep(400);
      expect(await short.lookup('short', LLM)).not.toBeNull();
    }
    await sleep(1300);
    expect(await short.lookup('short', LLM)).toBeNull();
  });
});
