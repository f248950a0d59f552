import { InvalidArgumentError, InvalidKeyError } from '@x/redis-core';
import { describe, expect, it } from 'vitest';
import { TableEmbeddings } from '../test/test-helpers.js';
import { RedisSemanticCache } from './redis-semantic-cache.js';
import { resolveSettings } from './resolve-settings.js';
import type { RedisSemanticCacheOptions } from './semantic-cache-options.js';
import { DEFAULT_VERIFIERS } from './verifiers/index.js';

const embeddings = new TableEmbeddings({});
const url = 'redis://127.0.0.1:1';

describe('resolveSettings', () => {
  it('applies the defaults of the seeds and of the package', () => {
    const settings = resolveSettings({ url, embeddings });
    expect(settings).toMatchObject({
      distanceThreshold: 0.2,
      name: 'llmcache',
      engine: 'auto',
      ttlMs: undefined,
      sliding: false,
      candidates: 4,
      timeoutMs: 2000,
      embeddingsCache: { ttlMs: undefined, model: undefined },
    });
    expect(settings.verifiers).toBe(DEFAULT_VERIFIERS);
    expect(resolveSettings({ url, embeddings, verifiers: [] }).verifiers).toEqual([]);
    expect(
      resolveSettings({ url, embeddings, embeddingsCache: false }).embeddingsCache,
    ).toBeUndefined();
    expect(resolveSettings({ url, embeddings, ttl: 1.5 }).embeddingsCache?.ttlMs).toBe(1500);
  });

  it.each<[string, Partial<RedisSemanticCacheOptions>]>([
    ['no embeddings', { embeddings: undefined }],
    ['a negative threshold', { distanceThreshold: -0.1 }],
    ['a threshold above 2', { distanceThreshold: 2.5 }],
    ['a NaN threshold', { distanceThreshold: Number.NaN }],
    ['a zero ttl', { ttl: 0 }],
    ['an unknown ttlMode', { ttlMode: 'lru' as 'fixed' }],
    ['a sliding ttlMode without ttl', { ttlMode: 'sliding' }],
    ['an unknown engine', { engine: 'faiss' as 'auto' }],
    ['zero candidates', { candidates: 0 }],
    ['a verifier without verify()', { verifiers: [{ name: 'x' } as never] }],
    ['a negative timeout', { timeoutMs: -1 }],
    ['an onError that is not a function', { onError: 'log' as never }],
    ['an invalid scope', { scope: ['acme'] as never }],
  ])('refuses %s', (_, options) => {
    expect(() =>
      resolveSettings({ url, embeddings, ...options } as RedisSemanticCacheOptions),
    ).toThrow(InvalidArgumentError);
  });

  it('refuses a name that is not a key prefix, and both or neither of client and url', () => {
    expect(() => new RedisSemanticCache({ url, embeddings, name: 'a b' })).toThrow(InvalidKeyError);
    // A partition's index name adds 35 characters to the name, and an index name has 128 at most.
    expect(() => new RedisSemanticCache({ url, embeddings, name: 'n'.repeat(94) })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new RedisSemanticCache({ url, embeddings, name: 'n'.repeat(93) })).not.toThrow();
    expect(
      () => new RedisSemanticCache({ embeddings } as unknown as RedisSemanticCacheOptions),
    ).toThrow(InvalidArgumentError);
  });

  it('refuses prompts and model settings that are not strings, before anything is sent', async () => {
    const cache = new RedisSemanticCache({ url, embeddings });
    await expect(cache.lookup(42 as never, 'llm')).rejects.toThrow(TypeError);
    await expect(cache.update('p', undefined as never, [])).rejects.toThrow(TypeError);
    await expect(cache.explain('p', null as never)).rejects.toThrow(TypeError);
    await cache.close();
  });
});
