import { InvalidArgumentError, InvalidKeyError } from '@x/redis-core';
import { describe, expect, it } from 'vitest';
import { RedisCache } from './redis-cache.js';
import type { RedisCacheOptions } from './redis-cache-options.js';

// Nothing here reaches a server: a cache built from a url connects on first use only.
const url = 'redis://127.0.0.1:1';

describe('RedisCache options', () => {
  it.each<[string, RedisCacheOptions]>([
    ['a zero ttl', { url, ttl: 0 }],
    ['a negative ttl', { url, ttl: -5 }],
    ['a ttl that is not a number', { url, ttl: '60' as never }],
    ['an infinite ttl', { url, ttl: Number.POSITIVE_INFINITY }],
    ['an unknown ttlMode', { url, ttl: 5, ttlMode: 'lru' as never }],
    ['a sliding ttlMode without a ttl', { url, ttlMode: 'sliding' }],
    ['a zero timeoutMs', { url, timeoutMs: 0 }],
    ['an onError that is not a function', { url, onError: 'log' as never }],
    ['both client and url', { url, client: {} as never } as never],
    ['neither client nor url', {} as never],
  ])('refuses %s with an InvalidArgumentError', (_what, options) => {
    expect(() => new RedisCache(options)).toThrow(InvalidArgumentError);
  });

  it.each(['', 'has space', 'glob*', 'a::b', '{tag}'])('refuses the prefix %j', (prefix) => {
    expect(() => new RedisCache({ url, prefix })).toThrow(InvalidKeyError);
  });

  it('says what it needs in the message', () => {
    expect(() => new RedisCache({ url, ttlMode: 'sliding' })).toThrow(/needs a `ttl`/);
    expect(() => new RedisCache({ url, ttl: -1 })).toThrow(/positive number of seconds/);
  });

  it('starts with empty stats and hands out copies', () => {
    const cache = new RedisCache({ url });
    const stats = cache.stats();
    expect(stats).toEqual({ hits: 0, misses: 0, errors: 0 });
    stats.hits = 99;
    expect(cache.stats().hits).toBe(0);
  });
});

describe('RedisCache misuse', () => {
  const cache = new RedisCache({ url });

  it('rejects a lookup or update whose prompt or llmString is not a string with a TypeError', async () => {
    await expect(cache.lookup(undefined as never, 'm')).rejects.toThrow(TypeError);
    await expect(cache.lookup('p', 42 as never)).rejects.toThrow(TypeError);
    await expect(cache.update({} as never, 'm', [{ text: 'x' }])).rejects.toThrow(TypeError);
    await expect(cache.update('p', null as never, [{ text: 'x' }])).rejects.toThrow(
      /`llmString` must be a string, got null/,
    );
    await expect(cache.clear({ llmString: 7 as never })).rejects.toThrow(TypeError);
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, errors: 0 });
  });
});
