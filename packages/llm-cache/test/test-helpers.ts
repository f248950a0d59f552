import type { CacheErrorContext, RedisStoreError } from '@x/redis-core';
import type { RedisTestContext } from '@x/test-utils';
import { RedisCache } from '../src/redis-cache.js';
import type { CacheOptions } from '../src/redis-cache-options.js';

/** The model settings the tests cache under. */
export const LLM = '{"model":"gpt-test","temperature":0}';

/** An `onError` that keeps what it hears. */
export function errorRecorder() {
  const errors: { error: RedisStoreError; context: CacheErrorContext }[] = [];
  const onError = (error: RedisStoreError, context: CacheErrorContext) => {
    errors.push({ error, context });
  };
  return { errors, onError };
}

/** A cache on the test's client and under the test's prefix (removed after the test). */
export function cacheFor(redis: RedisTestContext, options: CacheOptions = {}): RedisCache {
  return new RedisCache({ client: redis.client, prefix: redis.prefix, ...options });
}

/** Every key that starts with `prefix`. */
export async function keysUnder(redis: RedisTestContext, prefix = redis.prefix): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
  return keys.sort();
}

/** The one key under the test's prefix. */
export async function onlyKey(redis: RedisTestContext): Promise<string> {
  const keys = await keysUnder(redis);
  if (keys.length !== 1) throw new Error(`expected one key, found ${keys.length}`);
  return keys[0] ?? '';
}
