import { InvalidArgumentError } from '@x/redis-core';
import { redisTest, spawnRedisServer } from '@x/test-utils';
import { describe, expect, it } from 'vitest';
import { keysUnder, sleep, TableEmbeddings } from '../test/test-helpers.js';
import { embeddingsModelName } from './embeddings-model-name.js';
import { RedisEmbeddingsCache } from './redis-embeddings-cache.js';

const TABLE = { one: [1, 0, 0], two: [0, 1, 0], three: [0.5, 0.25, -0.125] };

describe('RedisEmbeddingsCache', () => {
  redisTest('embeds each text once, in one batch for the texts Redis lacks', async ({ redis }) => {
    const model = new TableEmbeddings(TABLE);
    const cache = new RedisEmbeddingsCache({
      client: redis.client,
      embeddings: model,
      prefix: redis.prefix,
      model: 'm',
    });
    expect(await cache.embedDocuments(['one', 'two', 'one'])).toEqual([
      TABLE.one,
      TABLE.two,
      TABLE.one,
    ]);
    expect(model.calls).toBe(2);
    expect(await cache.embedDocuments(['two', 'three', 'one'])).toEqual([
      TABLE.two,
      TABLE.three,
      TABLE.one,
    ]);
    expect(model.calls).toBe(3);
    expect(await cache.embedDocuments([])).toEqual([]);
    const keys = await keysUnder(redis);
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).toMatch(new RegExp(`^${redis.prefix}:emb:[0-9a-f]{64}$`));
    // FLOAT32 bytes: 4 per dimension.
    expect(await redis.client.strLen(keys[0] as string)).toBe(12);
  });

  redisTest('keeps query and document vectors, and models, apart', async ({ redis }) => {
    const model = new TableEmbeddings(TABLE);
    const options = { client: redis.client, embeddings: model, prefix: redis.prefix };
    const first = new RedisEmbeddingsCache({ ...options, model: 'first' });
    const second = new RedisEmbeddingsCache({ ...options, model: 'second' });
    await first.embedDocuments(['one']);
    expect(await first.embedQuery('one')).toEqual(TABLE.one);
    expect(model.calls).toBe(2);
    expect(await first.embedQuery('one')).toEqual(TABLE.one);
    await second.embedQuery('one');
    expect(model.calls).toBe(3);
    expect(await first.clear()).toBe(3);
    expect(await keysUnder(redis)).toEqual([]);
  });

  redisTest('forgets a vector after ttl seconds', async ({ redis }) => {
    const model = new TableEmbeddings(TABLE);
    const cache = new RedisEmbeddingsCache({
      client: redis.client,
      embeddings: model,
      prefix: redis.prefix,
      ttl: 0.3,
    });
    await cache.embedQuery('one');
    await cache.embedQuery('one');
    expect(model.calls).toBe(1);
    await sleep(400);
    await cache.embedQuery('one');
    expect(model.calls).toBe(2);
  });

  redisTest(
    'asks the model again for a value it cannot read, and reports it',
    async ({ redis }) => {
      const model = new TableEmbeddings(TABLE);
      const errors: Error[] = [];
      const cache = new RedisEmbeddingsCache({
        client: redis.client,
        embeddings: model,
        prefix: redis.prefix,
        onError: (error) => errors.push(error),
      });
      await cache.embedQuery('one');
      const [key] = await keysUnder(redis);
      await redis.client.set(key as string, 'abc');
      expect(await cache.embedQuery('one')).toEqual(TABLE.one);
      expect(errors.map((error) => error.name)).toEqual(['CorruptDataError']);
      expect(await redis.client.strLen(key as string)).toBe(12);
    },
  );

  redisTest('throws what the model throws', async ({ redis }) => {
    const cache = new RedisEmbeddingsCache({
      client: redis.client,
      embeddings: new TableEmbeddings({}),
      prefix: redis.prefix,
    });
    await expect(cache.embedQuery('unknown')).rejects.toThrow('no vector for "unknown"');
  });

  it('embeds with the model when Redis is down, within timeoutMs', async () => {
    const server = await spawnRedisServer();
    const model = new TableEmbeddings(TABLE);
    const errors: Error[] = [];
    const cache = new RedisEmbeddingsCache({
      url: server.url,
      embeddings: model,
      timeoutMs: 200,
      onError: (error) => errors.push(error),
    });
    try {
      await server.kill();
      const started = performance.now();
      expect(await cache.embedDocuments(['one', 'two'])).toEqual([TABLE.one, TABLE.two]);
      expect(performance.now() - started).toBeLessThan(2 * 200 + 250);
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(errors.every((error) => error.name === 'RedisOperationError')).toBe(true);
    } finally {
      await cache.close();
      await server.stop();
    }
  });

  it('names the model from its class, model and dimensions, and checks its options', () => {
    class OpenAIEmbeddings extends TableEmbeddings {
      model = 'text-embedding-3-small';
      dimensions = 256;
    }
    expect(embeddingsModelName(new OpenAIEmbeddings({}))).toBe(
      'OpenAIEmbeddings/text-embedding-3-small/256d',
    );
    expect(embeddingsModelName(new TableEmbeddings({}))).toBe('TableEmbeddings');
    const embeddings = new TableEmbeddings({});
    const url = 'redis://127.0.0.1:1';
    expect(() => new RedisEmbeddingsCache({ url, embeddings: {} as never })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new RedisEmbeddingsCache({ url, embeddings, ttl: -1 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new RedisEmbeddingsCache({ url, embeddings, model: '' })).toThrow(
      InvalidArgumentError,
    );
  });
});
